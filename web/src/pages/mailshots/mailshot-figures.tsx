import type { CSSProperties } from 'react'
import type { Campaign, CampaignStatus } from '../../api/campaigns'

const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  running: 'Sending',
  paused: 'Paused',
  completed: 'Completed',
  cancelled: 'Cancelled',
}

const STATUS_TONES: Record<CampaignStatus, string> = {
  draft: 'badge-quiet',
  scheduled: '',
  running: '',
  paused: 'badge-warn',
  completed: 'badge-ok',
  cancelled: 'badge-danger',
}

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span className={`badge ${STATUS_TONES[status]}`} data-testid="campaign-status" data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  )
}

type Progress = Campaign['progress']

/** Queued counts what has not reached the provider yet, paused texts included. */
export function queuedOf(progress: Progress): number {
  return progress.pending + progress.paused + progress.sending
}

/** A bar split into delivered, sent (no receipt yet) and failed, out of every text. */
export function ProgressBar({ progress }: { progress: Progress }) {
  const total = Math.max(progress.total, 1)
  const part = (n: number) => ({ width: `${(100 * n) / total}%` }) as CSSProperties
  // undelivered texts count as sent and as failed; they are drawn once, as failed
  const awaiting = Math.max(progress.sent - progress.delivered - progress.failed, 0)
  return (
    <div
      className="progress-bar"
      role="img"
      aria-label={`${progress.delivered} delivered, ${progress.sent} sent, ${progress.failed} failed of ${progress.total}`}
    >
      <span className="progress-delivered" style={part(progress.delivered)} />
      <span className="progress-sent" style={part(awaiting)} />
      <span className="progress-failed" style={part(progress.failed)} />
    </div>
  )
}

const FIGURES: { key: keyof Progress | 'queued'; label: string; tone?: string }[] = [
  { key: 'total', label: 'Texts' },
  { key: 'queued', label: 'Queued' },
  { key: 'sent', label: 'Sent' },
  { key: 'delivered', label: 'Delivered', tone: 'ok' },
  { key: 'failed', label: 'Failed', tone: 'bad' },
  { key: 'replied', label: 'Replied', tone: 'accent' },
  { key: 'notTriggered', label: 'Skipped', tone: 'warn' },
  { key: 'cancelled', label: 'Cancelled' },
]

/** The live figures of a launched mailshot. */
export function ProgressFigures({ progress }: { progress: Progress }) {
  return (
    <dl className="figures progress-figures" data-testid="progress-figures">
      {FIGURES.map(({ key, label, tone }) => {
        const value = key === 'queued' ? queuedOf(progress) : progress[key]
        return (
          <div key={key} className={`figure${tone ? ` figure-${tone}` : ''}`} data-figure={key}>
            <dt>{label}</dt>
            <dd>{value.toLocaleString()}</dd>
          </div>
        )
      })}
    </dl>
  )
}
