import { AlertTriangle, CheckCircle2 } from 'lucide-react'
import type { Message } from '../../api/messages'
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
