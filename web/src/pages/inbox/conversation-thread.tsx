import { ArrowLeft, Info, MessageSquareDashed } from 'lucide-react'
import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react'
import { errorMessage } from '../../api/client'
import {
  flattenHistory,
  useConversation,
  useConversationMessages,
  useMarkConversationRead,
} from '../../api/conversations'
import { useMessageAction } from '../../api/messages'
import { useUsers } from '../../api/organization'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, Spinner } from '../../components/misc'
import { showToast } from '../../components/toast'
import { formatPhone } from '../../format'
import { Link } from '../../router'
import { BubbleList } from '../messaging/message-bubble'
import { RecordCard } from './record-card'
import { ReplyBox } from './reply-box'

function useStickToBottom(
  scroller: RefObject<HTMLDivElement | null>,
  firstId: string | undefined,
  lastId: string | undefined,
) {
  const previous = useRef<{ firstId?: string; lastId?: string; height: number; top: number }>({
    height: 0,
    top: 0,
  })
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    const before = previous.current
    const nearBottom = before.height - before.top - element.clientHeight < 120
    if (before.firstId !== firstId && before.lastId === lastId && before.height > 0) {
      // older messages were added above: keep what the reader was looking at in place
      element.scrollTop = element.scrollHeight - before.height + before.top
    } else if (before.lastId !== lastId && (nearBottom || before.lastId === undefined)) {
      element.scrollTop = element.scrollHeight
    }
    previous.current = { firstId, lastId, height: element.scrollHeight, top: element.scrollTop }
  })
  return () => {
    const element = scroller.current
    if (element)
      previous.current = { ...previous.current, height: element.scrollHeight, top: element.scrollTop }
  }
}

export function ConversationThread({
  me,
  conversationId,
  showCard,
  onToggleCard,
}: {
  me: Me
  conversationId: string
  showCard: boolean
  onToggleCard: () => void
}) {
  const detail = useConversation(conversationId)
  const history = useConversationMessages(conversationId)
  const users = useUsers()
  const markRead = useMarkConversationRead()
  const resend = useMessageAction('resend')
  const scroller = useRef<HTMLDivElement>(null)
  const messages = flattenHistory(history.data)
  const remember = useStickToBottom(scroller, messages[0]?.id, messages.at(-1)?.id)

  const unread = detail.data?.unreadCount ?? 0
  const { mutate: markAsRead } = markRead
  useEffect(() => {
    if (unread > 0) markAsRead(conversationId)
  }, [unread, conversationId, markAsRead])

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history
  const onScroll = () => {
    remember()
    const element = scroller.current
    if (element && element.scrollTop < 80 && hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }

  if (detail.error) return <ErrorNote message={errorMessage(detail.error)} />
  const conversation = detail.data
  const person = conversation?.people[0]
  const title = conversation
    ? conversation.people.length === 1 && person
      ? person.name
      : formatPhone(conversation.phone)
    : ''
  const nameOfUser = (id: string | null) =>
    id ? (users.data?.items.find((u) => u.id === id)?.name ?? null) : null

  return (
    <div className={`thread-layout${showCard ? ' with-card' : ''}`}>
      <section className="thread" aria-label={title ? `Conversation with ${title}` : 'Conversation'}>
        <header className="thread-header">
          <Link to="/inbox" className="icon-button back-button" aria-label="Back to conversations">
            <ArrowLeft size={20} aria-hidden="true" />
          </Link>
          <div className="thread-title">
            {/* the page's heading: focus lands here when a conversation opens (see app-shell.tsx) */}
            <h1 tabIndex={-1}>{title || '…'}</h1>
            {conversation ? (
              <span className="thread-subtitle">
                {formatPhone(conversation.phone)}
                {conversation.sharedNumber ? ` · ${conversation.people.length} people share this number` : ''}
              </span>
            ) : null}
          </div>
          <button
            type="button"
            className={`icon-button card-toggle${showCard ? ' is-active' : ''}`}
            aria-label={showCard ? 'Hide record card' : 'Show record card'}
            aria-pressed={showCard}
            onClick={onToggleCard}
          >
            <Info size={20} aria-hidden="true" />
          </button>
        </header>
        <div ref={scroller} className="thread-scroll" onScroll={onScroll} data-testid="thread">
          {hasNextPage ? (
            <div className="centered small">
              <button
                type="button"
                className="link-button"
                onClick={() => void fetchNextPage()}
                disabled={isFetchingNextPage}
              >
                {isFetchingNextPage ? 'Loading…' : 'Load earlier messages'}
              </button>
            </div>
          ) : null}
          {history.isLoading ? (
            <div className="centered">
              <Spinner label="Loading messages" />
            </div>
          ) : messages.length === 0 ? (
            <EmptyState icon={MessageSquareDashed} title="No messages yet" />
          ) : (
            <BubbleList
              messages={messages}
              senderNameOf={(m) =>
                m.senderUserId && m.senderUserId !== me.user.id ? nameOfUser(m.senderUserId) : null
              }
              onResend={
                can(me, 'sms.send')
                  ? (m) =>
                      resend.mutate([m.id], {
                        onSuccess: () =>
                          showToast({ tone: 'success', title: 'Queued again', body: m.body.slice(0, 80) }),
                        onError: (error) =>
                          showToast({ tone: 'error', title: 'Could not resend', body: errorMessage(error) }),
                      })
                  : undefined
              }
            />
          )}
        </div>
        {conversation ? <ReplyBox key={conversation.id} me={me} conversation={conversation} /> : null}
      </section>
      {showCard && conversation ? <RecordCard conversation={conversation} onClose={onToggleCard} /> : null}
    </div>
  )
}
