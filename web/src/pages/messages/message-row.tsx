import { ArrowDownLeft, ArrowUpRight, Forward, Reply, RotateCcw, Trash2, Undo2, XCircle } from 'lucide-react'
import type { Message } from '../../api/messages'
import { formatDateTime, formatListTime, plural } from '../../format'
import { Link } from '../../router'
import { MessageStatus } from '../messaging/message-status'

export interface RowActions {
  onReply?: (m: Message) => void
  onForward?: (m: Message) => void
  onDelete?: (m: Message) => void
  onRestore?: (m: Message) => void
  onResend?: (m: Message) => void
  onCancel?: (m: Message) => void
}

interface RowProps extends RowActions {
  message: Message
  counterpart: string
  selected: boolean
  expanded: boolean
  onSelect: (selected: boolean) => void
  onExpand: () => void
}

export function MessageRow(props: RowProps) {
  const { message, counterpart, selected, expanded } = props
  const inbound = message.direction === 'inbound'
  const Direction = inbound ? ArrowDownLeft : ArrowUpRight
  const detailsId = `message-${message.id}`
  return (
    <li
      className={`message-row${selected ? ' is-selected' : ''}${expanded ? ' is-expanded' : ''}`}
      data-testid="message-row"
      data-message-id={message.id}
    >
      <div className="message-row-line">
        <input
          type="checkbox"
          checked={selected}
          onChange={(event) => props.onSelect(event.target.checked)}
          aria-label={`Select the message ${inbound ? 'from' : 'to'} ${counterpart}`}
        />
        <button
          type="button"
          className="message-row-main"
          aria-expanded={expanded}
          aria-controls={detailsId}
          onClick={props.onExpand}
        >
          <Direction
            size={16}
            aria-label={inbound ? 'Received' : 'Sent'}
            className={`direction direction-${message.direction}`}
          />
          <span className="message-row-who">{counterpart}</span>
          <span className="message-row-body">{message.body}</span>
          {inbound ? (
            <span className="row-status" />
          ) : (
            <span className="row-status">
              <MessageStatus message={message} compact />
              {message.resentAsId ? <span className="badge badge-quiet">resent</span> : null}
              {message.resentFromId ? <span className="badge badge-quiet">resend</span> : null}
            </span>
          )}
          <time dateTime={message.createdAt} className="message-row-time">
            {formatListTime(message.createdAt)}
          </time>
        </button>
      </div>
      {expanded ? (
        <div id={detailsId} className="message-details">
          <p className="message-details-body">{message.body}</p>
          <dl className="facts">
            <div>
              <dt>{inbound ? 'From' : 'To'}</dt>
              <dd>
                {counterpart}
                {message.conversationId ? (
                  <>
                    {' · '}
                    <Link to={`/inbox/${encodeURIComponent(message.conversationId)}`}>Open conversation</Link>
                  </>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <MessageStatus message={message} />
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDateTime(message.createdAt)}</dd>
            </div>
            {message.resentAsId ? (
              <div>
                <dt>Resent</dt>
                <dd data-testid="resent-as">As a new text, which stands for this one in the views</dd>
              </div>
            ) : null}
            {message.resentFromId ? (
              <div>
                <dt>Resend of</dt>
                <dd data-testid="resend-of">A failed text, kept in All with its reason</dd>
              </div>
            ) : null}
            {message.deliveredAt ? (
              <div>
                <dt>Delivered</dt>
                <dd>{formatDateTime(message.deliveredAt)}</dd>
              </div>
            ) : null}
            <div>
              <dt>Size</dt>
              <dd>
                {plural(message.segments, 'segment')}, {message.encoding}, {plural(message.credits, 'credit')}
              </dd>
            </div>
          </dl>
          <div className="message-details-actions">
            {props.onReply ? (
              <button type="button" className="button button-small" onClick={() => props.onReply?.(message)}>
                <Reply size={14} aria-hidden="true" /> Reply
              </button>
            ) : null}
            {props.onForward ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => props.onForward?.(message)}
              >
                <Forward size={14} aria-hidden="true" /> Forward
              </button>
            ) : null}
            {props.onResend ? (
              <button type="button" className="button button-small" onClick={() => props.onResend?.(message)}>
                <RotateCcw size={14} aria-hidden="true" /> Resend
              </button>
            ) : null}
            {props.onCancel && message.status === 'scheduled' ? (
              <button type="button" className="button button-small" onClick={() => props.onCancel?.(message)}>
                <XCircle size={14} aria-hidden="true" /> Cancel sending
              </button>
            ) : null}
            {props.onRestore ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => props.onRestore?.(message)}
              >
                <Undo2 size={14} aria-hidden="true" /> Restore
              </button>
            ) : null}
            {props.onDelete ? (
              <button
                type="button"
                className="button button-small button-danger-quiet"
                onClick={() => props.onDelete?.(message)}
              >
                <Trash2 size={14} aria-hidden="true" /> Delete
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
    </li>
  )
}
