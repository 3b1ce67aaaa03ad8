import { useQueries } from '@tanstack/react-query'
import { AlertTriangle, CheckCircle2 } from 'lucide-react'
import { useState } from 'react'
import type { BulkSendReply } from '../../api/campaigns'
import { api } from '../../api/client'
import { type Message, messageKeys } from '../../api/messages'
import { formatDateTime, plural } from '../../format'
import { Link } from '../../router'
import { CancelScheduledDialog } from '../messaging/cancel-scheduled'
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

/**
 * One line per recipient: sent (or scheduled) with a link to the conversation, or why it was refused.
 * Each text's status follows the server (the event stream refetches it), so "Queued" turns "Delivered".
 */
export function SendResults({ results }: { results: SendResult[] }) {
  const live = useQueries({
    queries: results.map((r) => ({
      queryKey: r.message ? messageKeys.one(r.message.id) : ['messages', 'none', r.key],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<Message>(`/api/v1/messages/${encodeURIComponent(r.message?.id ?? '')}`, { signal }),
      enabled: Boolean(r.message),
      ...(r.message ? { initialData: r.message } : {}),
      staleTime: 0,
    })),
  })
  const [cancelling, setCancelling] = useState<{ message: Message; label: string } | null>(null)
  const rows = results.map((r, index) => ({ ...r, message: live[index]?.data ?? r.message }))
  const failed = rows.filter((r) => r.error)
  const sent = rows.filter((r) => r.message)
  const scheduled = sent.filter((r) => r.message?.status === 'scheduled')
  const who = sent.length === 1 ? sent[0]?.label : `${sent.length} recipients`
  const firstSendAt = scheduled[0]?.message?.sendAt
  const heading =
    failed.length > 0
      ? `${rows.length - failed.length} of ${rows.length} sent`
      : scheduled.length === sent.length && firstSendAt
        ? `Scheduled for ${formatDateTime(firstSendAt)} to ${who}`
        : sent.length > 0 && sent.every((r) => r.message?.status === 'cancelled')
          ? `Cancelled: not sent to ${who}`
          : `Sent to ${who}`
  return (
    <section className="send-results" aria-label="Sending results" data-testid="send-results">
      <h2>{heading}</h2>
      <ul>
        {rows.map((r) => (
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
                <span data-testid="send-result-status" data-status={r.message.status}>
                  {statusLabel(r.message.status)}
                </span>
                {r.message.conversationId ? (
                  <>
                    {' · '}
                    <Link to={`/inbox/${encodeURIComponent(r.message.conversationId)}`}>
                      Open conversation
                    </Link>
                  </>
                ) : null}
                {r.message.status === 'scheduled' ? (
                  <>
                    {' · '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => r.message && setCancelling({ message: r.message, label: r.label })}
                    >
                      Cancel this text
                    </button>
                  </>
                ) : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {cancelling ? (
        <CancelScheduledDialog
          message={cancelling.message}
          recipient={cancelling.label}
          onClose={() => setCancelling(null)}
        />
      ) : null}
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
