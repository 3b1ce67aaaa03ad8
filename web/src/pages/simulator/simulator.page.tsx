import { useQuery } from '@tanstack/react-query'
import { Phone, Send, Smartphone } from 'lucide-react'
import { type FormEvent, useMemo, useState } from 'react'
import { api, errorMessage } from '../../api/client'
import {
  type ConversationPage,
  flattenHistory,
  useConversationMessages,
  useConversations,
} from '../../api/conversations'
import { displayName } from '../../api/people'
import type { Me } from '../../api/session'
import { useSimulateInbound } from '../../api/simulator'
import { ErrorNote } from '../../components/dialog'
import { EmptyState, PageHeader } from '../../components/misc'
import { showToast } from '../../components/toast'
import { formatPhone } from '../../format'
import { BubbleList } from '../messaging/message-bubble'
import { type Recipient, RecipientPicker, recipientLabel } from '../messaging/recipient-picker'

/** The conversation Parley keeps with this number, if there is one yet. */
function useConversationFor(phone: string | null) {
  return useQuery({
    queryKey: ['conversations', 'by-phone', phone],
    queryFn: ({ signal }) =>
      api<ConversationPage>('/api/v1/conversations', {
        query: { q: phone ?? '', limit: 5 },
        signal,
      }),
    enabled: Boolean(phone),
    select: (page) => page.items.find((c) => c.phone === phone) ?? null,
  })
}

function PhoneScreen({ phone, name }: { phone: string; name: string }) {
  const conversation = useConversationFor(phone)
  const conversationId = conversation.data?.id ?? null
  const history = useConversationMessages(conversationId)
  const messages = flattenHistory(history.data)
  const [text, setText] = useState('')
  const inbound = useSimulateInbound()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const body = text.trim()
    if (!body) return
    inbound.mutate(
      { from: phone, body },
      {
        onSuccess: () => {
          setText('')
          void conversation.refetch()
        },
        onError: (error) =>
          showToast({ tone: 'error', title: 'The simulated text was refused', body: errorMessage(error) }),
      },
    )
  }
  return (
    <section className="phone" aria-label={`Phone of ${name}`} data-testid="phone">
      <div className="phone-notch" aria-hidden="true" />
      <header className="phone-header">
        <strong>Parley</strong>
        <span className="muted small">{formatPhone(phone)}</span>
      </header>
      <div className="phone-screen">
        {messages.length === 0 ? (
          <p className="phone-empty">No texts between Parley and {name} yet. Write one below.</p>
        ) : (
          <BubbleList messages={messages} perspective="phone" />
        )}
      </div>
      <form className="phone-input" onSubmit={submit}>
        <label htmlFor="phone-text" className="visually-hidden">
          Text as {name}
        </label>
        <input
          id="phone-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={`Text as ${name}…`}
          autoComplete="off"
          maxLength={1600}
        />
        <button
          type="submit"
          className="icon-button send-round"
          aria-label="Send as this phone"
          disabled={!text.trim() || inbound.isPending}
        >
          <Send size={18} aria-hidden="true" />
        </button>
      </form>
      {inbound.error ? <ErrorNote message={errorMessage(inbound.error)} /> : null}
    </section>
  )
}

/** Reply as a candidate or contact, through the same inbound path a real provider uses. */
export function SimulatorPage(_props: { me: Me }) {
  const [picked, setPicked] = useState<Recipient[]>([])
  const [target, setTarget] = useState<{ phone: string; name: string } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const recent = useConversations({ scope: 'shared' })
  // One button per number: a number texted from two connections has two conversations.
  const quick = useMemo(() => {
    const items = recent.data?.pages[0]?.items ?? []
    return items
      .filter((c, index) => items.findIndex((other) => other.phone === c.phone) === index)
      .slice(0, 8)
  }, [recent.data])

  const choose = async (recipients: Recipient[]) => {
    const last = recipients.at(-1)
    setPicked(last ? [last] : [])
    setProblem(null)
    if (!last || last.kind === 'group') return setTarget(null)
    if (last.kind === 'number') return setTarget({ phone: last.number, name: formatPhone(last.number) })
    if (!last.person.mobile) {
      setTarget(null)
      return setProblem(`${displayName(last.person)} has no mobile number, so they cannot text Parley.`)
    }
    setTarget({ phone: last.person.mobile, name: recipientLabel(last) })
  }

  return (
    <div className="page simulator-page">
      <PageHeader title="Phone simulator" />
      <p className="lead">
        Text Parley as one of your candidates or contacts. The message arrives through the same path as a real
        reply: it lands in the inbox, notifies the recruiters and pops up as a toast. Numbers ending in 0666
        report “undelivered”; numbers ending in 0999 fail at once.
      </p>
      <div className="simulator-layout">
        <div className="card simulator-pick">
          <RecipientPicker
            recipients={picked}
            onChange={(r) => void choose(r)}
            allowGroups={false}
            label="Text as"
            placeholder="Name or number"
          />
          {problem ? <ErrorNote message={problem} /> : null}
          {quick.length > 0 ? (
            <>
              <h2 className="small-heading">Recent conversations</h2>
              <ul className="quick-list">
                {quick.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className={`quick-pick${target?.phone === c.phone ? ' is-active' : ''}`}
                      onClick={() => {
                        setPicked([])
                        setProblem(null)
                        setTarget({ phone: c.phone, name: c.personName ?? formatPhone(c.phone) })
                      }}
                    >
                      <Phone size={14} aria-hidden="true" />
                      <span>{c.personName ?? formatPhone(c.phone)}</span>
                      {c.personName ? (
                        <span className="quick-pick-number">{formatPhone(c.phone)}</span>
                      ) : null}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
        {target ? (
          <PhoneScreen key={target.phone} phone={target.phone} name={target.name} />
        ) : (
          <div className="phone phone-off">
            <EmptyState icon={Smartphone} title="Pick someone to text as" />
          </div>
        )}
      </div>
    </div>
  )
}
