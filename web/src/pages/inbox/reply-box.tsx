import { useQueryClient } from '@tanstack/react-query'
import { Send } from 'lucide-react'
import { useState } from 'react'
import { errorMessage } from '../../api/client'
import { type ConversationDetail, conversationKeys } from '../../api/conversations'
import { useSendMessage } from '../../api/messages'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { newUuid } from '../../ids'
import { MessageEditor } from '../messaging/message-editor'

/** The reply box under a conversation; Ctrl+Enter sends. */
export function ReplyBox({ me, conversation }: { me: Me; conversation: ConversationDetail }) {
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState('')
  // one id per draft: a retry after a network error cannot send it twice
  const [draftId, setDraftId] = useState(newUuid)
  const send = useSendMessage()
  if (!can(me, 'sms.send')) {
    return <p className="reply-disabled">You do not have the permission to send texts.</p>
  }
  const only = conversation.people.length === 1 ? conversation.people[0] : undefined
  const submit = () => {
    const body = draft.trim()
    if (!body || send.isPending) return
    send.mutate(
      {
        id: draftId,
        body,
        ...(only?.mobile === conversation.phone ? { personId: only.id } : { to: conversation.phone }),
      },
      {
        onSuccess: () => {
          setDraft('')
          setDraftId(newUuid())
          void queryClient.invalidateQueries({ queryKey: conversationKeys.messages(conversation.id) })
        },
      },
    )
  }
  return (
    <form
      className="reply-box"
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      {send.error ? <ErrorNote message={errorMessage(send.error)} /> : null}
      <MessageEditor
        value={draft}
        onChange={(value) => {
          setDraft(value)
          if (send.error) send.reset()
        }}
        label="Reply"
        placeholder="Write a reply…  (Ctrl+Enter to send)"
        onSubmit={submit}
        minRows={2}
        maxHeight={200}
        actions={
          <button type="submit" className="button button-primary" disabled={!draft.trim() || send.isPending}>
            <Send size={16} aria-hidden="true" />
            {send.isPending ? 'Sending…' : 'Send'}
          </button>
        }
      />
    </form>
  )
}
