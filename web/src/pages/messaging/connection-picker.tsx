import { type Connection, defaultConnection, useConnections } from '../../api/connections'
import { formatPhone } from '../../format'

export function connectionLabel(connection: Pick<Connection, 'name' | 'sender'>): string {
  const sender = connection.sender.startsWith('+') ? formatPhone(connection.sender) : connection.sender
  return `${connection.name} · ${sender}`
}

/**
 * "Send from": the default connection is preselected. Leaving it there sends no connection, so
 * the organization's routing rules (office, country, last number used) still apply; choosing one
 * forces it.
 */
export function ConnectionPicker({
  value,
  onChange,
  label = 'Send from',
}: {
  value: string
  onChange: (connectionId: string) => void
  label?: string
}) {
  const connections = useConnections()
  const items = connections.data?.items ?? []
  const fallback = defaultConnection(items)
  if (items.length <= 1 && !value) {
    return fallback ? (
      <p className="field muted small" data-testid="send-from">
        {label}: {connectionLabel(fallback)}
      </p>
    ) : null
  }
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="send-from">
        {fallback ? <option value="">{connectionLabel(fallback)} (default)</option> : null}
        {items
          .filter((c) => c.id !== fallback?.id)
          .map((c) => (
            <option key={c.id} value={c.id}>
              {connectionLabel(c)}
            </option>
          ))}
      </select>
      {value ? null : (
        <span className="field-help">Routing rules may pick another connection unless you choose one.</span>
      )}
    </label>
  )
}
