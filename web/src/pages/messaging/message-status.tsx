import {
  AlertCircle,
  Ban,
  Check,
  CheckCheck,
  CircleHelp,
  Clock,
  type LucideIcon,
  MailOpen,
  PauseCircle,
} from 'lucide-react'
import type { Message } from '../../api/messages'
import { formatDateTime } from '../../format'

interface StatusLook {
  label: string
  icon: LucideIcon
  tone: 'muted' | 'ok' | 'bad' | 'warn'
}

const LOOKS: Record<string, StatusLook> = {
  scheduled: { label: 'Scheduled', icon: Clock, tone: 'muted' },
  queued: { label: 'Queued', icon: Clock, tone: 'muted' },
  sending: { label: 'Sending', icon: Clock, tone: 'muted' },
  sent: { label: 'Sent', icon: Check, tone: 'ok' },
  delivered: { label: 'Delivered', icon: CheckCheck, tone: 'ok' },
  undelivered: { label: 'Not delivered', icon: AlertCircle, tone: 'bad' },
  failed: { label: 'Failed', icon: AlertCircle, tone: 'bad' },
  unknown: { label: 'Outcome unknown', icon: CircleHelp, tone: 'warn' },
  cancelled: { label: 'Cancelled', icon: Ban, tone: 'muted' },
  not_triggered: { label: 'Did not trigger', icon: PauseCircle, tone: 'warn' },
  received: { label: 'Received', icon: MailOpen, tone: 'muted' },
}

export function statusLabel(status: string): string {
  return LOOKS[status]?.label ?? status
}

export function isFailure(status: string): boolean {
  return status === 'failed' || status === 'undelivered' || status === 'unknown'
}

/** The delivery state of an outgoing message, with the provider's reason when it failed. */
export function MessageStatus({ message, compact }: { message: Message; compact?: boolean }) {
  const look = LOOKS[message.status] ?? { label: message.status, icon: CircleHelp, tone: 'muted' as const }
  const Icon = look.icon
  const when =
    message.status === 'scheduled' && message.sendAt ? ` for ${formatDateTime(message.sendAt)}` : ''
  // Sent by the provider at its time, even if Parley is down then. A compact status (a list row)
  // has no room for it and says it on hover; the message's details say it in full.
  const held = message.status === 'scheduled' && message.heldByProvider
  const holder = held && !compact ? ' (held by the provider)' : ''
  // The server's reason often starts with the label itself ("Outcome unknown: ..."): say it once.
  const error = message.error?.startsWith(`${look.label}: `)
    ? message.error.slice(look.label.length + 2)
    : message.error
  const reason = isFailure(message.status) && error ? `: ${error}` : ''
  return (
    <span
      className={`status status-${look.tone}`}
      data-status={message.status}
      data-testid="message-status"
      {...(held && compact ? { title: 'Held by the provider, which sends it at that time' } : {})}
    >
      <Icon size={compact ? 12 : 14} aria-hidden="true" />
      <span>
        {look.label}
        {when}
        {holder}
        {reason}
      </span>
    </span>
  )
}
