import { errorMessage } from '../../api/client'
import { type Message, useCancelMessage } from '../../api/messages'
import { ConfirmDialog } from '../../components/dialog'
import { showToast } from '../../components/toast'
import { formatDateTime } from '../../format'

/** Asks before calling off a scheduled text, then says it was cancelled (or why not). */
export function CancelScheduledDialog({
  message,
  recipient,
  onClose,
}: {
  message: Message
  recipient: string
  onClose: () => void
}) {
  const cancel = useCancelMessage()
  const when = message.sendAt ? ` for ${formatDateTime(message.sendAt)}` : ''
  return (
    <ConfirmDialog
      title="Cancel this scheduled text?"
      message={`The text to ${recipient} scheduled${when} will not be sent, and its credits are given back.`}
      confirmLabel="Cancel the text"
      tone="danger"
      busy={cancel.isPending}
      error={cancel.error ? errorMessage(cancel.error) : null}
      onConfirm={() =>
        cancel.mutate(message.id, {
          onSuccess: () => {
            showToast({ tone: 'success', title: `Cancelled: the text to ${recipient} will not be sent` })
            onClose()
          },
        })
      }
      onCancel={onClose}
    />
  )
}
