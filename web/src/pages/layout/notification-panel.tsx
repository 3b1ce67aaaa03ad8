import { AlertTriangle, BellOff, MessageSquare, X } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { errorMessage } from '../../api/client'
import { useClearNotifications, useNotifications } from '../../api/notifications'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, Spinner } from '../../components/misc'
import { formatListTime, formatPhonesIn } from '../../format'
import { navigate } from '../../router'

/** The alert manager: replies and failures stay here until cleared, one by one or all at once. */
export function NotificationPanel({ onClose }: { onClose: () => void }) {
  const { data, isLoading, error } = useNotifications()
  const clear = useClearNotifications()
  const panel = useRef<HTMLElement>(null)
  useEffect(() => {
    panel.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  const items = data?.items ?? []
  return (
    <>
      <button
        type="button"
        className="scrim"
        aria-label="Close notifications"
        tabIndex={-1}
        onClick={onClose}
      />
      <aside
        ref={panel}
        className="side-panel"
        aria-label="Notifications"
        tabIndex={-1}
        data-testid="notification-panel"
      >
        <header className="side-panel-header">
          <h2>Notifications</h2>
          <div className="side-panel-actions">
            {items.length > 0 ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => clear.mutate({ all: true })}
              >
                Clear all
              </button>
            ) : null}
            <button type="button" className="icon-button" aria-label="Close notifications" onClick={onClose}>
              <X size={18} aria-hidden="true" />
            </button>
          </div>
        </header>
        {isLoading ? <Spinner /> : null}
        {error ? <ErrorNote message={errorMessage(error)} /> : null}
        {clear.error ? <ErrorNote message={errorMessage(clear.error)} /> : null}
        {!isLoading && items.length === 0 ? (
          <EmptyState icon={BellOff} title="You are all caught up">
            Replies and failed sends appear here until you clear them.
          </EmptyState>
        ) : (
          <ul className="notification-list">
            {items.map((n) => {
              const failed = n.type === 'message.failed' || n.type === 'messages.unknown'
              const Icon = failed ? AlertTriangle : MessageSquare
              // several texts of one incident: their list, the Failed view
              const target =
                n.type === 'messages.unknown'
                  ? '/messages/failed'
                  : n.conversationId
                    ? `/inbox/${encodeURIComponent(n.conversationId)}`
                    : null
              return (
                <li key={n.id} className={`notification${failed ? ' is-failure' : ''}`}>
                  <button
                    type="button"
                    className="notification-main"
                    disabled={!target}
                    onClick={() => {
                      if (!target) return
                      navigate(target)
                      onClose()
                    }}
                  >
                    <Icon size={16} aria-hidden="true" className="notification-icon" />
                    <span className="notification-text">
                      <span className="notification-title">
                        <strong>{formatPhonesIn(n.title)}</strong>
                        <time dateTime={n.createdAt}>{formatListTime(n.createdAt)}</time>
                      </span>
                      <span className="notification-body">{n.body}</span>
                    </span>
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Clear “${n.title}”`}
                    onClick={() => clear.mutate({ ids: [n.id] })}
                  >
                    <X size={16} aria-hidden="true" />
                  </button>
                </li>
              )
            })}
          </ul>
        )}
      </aside>
    </>
  )
}
