import { RotateCcw, XCircle } from 'lucide-react'
import type { ReactNode } from 'react'
import type { Message } from '../../api/messages'
import { formatDay, formatTime, isSameDay } from '../../format'
import { isFailure, MessageStatus } from './message-status'

interface BubbleProps {
  message: Message
  /** Parley's side (outgoing on the right) or the phone's (the simulator: incoming on the right). */
  perspective?: 'parley' | 'phone'
  senderName?: string | null
  onResend?: (message: Message) => void
  onCancel?: (message: Message) => void
}

export function MessageBubble({
  message,
  perspective = 'parley',
  senderName,
  onResend,
  onCancel,
}: BubbleProps) {
  const outbound = message.direction === 'outbound'
  const mine = perspective === 'parley' ? outbound : !outbound
  const failed = outbound && isFailure(message.status)
  return (
    <li
      className={`bubble-row ${mine ? 'is-mine' : 'is-theirs'}`}
      data-testid="bubble"
      data-direction={message.direction}
      data-message-id={message.id}
    >
      <div
        className={`bubble${failed ? ' is-failed' : ''}${message.status === 'scheduled' ? ' is-scheduled' : ''}`}
      >
        {message.subject ? <strong className="bubble-subject">{message.subject}</strong> : null}
        <p className="bubble-text">{message.body}</p>
      </div>
      <div className="bubble-meta">
        <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
        {outbound && perspective === 'parley' && senderName ? <span>{senderName}</span> : null}
        {outbound && perspective === 'parley' ? <MessageStatus message={message} compact /> : null}
        {failed && onResend ? (
          <button type="button" className="link-button" onClick={() => onResend(message)}>
            <RotateCcw size={12} aria-hidden="true" /> Resend
          </button>
        ) : null}
        {message.status === 'scheduled' && onCancel ? (
          <button type="button" className="link-button" onClick={() => onCancel(message)}>
            <XCircle size={12} aria-hidden="true" /> Cancel
          </button>
        ) : null}
      </div>
    </li>
  )
}

/** Messages oldest first, with a line where the day changes. */
export function BubbleList(
  props: Omit<BubbleProps, 'message' | 'senderName'> & {
    messages: Message[]
    senderNameOf?: (message: Message) => string | null
  },
) {
  const { messages, senderNameOf, ...rest } = props
  return (
    <ol className="bubble-list">
      {messages.map((message, index) => {
        const previous = messages[index - 1]
        const newDay = !previous || !isSameDay(previous.createdAt, message.createdAt)
        return (
          <MessageGroup key={message.id} newDay={newDay} message={message}>
            <MessageBubble message={message} senderName={senderNameOf?.(message) ?? null} {...rest} />
          </MessageGroup>
        )
      })}
    </ol>
  )
}

function MessageGroup({
  newDay,
  message,
  children,
}: {
  newDay: boolean
  message: Message
  children: ReactNode
}) {
  return (
    <>
      {newDay ? (
        <li className="day-separator">
          <span>{formatDay(message.createdAt)}</span>
        </li>
      ) : null}
      {children}
    </>
  )
}
