import { Plus, Route, Trash2 } from 'lucide-react'
import { type FormEvent, useState } from 'react'
import { errorMessage } from '../../api/client'
import {
  type Connection,
  type RoutingRule,
  type RuleKind,
  useAddRoutingRule,
  useRemoveRoutingRule,
  useRoutingRules,
} from '../../api/connections'
import { useOffices } from '../../api/organization'
import { ErrorNote } from '../../components/dialog'

const KIND_LABELS: Record<RuleKind, string> = {
  office: "The sender's office is",
  country: "The recipient's country is",
  sticky: 'The number the person last texted',
}

function RuleForm({ connections }: { connections: Connection[] }) {
  const offices = useOffices()
  const add = useAddRoutingRule()
  const [kind, setKind] = useState<RuleKind>('country')
  const [match, setMatch] = useState('')
  const [connectionId, setConnectionId] = useState('')
  const [priority, setPriority] = useState('100')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    add.mutate(
      {
        kind,
        match: kind === 'sticky' ? null : match.trim(),
        connectionId,
        priority: Number(priority) || 100,
      },
      { onSuccess: () => setMatch('') },
    )
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add a routing rule">
      <label className="field">
        <span className="field-label">When</span>
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as RuleKind)
            setMatch('')
          }}
        >
          <option value="country">Recipient's country</option>
          <option value="office">Sender's office</option>
          <option value="sticky">Last number used</option>
        </select>
      </label>
      {kind === 'office' ? (
        <label className="field">
          <span className="field-label">Office</span>
          <select value={match} required onChange={(e) => setMatch(e.target.value)}>
            <option value="">Choose…</option>
            {offices.data?.items.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {kind === 'country' ? (
        <label className="field">
          <span className="field-label">Country code</span>
          <input
            value={match}
            required
            maxLength={2}
            placeholder="SE"
            onChange={(e) => setMatch(e.target.value.toUpperCase())}
          />
        </label>
      ) : null}
      <label className="field">
        <span className="field-label">Send through</span>
        <select value={connectionId} required onChange={(e) => setConnectionId(e.target.value)}>
          <option value="">Choose…</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Order</span>
        <input
          type="number"
          min={0}
          max={10000}
          value={priority}
          onChange={(e) => setPriority(e.target.value)}
        />
      </label>
      <button
        type="submit"
        className="button"
        disabled={add.isPending || !connectionId || (kind !== 'sticky' && !match.trim())}
      >
        <Plus size={16} aria-hidden="true" /> Add rule
      </button>
      {add.error ? <ErrorNote message={errorMessage(add.error)} /> : null}
    </form>
  )
}

function describeMatch(rule: RoutingRule, officeName: (id: string) => string | undefined): string {
  if (rule.kind === 'sticky' || !rule.match) return KIND_LABELS[rule.kind]
  if (rule.kind === 'office') return `${KIND_LABELS.office} ${officeName(rule.match) ?? 'a removed office'}`
  return `${KIND_LABELS.country} ${rule.match}`
}

/** The rules tried in order when the sender does not choose a connection; the default comes last. */
export function RoutingRules({ connections }: { connections: Connection[] }) {
  const rules = useRoutingRules()
  const offices = useOffices()
  const remove = useRemoveRoutingRule()
  const officeName = (id: string) => offices.data?.items.find((o) => o.id === id)?.name
  const connectionName = (id: string) => connections.find((c) => c.id === id)?.name ?? 'a disabled connection'
  const items = rules.data?.items ?? []
  return (
    <section className="card" aria-labelledby="routing-title">
      <h2 id="routing-title">Routing rules</h2>
      <p className="muted small">
        A text goes out on the connection its sender chose, else on the first rule that matches (lowest order
        first), else on the default connection.
      </p>
      {rules.error ? <ErrorNote message={errorMessage(rules.error)} /> : null}
      {items.length ? (
        <ul className="simple-list" data-testid="routing-rules">
          {items.map((r) => (
            <li key={r.id}>
              <Route size={16} aria-hidden="true" />
              <span>
                <strong>{r.priority}.</strong> {describeMatch(r, officeName)} →{' '}
                {connectionName(r.connectionId)}
              </span>
              <button
                type="button"
                className="icon-button push-right"
                aria-label={`Remove the rule: ${describeMatch(r, officeName)}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(r.id)}
              >
                <Trash2 size={16} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          No rules: every text goes out on the default connection unless its sender picks one.
        </p>
      )}
      {remove.error ? <ErrorNote message={errorMessage(remove.error)} /> : null}
      {connections.length ? <RuleForm connections={connections} /> : null}
    </section>
  )
}
