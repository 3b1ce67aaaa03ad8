import { Ban, CheckCircle2, Copy, Pencil, Plug, Plus, Star, XCircle, Zap } from 'lucide-react'
import { useState } from 'react'
import { errorMessage } from '../../api/client'
import {
  type Connection,
  type ConnectionTest,
  useConnections,
  useDisableConnection,
  useMakeDefault,
  useSetFailover,
  useTestConnection,
} from '../../api/connections'
import { ConfirmDialog, ErrorNote } from '../../components/dialog'
import { EmptyState, Spinner } from '../../components/misc'
import { showToast } from '../../components/toast'
import { formatDateTime, formatPhone, plural } from '../../format'
import { ConnectionDialog } from './connection-dialog'
import { RoutingRules } from './routing-rules'

async function copy(text: string, what: string) {
  try {
    await navigator.clipboard.writeText(text)
    showToast({ tone: 'success', title: `${what} copied` })
  } catch {
    showToast({
      tone: 'error',
      title: `Could not copy the ${what.toLowerCase()}`,
      body: 'Select it and copy by hand.',
    })
  }
}

function WebhookUrl({ label, url, connectionName }: { label: string; url: string; connectionName: string }) {
  return (
    <div className="webhook-url">
      <span className="field-label">{label}</span>
      <code>{url}</code>
      <button
        type="button"
        className="button button-small"
        aria-label={`Copy the ${label.toLowerCase()} URL of ${connectionName}`}
        onClick={() => void copy(url, label)}
      >
        <Copy size={14} aria-hidden="true" /> Copy
      </button>
    </div>
  )
}

function TestResult({ result }: { result: ConnectionTest }) {
  return (
    <p className={`test-result ${result.ok ? 'is-ok' : 'is-bad'}`} role="status" data-testid="test-result">
      {result.ok ? <CheckCircle2 size={16} aria-hidden="true" /> : <XCircle size={16} aria-hidden="true" />}
      <span>
        {/* the provider's message says the balance already: shown once */}
        <strong>{result.ok ? 'Connection works' : 'Connection failed'}:</strong> {result.message}
      </span>
    </p>
  )
}

/** Which connection takes over when this one fails at the provider. */
function Failover({ connection, others }: { connection: Connection; others: Connection[] }) {
  const setFailover = useSetFailover()
  const [value, setValue] = useState('')
  if (others.length === 0) return null
  return (
    <form
      className="failover"
      onSubmit={(event) => {
        event.preventDefault()
        setFailover.mutate(
          { id: connection.id, connectionId: value === 'none' ? null : value },
          {
            onSuccess: () => {
              const target = others.find((o) => o.id === value)
              showToast({
                tone: 'success',
                title: target
                  ? `${target.name} now takes over when ${connection.name} fails`
                  : 'Failover removed',
              })
              setValue('')
            },
          },
        )
      }}
    >
      <label className="field inline-field">
        <span className="field-label">When it fails, send through</span>
        <select value={value} onChange={(e) => setValue(e.target.value)}>
          <option value="">Choose…</option>
          <option value="none">No other connection</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button-small" disabled={!value || setFailover.isPending}>
        Set failover
      </button>
      {setFailover.error ? <ErrorNote message={errorMessage(setFailover.error)} /> : null}
    </form>
  )
}

function ConnectionCard({
  connection,
  all,
  onEdit,
}: {
  connection: Connection
  all: Connection[]
  onEdit: () => void
}) {
  const test = useTestConnection()
  const makeDefault = useMakeDefault()
  const disable = useDisableConnection()
  const [confirmDisable, setConfirmDisable] = useState(false)
  const disabled = Boolean(connection.disabledAt)
  const sender = connection.sender.startsWith('+') ? formatPhone(connection.sender) : connection.sender
  const error = makeDefault.error ?? test.error
  return (
    <li className={`card connection${disabled ? ' is-disabled' : ''}`} data-testid="connection">
      <header className="connection-header">
        <Plug size={20} aria-hidden="true" />
        <div className="connection-title">
          <h3>{connection.name}</h3>
          <span className="muted small">
            {connection.providerName} · {sender}
            {connection.inboundMode === 'poll' ? ' · replies by polling' : ''}
          </span>
        </div>
        {connection.isDefault ? (
          <span className="badge">
            <Star size={11} aria-hidden="true" /> Default
          </span>
        ) : null}
        {disabled ? (
          <span className="badge badge-danger">Disabled {formatDateTime(connection.disabledAt ?? '')}</span>
        ) : null}
        {connection.credentialsReadable === false ? (
          <span className="badge badge-danger" data-testid="credentials-unreadable">
            Credentials unreadable
          </span>
        ) : null}
      </header>
      {connection.credentialsReadable === false ? (
        <ErrorNote
          message={`${(connection.credentialsProblem ?? 'The stored credentials cannot be decrypted').replace(/\.?$/, '.')} Until then its texts fail (credits refunded) and its webhooks are refused.`}
        />
      ) : null}
      {connection.webhookUrls && !disabled ? (
        <div className="webhook-urls">
          <WebhookUrl
            label="Replies webhook"
            url={connection.webhookUrls.inbound}
            connectionName={connection.name}
          />
          <WebhookUrl
            label="Delivery receipts webhook"
            url={connection.webhookUrls.status}
            connectionName={connection.name}
          />
        </div>
      ) : null}
      {test.data ? <TestResult result={test.data} /> : null}
      {error ? <ErrorNote message={errorMessage(error)} /> : null}
      {disabled ? null : (
        <>
          <div className="toolbar-actions">
            <button
              type="button"
              className="button button-small"
              disabled={test.isPending}
              aria-label={`Test connection ${connection.name}`}
              onClick={() => test.mutate(connection.id)}
            >
              <Zap size={14} aria-hidden="true" /> {test.isPending ? 'Testing…' : 'Test connection'}
            </button>
            <button type="button" className="button button-small" onClick={onEdit}>
              <Pencil size={14} aria-hidden="true" /> Edit
            </button>
            {connection.isDefault ? null : (
              <button
                type="button"
                className="button button-small"
                disabled={makeDefault.isPending}
                onClick={() => makeDefault.mutate(connection.id)}
              >
                <Star size={14} aria-hidden="true" /> Make default
              </button>
            )}
            {connection.isDefault ? null : (
              <button
                type="button"
                className="button button-small button-danger-quiet"
                onClick={() => setConfirmDisable(true)}
              >
                <Ban size={14} aria-hidden="true" /> Disable
              </button>
            )}
          </div>
          <Failover
            connection={connection}
            others={all.filter((c) => c.id !== connection.id && !c.disabledAt)}
          />
        </>
      )}
      {confirmDisable ? (
        <ConfirmDialog
          title={`Disable ${connection.name}?`}
          message="It will no longer be offered for new texts and routing rules skip it. Texts already queued or scheduled on it still go out through it."
          confirmLabel="Disable"
          tone="danger"
          busy={disable.isPending}
          error={disable.error ? errorMessage(disable.error) : null}
          onConfirm={() =>
            disable.mutate(connection.id, {
              onSuccess: (result) => {
                setConfirmDisable(false)
                showToast({
                  tone: 'success',
                  title: `${connection.name} disabled`,
                  ...(result.pendingMessages
                    ? { body: `${plural(result.pendingMessages, 'queued text')} still go out through it.` }
                    : {}),
                })
              },
            })
          }
          onCancel={() => setConfirmDisable(false)}
        />
      ) : null}
    </li>
  )
}

/** Provider accounts, the webhook URLs to paste into them, tests, the default, failover and routing. */
export function ConnectionsSettings() {
  const connections = useConnections({ includeDisabled: true })
  const [editing, setEditing] = useState<Connection | 'new' | null>(null)
  const items = connections.data?.items ?? []
  const active = items.filter((c) => !c.disabledAt)
  return (
    <div className="settings-stack">
      <section aria-labelledby="connections-title" className="settings-form">
        <header className="card-header">
          <div>
            <h2 id="connections-title">Connections</h2>
            <p className="muted small">
              Each connection is an account with an SMS provider. Paste the webhook URLs into the provider so
              replies and delivery receipts reach Parley.
            </p>
          </div>
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <Plus size={16} aria-hidden="true" /> Add connection
          </button>
        </header>
        {connections.error ? <ErrorNote message={errorMessage(connections.error)} /> : null}
        {connections.isLoading ? <Spinner label="Loading connections" /> : null}
        {connections.data && items.length === 0 ? (
          <EmptyState icon={Plug} title="No connections">
            Add one to send texts through your provider account.
          </EmptyState>
        ) : null}
        <ul className="connection-list">
          {[...active, ...items.filter((c) => c.disabledAt)].map((c) => (
            <ConnectionCard key={c.id} connection={c} all={items} onEdit={() => setEditing(c)} />
          ))}
        </ul>
      </section>
      <RoutingRules connections={active} />
      {editing ? (
        <ConnectionDialog connection={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  )
}
