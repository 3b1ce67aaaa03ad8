import { Forward, MailX, Reply, RotateCcw, Trash2, Undo2 } from 'lucide-react'
import { useMemo, useState } from 'react'
import { errorMessage } from '../../api/client'
import {
  type Message,
  type MessageView,
  useMessageAction,
  useMessageView,
  useResendUnknown,
} from '../../api/messages'
import { displayName, usePersonNames } from '../../api/people'
import { can, type Me } from '../../api/session'
import { ConfirmDialog, ErrorNote } from '../../components/dialog'
import { EmptyState, PageHeader, Spinner } from '../../components/misc'
import { showToast } from '../../components/toast'
import { formatPhone, plural } from '../../format'
import { Link } from '../../router'
import { CancelScheduledDialog } from '../messaging/cancel-scheduled'
import { InboundFailures } from './inbound-failures'
import { ForwardDialog, ReplyDialog } from './message-dialogs'
import { MessageRow } from './message-row'

const VIEWS: { view: MessageView; label: string }[] = [
  { view: 'all', label: 'All' },
  { view: 'received', label: 'Received' },
  { view: 'sent', label: 'Sent' },
  { view: 'failed', label: 'Failed' },
  { view: 'pending', label: 'Pending' },
  { view: 'did_not_trigger', label: 'Did not trigger' },
  { view: 'deleted', label: 'Deleted' },
]

type BulkAction = 'delete' | 'restore' | 'resend'
const ACTION_TEXT: Record<BulkAction, { verb: string; done: string; note: string }> = {
  delete: { verb: 'Delete', done: 'Deleted', note: 'They can be restored from the Deleted view.' },
  restore: { verb: 'Restore', done: 'Restored', note: 'They go back to the view they came from.' },
  resend: { verb: 'Resend', done: 'Queued again', note: 'Each goes back to Pending and is charged again.' },
}

/** The message views of seed 002, with check boxes and actions on one or many. */
export function MessagesPage({ me, view }: { me: Me; view: MessageView }) {
  const query = useMessageView(view)
  const messages = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data])
  const names = usePersonNames(messages.map((m) => m.personId))
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [expanded, setExpanded] = useState<string | null>(null)
  const [pending, setPending] = useState<{ action: BulkAction; ids: string[] } | null>(null)
  const [replying, setReplying] = useState<Message[] | null>(null)
  const [forwarding, setForwarding] = useState<Message | null>(null)
  const actions = {
    delete: useMessageAction('delete'),
    restore: useMessageAction('restore'),
    resend: useMessageAction('resend'),
  }
  const [cancelling, setCancelling] = useState<Message | null>(null)
  const resendUnknown = useResendUnknown()
  const [unknownToResend, setUnknownToResend] = useState<Message | null>(null)
  const mayText = can(me, 'sms.send')

  const counterpart = (m: Message) => {
    const person = m.personId ? names.get(m.personId) : undefined
    return person ? displayName(person) : formatPhone(m.direction === 'inbound' ? m.from : m.to)
  }
  const chosen = messages.filter((m) => selected.has(m.id))
  // a failed message is resent once: the server names its copy (`resentAsId`)
  // "Resend" on many never takes a text whose outcome is unknown: it may have reached its recipient
  const resendable = chosen.filter((m) => !m.resentAsId && m.status !== 'unknown')
  const allChosen = messages.length > 0 && chosen.length === messages.length
  const deletedView = view === 'deleted'

  const run = () => {
    if (!pending) return
    const { action, ids } = pending
    actions[action].mutate(ids, {
      onSuccess: (result) => {
        const count = 'changed' in result ? result.changed : result.items.length
        showToast({ tone: 'success', title: `${ACTION_TEXT[action].done}: ${plural(count, 'message')}` })
        setSelected(new Set())
        setPending(null)
      },
    })
  }
  const ask = (action: BulkAction, list: Message[]) => {
    actions[action].reset()
    setPending({ action, ids: list.map((m) => m.id) })
  }

  const failedView = view === 'failed'
  return (
    <div className="page messages-page">
      <PageHeader title="Messages" />
      <nav className="tabs" aria-label="Message views">
        {VIEWS.map((v) => (
          <Link
            key={v.view}
            to={`/messages/${v.view}`}
            className={`tab${v.view === view ? ' is-active' : ''}`}
            aria-current={v.view === view ? 'page' : undefined}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      <div className="toolbar" role="toolbar" aria-label="Actions on selected messages">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={allChosen}
            ref={(el) => {
              if (el) el.indeterminate = chosen.length > 0 && !allChosen
            }}
            onChange={(event) =>
              setSelected(event.target.checked ? new Set(messages.map((m) => m.id)) : new Set())
            }
            disabled={messages.length === 0}
          />
          <span>{chosen.length ? `${chosen.length} selected` : 'Select all'}</span>
        </label>
        <div className="toolbar-actions">
          {!deletedView && mayText ? (
            <button
              type="button"
              className="button button-small"
              disabled={chosen.length === 0}
              onClick={() => setReplying(chosen)}
            >
              <Reply size={14} aria-hidden="true" /> Reply
            </button>
          ) : null}
          {!deletedView && mayText ? (
            <button
              type="button"
              className="button button-small"
              disabled={chosen.length !== 1}
              title={chosen.length > 1 ? 'Forward one message at a time' : undefined}
              onClick={() => chosen[0] && setForwarding(chosen[0])}
            >
              <Forward size={14} aria-hidden="true" /> Forward
            </button>
          ) : null}
          {failedView && mayText ? (
            <button
              type="button"
              className="button button-small"
              disabled={resendable.length === 0}
              onClick={() => ask('resend', resendable)}
            >
              <RotateCcw size={14} aria-hidden="true" /> Resend
            </button>
          ) : null}
          {deletedView ? (
            <button
              type="button"
              className="button button-small"
              disabled={chosen.length === 0}
              onClick={() => ask('restore', chosen)}
            >
              <Undo2 size={14} aria-hidden="true" /> Restore
            </button>
          ) : (
            <button
              type="button"
              className="button button-small button-danger-quiet"
              disabled={chosen.length === 0}
              onClick={() => ask('delete', chosen)}
            >
              <Trash2 size={14} aria-hidden="true" /> Delete
            </button>
          )}
        </div>
      </div>
      {failedView && can(me, 'connections.manage') ? <InboundFailures /> : null}
      {query.error ? <ErrorNote message={errorMessage(query.error)} /> : null}
      {query.isLoading ? (
        <div className="centered">
          <Spinner label="Loading messages" />
        </div>
      ) : messages.length === 0 ? (
        <EmptyState
          icon={MailX}
          title={`No ${VIEWS.find((v) => v.view === view)?.label.toLowerCase()} messages`}
        />
      ) : (
        <ul className="message-list" aria-label={`${VIEWS.find((v) => v.view === view)?.label} messages`}>
          {messages.map((m) => (
            <MessageRow
              key={m.id}
              message={m}
              counterpart={counterpart(m)}
              selected={selected.has(m.id)}
              expanded={expanded === m.id}
              onExpand={() => setExpanded((id) => (id === m.id ? null : m.id))}
              onSelect={(on) =>
                setSelected((current) => {
                  const next = new Set(current)
                  if (on) next.add(m.id)
                  else next.delete(m.id)
                  return next
                })
              }
              {...(!deletedView && mayText
                ? { onReply: (x: Message) => setReplying([x]), onForward: setForwarding }
                : {})}
              {...(deletedView
                ? { onRestore: (x: Message) => ask('restore', [x]) }
                : { onDelete: (x: Message) => ask('delete', [x]) })}
              {...(failedView && mayText && !m.resentAsId
                ? {
                    onResend: (x: Message) =>
                      x.status === 'unknown' ? setUnknownToResend(x) : ask('resend', [x]),
                  }
                : {})}
              {...(mayText ? { onCancel: setCancelling } : {})}
            />
          ))}
        </ul>
      )}
      {query.hasNextPage ? (
        <div className="centered">
          <button
            type="button"
            className="button"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
      {pending ? (
        <ConfirmDialog
          title={`${ACTION_TEXT[pending.action].verb} ${plural(pending.ids.length, 'message')}?`}
          message={`You are about to ${ACTION_TEXT[pending.action].verb.toLowerCase()} ${plural(pending.ids.length, 'message')}. ${ACTION_TEXT[pending.action].note}`}
          confirmLabel={`${ACTION_TEXT[pending.action].verb} ${plural(pending.ids.length, 'message')}`}
          tone={pending.action === 'delete' ? 'danger' : 'primary'}
          busy={actions[pending.action].isPending}
          error={actions[pending.action].error ? errorMessage(actions[pending.action].error) : null}
          onConfirm={run}
          onCancel={() => setPending(null)}
        />
      ) : null}
      {cancelling ? (
        <CancelScheduledDialog
          message={cancelling}
          recipient={counterpart(cancelling)}
          onClose={() => setCancelling(null)}
        />
      ) : null}
      {unknownToResend ? (
        <ConfirmDialog
          title="Resend a text that may have arrived?"
          message={`Sending stopped after this text was handed to the provider, and its answer was never recorded: ${formatPhone(unknownToResend.to)} may already have it, and resending would text them twice. Check with the recipient first. Resent, it goes as a new text, charged again.`}
          confirmLabel="Resend anyway"
          tone="danger"
          busy={resendUnknown.isPending}
          error={resendUnknown.error ? errorMessage(resendUnknown.error) : null}
          onConfirm={() =>
            resendUnknown.mutate(unknownToResend.id, {
              onSuccess: () => {
                showToast({ tone: 'success', title: 'Queued again: 1 message' })
                setUnknownToResend(null)
              },
            })
          }
          onCancel={() => setUnknownToResend(null)}
        />
      ) : null}
      {replying ? (
        <ReplyDialog messages={replying} counterpart={counterpart} onClose={() => setReplying(null)} />
      ) : null}
      {forwarding ? (
        <ForwardDialog
          message={forwarding}
          allowGroups={can(me, 'sms.send_bulk')}
          onClose={() => setForwarding(null)}
        />
      ) : null}
    </div>
  )
}
