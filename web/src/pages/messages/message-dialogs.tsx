import { Forward, Reply } from 'lucide-react'
import { useState } from 'react'
import { errorMessage } from '../../api/client'
import { type Message, useForwardMessage, useReplyToMessages } from '../../api/messages'
import { Dialog, ErrorNote } from '../../components/dialog'
import { showToast } from '../../components/toast'
import { plural } from '../../format'
import { MessageEditor } from '../messaging/message-editor'
import { type Recipient, RecipientPicker } from '../messaging/recipient-picker'

/** One reply per distinct sender of the selected messages (seed 002). */
export function ReplyDialog({
  messages,
  counterpart,
  onClose,
}: {
  messages: Message[]
  counterpart: (m: Message) => string
  onClose: () => void
}) {
  const [body, setBody] = useState('')
  const reply = useReplyToMessages()
  const names = [...new Set(messages.map(counterpart))]
  const submit = () => {
    if (!body.trim()) return
    reply.mutate(
      { messageIds: messages.map((m) => m.id), body: body.trim() },
      {
        onSuccess: (result) => {
          showToast({ tone: 'success', title: `Sent ${plural(result.items.length, 'reply', 'replies')}` })
          onClose()
        },
      },
    )
  }
  return (
    <Dialog
      title={names.length === 1 ? `Reply to ${names[0]}` : `Reply to ${names.length} people`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={submit}
            disabled={!body.trim() || reply.isPending}
          >
            <Reply size={16} aria-hidden="true" /> {reply.isPending ? 'Sending…' : 'Send reply'}
          </button>
        </>
      }
    >
      {names.length > 1 ? <p className="muted">{names.join(', ')}</p> : null}
      <MessageEditor value={body} onChange={setBody} label="Reply" showLabel onSubmit={submit} autoFocus />
      {reply.error ? <ErrorNote message={errorMessage(reply.error)} /> : null}
    </Dialog>
  )
}

/** Forward one message, its text editable, to people and/or numbers. */
export function ForwardDialog({
  message,
  allowGroups,
  onClose,
}: {
  message: Message
  allowGroups: boolean
  onClose: () => void
}) {
  const [body, setBody] = useState(message.body)
  const [recipients, setRecipients] = useState<Recipient[]>([])
  const forward = useForwardMessage()
  const [problem, setProblem] = useState<string | null>(null)
  const submit = () => {
    const personIds = recipients.flatMap((r) => (r.kind === 'person' ? [r.person.id] : []))
    const numbers = recipients.flatMap((r) => (r.kind === 'number' ? [r.number] : []))
    if (recipients.length === 0) return setProblem('Add at least one person or number to forward to.')
    setProblem(null)
    forward.mutate(
      { messageId: message.id, ...(body !== message.body ? { body } : {}), personIds, numbers },
      {
        onSuccess: (result) => {
          showToast({ tone: 'success', title: `Forwarded to ${plural(result.items.length, 'recipient')}` })
          onClose()
        },
      },
    )
  }
  return (
    <Dialog
      title="Forward message"
      onClose={onClose}
      size="large"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={submit}
            disabled={!body.trim() || forward.isPending}
          >
            <Forward size={16} aria-hidden="true" /> {forward.isPending ? 'Forwarding…' : 'Forward'}
          </button>
        </>
      }
    >
      <RecipientPicker recipients={recipients} onChange={setRecipients} allowGroups={allowGroups} />
      <MessageEditor value={body} onChange={setBody} label="Text to forward" showLabel minRows={4} />
      {problem ? <ErrorNote message={problem} /> : null}
      {forward.error ? <ErrorNote message={errorMessage(forward.error)} /> : null}
    </Dialog>
  )
}
