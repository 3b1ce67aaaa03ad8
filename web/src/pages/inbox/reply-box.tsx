import { useQueryClient } from '@tanstack/react-query'
import { Send } from 'lucide-react'
import { useState } from 'react'
import { errorMessage } from '../../api/client'
import { useConnections } from '../../api/connections'
import { type ConversationDetail, conversationKeys } from '../../api/conversations'
import { useReplyInConversation } from '../../api/messages'
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
  // '' = from the number the person texted (conversation.replyFrom), as the server decides
  const [connectionId, setConnectionId] = useState('')
  const send = useReplyInConversation(conversation.id)
  const connections = useConnections()
  if (!can(me, 'sms.send')) {
    return <p className="reply-disabled">You do not have the permission to send texts.</p>
  }
  const others = (connections.data?.items ?? []).filter((c) => c.id !== conversation.replyFrom?.connectionId)
  const submit = () => {
    const body = draft.trim()
    if (!body || send.isPending) return
    send.mutate(
      { id: draftId, body, ...(connectionId ? { connectionId } : {}) },
      {
        onSuccess: () => {
          setDraft('')
          setDraftId(newUuid())
          setConnectionId('')
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
      <label className="reply-from">
        <span>From</span>
        <select
          value={connectionId}
          onChange={(event) => setConnectionId(event.target.value)}
          aria-label="Reply from"
          data-testid="reply-from"
        >
          <option value="">
            {conversation.replyFrom
              ? `${conversation.replyFrom.number} (${conversation.replyFrom.connectionName}), the number they texted`
              : 'The usual connection (routing rules, else the default)'}
          </option>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {c.sender} ({c.name})
            </option>
          ))}
        </select>
      </label>
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
