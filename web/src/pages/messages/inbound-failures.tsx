import { RotateCcw } from 'lucide-react'
import { errorMessage } from '../../api/client'
import { useInboundFailures, useRetryInboundFailure } from '../../api/inbound-failures'
import { ErrorNote } from '../../components/dialog'
import { showToast } from '../../components/toast'
import { formatDateTime, formatPhone, plural } from '../../format'

/**
 * Received texts that could not be put in their conversations yet, above the Failed view: each with
 * its reason and when it is tried again by itself, and a button to try now. Shown only when there
 * are some, to those who manage connections.
 */
export function InboundFailures() {
  const query = useInboundFailures()
  const retry = useRetryInboundFailure()
  const items = query.data?.items ?? []
  if (query.error) return <ErrorNote message={errorMessage(query.error)} />
  if (items.length === 0) return null
  const tryAgain = (id: string) =>
    retry.mutate(id, {
      onSuccess: (result) =>
        showToast(
          result.stored
            ? { tone: 'success', title: 'Stored: the text is in its conversation' }
            : { tone: 'error', title: 'Still not stored', body: result.lastError ?? undefined },
        ),
    })
  return (
    <section className="card inbound-failures" aria-labelledby="inbound-failures-title">
      <h2 id="inbound-failures-title">
        {plural(items.length, 'received text')} not stored yet{query.data?.nextCursor ? ' (and more)' : ''}
      </h2>
      <p className="field-help">
        Parley answered the provider, so nothing is lost: each is kept with its reason and tried again by
        itself.
      </p>
      <ul className="inbound-failure-list">
        {items.map((f) => (
          <li key={f.id} className="inbound-failure">
            <div className="inbound-failure-text">
              <strong>{formatPhone(f.from)}</strong>
              <span className="muted">
                {' '}
                to {formatPhone(f.to)}
                {f.connectionName ? ` via ${f.connectionName}` : ''}, received {formatDateTime(f.receivedAt)}
              </span>
              <p className="inbound-failure-body">{f.body}</p>
              <p className="error-note">
                {f.lastError ?? 'Failed'} ({plural(f.attempts, 'try', 'tries')}; next by itself{' '}
                {formatDateTime(f.nextAttemptAt)})
              </p>
            </div>
            <button
              type="button"
              className="button button-small"
              disabled={retry.isPending && retry.variables === f.id}
              onClick={() => tryAgain(f.id)}
            >
              <RotateCcw size={14} aria-hidden="true" /> Try again now
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
