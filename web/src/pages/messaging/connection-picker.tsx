import {
  type Connection,
  defaultConnection,
  type SenderNumber,
  useConnections,
  useSenderNumber,
} from '../../api/connections'
import { formatPhone } from '../../format'

export function connectionLabel(connection: Pick<Connection, 'name' | 'sender'>): string {
  const sender = connection.sender.startsWith('+') ? formatPhone(connection.sender) : connection.sender
  return `${connection.name} · ${sender}`
}

/** What choosing no connection means for this user: their own or their office's number, else routing. */
function usualLabel(sender: SenderNumber | undefined, fallback: Connection | undefined): string | null {
  if (sender?.number && sender.connectionName) {
    const whose =
      sender.source === 'user' ? 'your number' : `${sender.office?.name ?? 'your office'}'s number`
    return `${formatPhone(sender.number)}, ${whose} (${sender.connectionName})`
  }
  return fallback ? `${connectionLabel(fallback)} (default)` : null
}

/**
 * "Send from": the user's own or office's reply number when a connection owns it, else the default connection is preselected. Leaving it there sends no connection, so
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
  const sender = useSenderNumber()
  const items = connections.data?.items ?? []
  const fallback = defaultConnection(items)
  const usual = usualLabel(sender.data, fallback)
  if (items.length <= 1 && !value) {
    return usual ? (
      <p className="field muted small" data-testid="send-from">
        {label}: {usual}
      </p>
    ) : null
  }
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="send-from">
        {usual ? <option value="">{usual}</option> : null}
        {items
          .filter((c) => Boolean(sender.data?.number) || c.id !== fallback?.id)
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
