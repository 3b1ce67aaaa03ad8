import { MessagesSquare, PenSquare } from 'lucide-react'
import { useCallback, useState } from 'react'
import type { ConversationFilter } from '../../api/conversations'
import { can, type Me } from '../../api/session'
import { EmptyState } from '../../components/misc'
import { Link } from '../../router'
import { ConversationList } from './conversation-list'
import { ConversationThread } from './conversation-thread'

const wide = () => window.matchMedia('(min-width: 1200px)').matches

/** The shared inbox (seed 001): conversations, the selected history, the record card. */
export function InboxPage({ me, conversationId }: { me: Me; conversationId: string | null }) {
  const [filter, setFilter] = useState<ConversationFilter>({ scope: 'shared' })
  const [showCard, setShowCard] = useState(wide)
  const onFilterChange = useCallback((next: ConversationFilter) => setFilter(next), [])
  return (
    <div className={`inbox${conversationId ? ' has-selection' : ''}`}>
      <ConversationList filter={filter} onFilterChange={onFilterChange} selectedId={conversationId} />
      {conversationId ? (
        <ConversationThread
          key={conversationId}
          me={me}
          conversationId={conversationId}
          showCard={showCard}
          onToggleCard={() => setShowCard((v) => !v)}
        />
      ) : (
        <div className="inbox-placeholder">
          <EmptyState icon={MessagesSquare} title="Pick a conversation">
            Replies arrive here as they come in.
            {can(me, 'sms.send') ? (
              <p>
                <Link to="/compose" className="button button-primary">
                  <PenSquare size={16} aria-hidden="true" /> New message
                </Link>
              </p>
            ) : null}
          </EmptyState>
        </div>
      )}
    </div>
  )
}
