import { type FormEvent, useState } from 'react'
import { errorMessage } from '../../api/client'
import {
  type Connection,
  type ConnectionInput,
  type InboundMode,
  type ProviderInfo,
  useProviders,
  useSaveConnection,
} from '../../api/connections'
import { Dialog, ErrorNote } from '../../components/dialog'
import { Spinner } from '../../components/misc'
import { showToast } from '../../components/toast'

/**
 * A provider setting that is the connection's own sender (Twilio's `from`): not asked for twice,
 * it takes the Sender field's number.
 */
const SENDER_SETTINGS = new Set(['from'])

const E164 = /^\+[1-9][0-9]{6,14}$/

/**
 * The sender as the API wants it: a number typed with spaces or punctuation ("+44 7700 900555")
 * loses them, as the Offices form's reply number does; a sender name is kept as typed.
 */
export function normaliseSender(text: string): string {
  const compact = text.replace(/[\s().-]/g, '')
  return E164.test(compact) ? compact : text.trim()
}

/**
 * The API's refusal in the form's words: field names (`sender`, `config.authToken (Auth token)`,
 * `numbers[1]`) become the labels the form shows.
 */
export function inFormWords(message: string, labels: Record<string, string>): string {
  return message
    .replace(/^[A-Za-z]+ settings: /, '')
    .replace(/\bconfig\.[A-Za-z0-9_]+ \(([^)]+)\)/g, '$1')
    .replace(/\bconfig\.([A-Za-z0-9_]+)/g, (_, name: string) => labels[name] ?? name)
    .replace(/\bnumbers\[(\d+)\]/g, (_, index: string) => `${labels.numbers}, line ${Number(index) + 1},`)
    .replace(/\b(sender|replyNumber|noReplySender|ratePerSecond|pollSince|name)\b(?= )/g, (field: string) =>
      field === 'replyNumber' ? (labels.sender ?? field) : (labels[field] ?? field),
    )
}

function hintOf(connection: Connection | null, field: string): string {
  const value = connection?.configHint?.[field]
  return value === undefined || value === null ? '' : String(value)
}

/**
 * GET /api/v1/providers does not say a field's type; a number stored before, or a duration in
 * milliseconds, is sent as a number.
 */
function isNumeric(connection: Connection | null, field: string): boolean {
  return typeof connection?.configHint?.[field] === 'number' || field.endsWith('Ms')
}

/** The provider's settings as typed; secrets start empty and are sent only when typed again. */
function initialConfig(connection: Connection | null, provider: ProviderInfo | undefined) {
  const values: Record<string, string> = {}
  for (const field of provider?.fields ?? [])
    values[field.name] = field.secret ? '' : hintOf(connection, field.name)
  return values
}

function ProviderFields({
  provider,
  connection,
  values,
  onChange,
}: {
  provider: ProviderInfo
  connection: Connection | null
  values: Record<string, string>
  onChange: (values: Record<string, string>) => void
}) {
  return (
    <>
      {provider.fields
        .filter((field) => !SENDER_SETTINGS.has(field.name))
        .map((field) => {
          const stored = hintOf(connection, field.name)
          const keep = field.secret && connection && stored
          return (
            <label key={field.name} className="field">
              <span className="field-label">
                {field.title ?? field.name}
                {field.required ? '' : ' (optional)'}
              </span>
              <input
                type={field.secret ? 'password' : 'text'}
                autoComplete={field.secret ? 'new-password' : 'off'}
                value={values[field.name] ?? ''}
                required={field.required && !keep}
                placeholder={keep ? `${stored} (leave empty to keep)` : undefined}
                onChange={(e) => onChange({ ...values, [field.name]: e.target.value })}
              />
              {field.description ? <span className="field-help">{field.description}</span> : null}
            </label>
          )
        })}
    </>
  )
}

/** Connect a provider account, or change one: secrets are shown masked and kept when left empty. */
export function ConnectionDialog({
  connection,
  onClose,
}: {
  connection: Connection | null
  onClose: () => void
}) {
  const providers = useProviders()
  const save = useSaveConnection()
  const [providerId, setProviderId] = useState(connection?.provider ?? '')
  const provider = providers.data?.items.find((p) => p.id === providerId)
  const e164Only = provider ? !provider.senderKinds.includes('alphanumeric') : false
  const [name, setName] = useState(connection?.name ?? '')
  const [sender, setSender] = useState(connection?.sender ?? '')
  const [noReplySender, setNoReplySender] = useState(connection?.noReplySender ?? '')
  const [numbers, setNumbers] = useState((connection?.numbers ?? []).join('\n'))
  const [config, setConfig] = useState<Record<string, string> | null>(null)
  const [isDefault, setIsDefault] = useState(false)
  const [rate, setRate] = useState(String(connection?.ratePerSecond ?? 10))
  const [inboundMode, setInboundMode] = useState<InboundMode>(connection?.inboundMode ?? 'webhook')
  const [pollSince, setPollSince] = useState(connection?.pollSince?.slice(0, 10) ?? '')
  const values = config ?? initialConfig(connection, provider)
  const labels: Record<string, string> = {
    name: 'Name',
    sender: 'Sender',
    noReplySender: 'Sender name for texts that take no replies',
    numbers: 'Other numbers it owns',
    ratePerSecond: 'Texts per second at most',
    pollSince: 'Synchronise replies from',
    ...Object.fromEntries((provider?.fields ?? []).map((f) => [f.name, f.title ?? f.name])),
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const changed: ConnectionInput['config'] = {}
    const typedSender = normaliseSender(sender)
    for (const field of provider?.fields ?? []) {
      const value = SENDER_SETTINGS.has(field.name)
        ? E164.test(typedSender)
          ? typedSender
          : ''
        : (values[field.name] ?? '').trim()
      const before = field.secret ? '' : hintOf(connection, field.name)
      if (value === before) continue
      // an emptied optional setting is removed; an empty secret keeps the stored one
      if (value === '') {
        if (!field.secret && connection) changed[field.name] = null
        continue
      }
      changed[field.name] = isNumeric(connection, field.name) && /^\d+$/.test(value) ? Number(value) : value
    }
    const input: ConnectionInput = {
      provider: providerId,
      name: name.trim(),
      sender: typedSender,
      ...(e164Only ? {} : { noReplySender: noReplySender.trim() || null }),
      numbers: numbers
        .split(/[\n,;]+/)
        .map((n) => n.replace(/[\s().-]/g, ''))
        .filter(Boolean),
      config: changed,
      ratePerSecond: Number(rate) || 10,
      inboundMode,
      ...(inboundMode === 'poll' ? { pollSince: pollSince || null } : {}),
      ...(connection ? {} : { isDefault }),
    }
    save.mutate(
      { id: connection?.id ?? null, ...input },
      {
        onSuccess: () => {
          showToast({ tone: 'success', title: connection ? 'Connection saved' : 'Connection added' })
          onClose()
        },
      },
    )
  }
  return (
    <Dialog
      title={connection ? `Edit ${connection.name}` : 'Add a connection'}
      onClose={onClose}
      size="large"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="connection-form"
            className="button button-primary"
            disabled={save.isPending || !provider}
          >
            {save.isPending ? 'Saving…' : 'Save connection'}
          </button>
        </>
      }
    >
      {providers.isLoading ? <Spinner label="Loading providers" /> : null}
      <form id="connection-form" className="form-grid" onSubmit={submit} aria-label="Connection">
        <label className="field">
          <span className="field-label">Provider</span>
          <select
            value={providerId}
            disabled={Boolean(connection)}
            required
            onChange={(e) => {
              setProviderId(e.target.value)
              setConfig(null)
            }}
          >
            <option value="">Choose a provider…</option>
            {providers.data?.items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Name</span>
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Sender</span>
          <input value={sender} required maxLength={40} onChange={(e) => setSender(e.target.value)} />
          <span className="field-help">
            {e164Only
              ? 'A number in international form: +44 7700 900123 (spaces are removed).'
              : 'A number in international form (+44 7700 900123; spaces are removed) or a sender name of up to 11 letters and digits (replies cannot reach a name).'}
          </span>
        </label>
        {e164Only ? null : (
          <label className="field">
            <span className="field-label">Sender name for texts that take no replies</span>
            <input
              value={noReplySender}
              maxLength={11}
              placeholder="AcmeJobs"
              onChange={(e) => setNoReplySender(e.target.value)}
            />
            <span className="field-help">
              Optional. Texts sent with “Repliable” off go from this name; the others from the sender above.
            </span>
          </label>
        )}
        <label className="field">
          <span className="field-label">Other numbers it owns (optional)</span>
          <textarea
            rows={2}
            value={numbers}
            placeholder="+46701740605"
            onChange={(e) => setNumbers(e.target.value)}
          />
          <span className="field-help">
            One per line, in international form without spaces. Offices and users can send from them.
          </span>
        </label>
        {provider ? (
          <ProviderFields provider={provider} connection={connection} values={values} onChange={setConfig} />
        ) : null}
        <label className="field">
          <span className="field-label">Texts per second at most</span>
          <input type="number" min={1} max={1000} value={rate} onChange={(e) => setRate(e.target.value)} />
        </label>
        <label className="field span-all">
          <span className="field-label">Replies arrive</span>
          <select value={inboundMode} onChange={(e) => setInboundMode(e.target.value as InboundMode)}>
            <option value="webhook">By webhook (the provider calls Parley)</option>
            {provider?.capabilities.inboundPolling ? (
              <option value="poll">By polling (Parley asks the provider)</option>
            ) : null}
          </select>
        </label>
        {inboundMode === 'poll' ? (
          <label className="field">
            <span className="field-label">Synchronise replies from</span>
            <input type="date" value={pollSince} onChange={(e) => setPollSince(e.target.value)} />
          </label>
        ) : null}
        {connection ? null : (
          <label className="checkbox span-all">
            <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
            Make it the default connection
          </label>
        )}
        {save.error ? (
          <div className="span-all">
            <ErrorNote message={inFormWords(errorMessage(save.error), labels)} />
          </div>
        ) : null}
      </form>
    </Dialog>
  )
}
