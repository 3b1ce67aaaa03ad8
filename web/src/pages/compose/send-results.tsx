import { AlertTriangle, CheckCircle2 } from 'lucide-react'
import type { BulkSendReply } from '../../api/campaigns'
import type { Message } from '../../api/messages'
import { plural } from '../../format'
import { Link } from '../../router'
import { statusLabel } from '../messaging/message-status'

export interface SendResult {
  key: string
  label: string
  message?: Message
  error?: { code: string; message: string }
}

const EXPLAIN: Record<string, string> = {
  RECIPIENT_OPTED_OUT: 'Opted out',
  RECIPIENT_NO_MOBILE: 'No mobile number',
  RECIPIENT_NOT_MOBILE: 'Not a mobile',
  CREDITS_INSUFFICIENT: 'Not enough credits',
  PERMISSION_DENIED: 'Not allowed',
}

/** One line per recipient: sent (or scheduled) with a link to the conversation, or why it was refused. */
export function SendResults({ results }: { results: SendResult[] }) {
  const failed = results.filter((r) => r.error)
  return (
    <section className="send-results" aria-label="Sending results" data-testid="send-results">
      <h2>
        {failed.length === 0
          ? `Sent to ${results.length === 1 ? results[0]?.label : `${results.length} recipients`}`
          : `${results.length - failed.length} of ${results.length} sent`}
      </h2>
      <ul>
        {results.map((r) => (
          <li key={r.key} className={r.error ? 'is-error' : 'is-ok'}>
            {r.error ? (
              <AlertTriangle size={16} aria-hidden="true" />
            ) : (
              <CheckCircle2 size={16} aria-hidden="true" />
            )}
            <span className="send-result-who">{r.label}</span>
            {r.error ? (
              <span className="send-result-why" role="alert">
                <strong>{EXPLAIN[r.error.code] ?? 'Refused'}:</strong> {r.error.message}
              </span>
            ) : r.message ? (
              <span className="send-result-why">
                {statusLabel(r.message.status)}
                {r.message.conversationId ? (
                  <>
                    {' · '}
                    <Link to={`/inbox/${encodeURIComponent(r.message.conversationId)}`}>
                      Open conversation
                    </Link>
                  </>
                ) : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

const SKIP_LABEL: Record<string, string> = {
  opted_out: 'Opted out',
  no_mobile: 'No mobile number',
  not_mobile: 'Not a mobile',
  invalid_number: 'Not a valid number',
  duplicate: 'Named twice',
  missing_field: 'Empty merge field',
  not_found: 'Not found',
}

/** A bulk send: how many texts went (or were scheduled), and everyone skipped with the reason. */
export function BulkResults({ result }: { result: BulkSendReply }) {
  const verb = result.status === 'scheduled' ? 'Scheduled' : 'Sent'
  return (
    <section className="send-results" aria-label="Sending results" data-testid="bulk-results">
      <h2>
        {verb} to {plural(result.recipients, 'recipient')} · {plural(result.skipped, 'skipped', 'skipped')}
      </h2>
      <p className="muted">
        One bulk send for {plural(result.credits, 'credit')}.{' '}
        <Link to={`/mailshots/${encodeURIComponent(result.id)}`}>Follow its progress</Link>
      </p>
      {result.skippedRecipients.length ? (
        <ul>
          {result.skippedRecipients.map((s) => (
            <li key={`${s.reason}:${s.personId ?? s.to}:${s.detail}`} className="is-error">
              <AlertTriangle size={16} aria-hidden="true" />
              <span className="send-result-why">
                <strong>{SKIP_LABEL[s.reason] ?? 'Skipped'}:</strong> {s.detail}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
