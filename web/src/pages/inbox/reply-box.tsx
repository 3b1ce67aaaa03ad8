import { useQueryClient } from '@tanstack/react-query'
import { Ban, Send } from 'lucide-react'
import { useState } from 'react'
import { errorMessage } from '../../api/client'
import { useConnections } from '../../api/connections'
import { type ConversationDetail, conversationKeys } from '../../api/conversations'
import { useReplyInConversation } from '../../api/messages'
import { type OptOutCheck, useOptOutChecks } from '../../api/opt-outs'
import { can, type Me } from '../../api/session'
import { ErrorNote } from '../../components/dialog'
import { formatDateTime, formatPhone } from '../../format'
import { newUuid } from '../../ids'
import { MessageEditor } from '../messaging/message-editor'
import { loadDraft, saveDraft } from './reply-drafts'

/** A phone or a touch screen has no Ctrl+Enter to offer: the hint is for keyboards only. */
const hasKeyboardHint = () => !window.matchMedia('(pointer: coarse), (max-width: 800px)').matches

function optOutWords(conversation: ConversationDetail, check: OptOutCheck): string {
  const who =
    conversation.people.length === 1 ? conversation.people[0]?.name : formatPhone(conversation.phone)
  const since = check.since ? ` since ${formatDateTime(check.since)}` : ''
  const keyword = check.history.find((h) => h.action === 'opt_out')?.keyword
  return `${who} has opted out of texts${since}${keyword ? ` (replied ${keyword})` : ''}: a reply will not be sent.`
}

/** The reply box under a conversation; Ctrl+Enter sends. */
export function ReplyBox({ me, conversation }: { me: Me; conversation: ConversationDetail }) {
  const queryClient = useQueryClient()
  const [draft, setDraftState] = useState(() => loadDraft(conversation.id))
  const setDraft = (text: string) => {
    setDraftState(text)
    saveDraft(conversation.id, text)
  }
  // warned before Send is pressed, as compose does (the server refuses the reply anyway)
  const { checks } = useOptOutChecks([conversation.phone])
  const optOut = checks.get(conversation.phone)
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
      {optOut?.optedOut ? (
        <p className="reply-opted-out" role="status" data-testid="reply-opted-out">
          <Ban size={14} aria-hidden="true" /> {optOutWords(conversation, optOut)}
        </p>
      ) : null}
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
        placeholder={hasKeyboardHint() ? 'Write a reply…  (Ctrl+Enter to send)' : 'Write a reply…'}
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
