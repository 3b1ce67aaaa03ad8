import { AlertTriangle, Ban, Coins, MessageSquare, Moon, Users } from 'lucide-react'
import { type ReactNode, useEffect, useRef } from 'react'
import type { CampaignPreview, SkippedRecipient } from '../../api/campaigns'
import { formatDateTime, formatPhone, plural } from '../../format'

export const SKIP_LABELS: Record<string, string> = {
  no_mobile: 'No mobile',
  invalid_number: 'Invalid number',
  not_mobile: 'Not a mobile',
  opted_out: 'Opted out',
  duplicate: 'Duplicate',
  missing_field: 'Missing merge field',
  too_long: 'Too long',
  render_failed: 'Template error',
  not_found: 'Not found',
}

export function skipLabel(reason: string): string {
  return SKIP_LABELS[reason.toLowerCase()] ?? reason.replace(/_/g, ' ')
}

/** Why a launch cannot go: the credits it needs against the balance, in numbers. */
export function CreditRefusal({ needed, available }: { needed: number; available: number }) {
  return (
    <div className="error-note credit-refusal" role="alert" data-testid="credit-refusal">
      <strong>Not enough credits to launch.</strong> This mailshot needs {plural(needed, 'credit')} and the
      balance is {available.toLocaleString()}: {plural(needed - available, 'credit')} short. Ask an admin to
      top up, or send to fewer people.
    </div>
  )
}

function Figure({ icon: Icon, value, label }: { icon: typeof Users; value: number; label: string }) {
  return (
    <div className="figure">
      <Icon size={18} aria-hidden="true" />
      <strong>{value.toLocaleString()}</strong>
      <span>{label}</span>
    </div>
  )
}

function SkippedTable({ items }: { items: SkippedRecipient[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="skipped-recipients">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col" className="hide-narrow">
              Number
            </th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same person can be skipped twice (a duplicate)
            <tr key={`${s.personId ?? s.line ?? s.to}-${index}`} data-testid="skipped-row">
              <td>
                {s.name || <span className="muted">No name</span>}
                {s.line !== null ? <span className="muted small block">line {s.line}</span> : null}
              </td>
              <td className="hide-narrow">
                {s.to ? formatPhone(s.to) : <span className="muted">none</span>}
              </td>
              <td>
                <span className="badge badge-warn">{skipLabel(s.reason)}</span>
                <span className="small block muted">{s.detail}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * What a mailshot will do before it is launched: who gets it, what it costs against the balance,
 * a few texts as each person will read them, and everyone left out with the reason.
 */
export function MailshotPreview({
  preview,
  stale,
  actions,
  scrollIntoView,
}: {
  preview: CampaignPreview
  stale?: boolean
  actions?: ReactNode
  /** Brings each new preview into view (it opens below a long form). */
  scrollIntoView?: boolean
}) {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    if (scrollIntoView && preview) ref.current?.scrollIntoView({ block: 'start' })
  }, [preview, scrollIntoView])
  const reasons = Object.entries(preview.skippedByReason).filter(([, n]) => n > 0)
  return (
    <section
      ref={ref}
      className={`card mailshot-preview${stale ? ' is-stale' : ''}`}
      aria-labelledby="preview-title"
      data-testid="mailshot-preview"
    >
      <header className="card-header">
        <h2 id="preview-title">Preview</h2>
        {stale ? <span className="badge badge-warn">Changed since: preview again</span> : null}
      </header>
      <div className="figures" data-testid="preview-figures">
        <Figure
          icon={Users}
          value={preview.recipients}
          label={preview.recipients === 1 ? 'recipient' : 'recipients'}
        />
        <Figure icon={Ban} value={preview.skipped} label="skipped" />
        <Figure
          icon={MessageSquare}
          value={preview.segments}
          label={preview.segments === 1 ? 'segment' : 'segments'}
        />
        <Figure icon={Coins} value={preview.credits} label={preview.credits === 1 ? 'credit' : 'credits'} />
      </div>
      <p className="muted small" data-testid="preview-balance">
        Balance {preview.balance.toLocaleString()} credits
        {preview.enoughCredits
          ? `; ${(preview.balance - preview.credits).toLocaleString()} left after this mailshot.`
          : '.'}
      </p>
      {preview.enoughCredits ? null : <CreditRefusal needed={preview.credits} available={preview.balance} />}
      {preview.quietHours ? (
        <p className="warning-note small" role="note" data-testid="preview-quiet-hours">
          <Moon size={14} aria-hidden="true" /> Quiet hours hold {plural(preview.quietHours.held, 'text')} to
          the end of the recipient's quiet hours; the last goes at {preview.quietHours.lastLocalTime} their
          time ({preview.quietHours.lastTimeZone}), {formatDateTime(preview.quietHours.lastHeldUntil)} yours.
        </p>
      ) : null}
      {preview.samples.length ? (
        <>
          <h3>How it reads</h3>
          <ul className="samples">
            {preview.samples.map((s) => (
              <li key={`${s.personId ?? ''}${s.to}`} className="sample" data-testid="sample">
                <div className="sample-who">
                  <strong>{s.name || formatPhone(s.to)}</strong>
                  <span className="muted small">{formatPhone(s.to)}</span>
                </div>
                <p className="sample-body">{s.body}</p>
                <span className="muted small">
                  {plural(s.segments, 'segment')} · {s.encoding} · {plural(s.credits, 'credit')}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {preview.skipped > 0 ? (
        <>
          <h3>
            <AlertTriangle size={16} aria-hidden="true" className="warning-text" />{' '}
            {plural(preview.skipped, 'person', 'people')} will not be texted
          </h3>
          <p className="small">
            {reasons.map(([reason, n]) => (
              <span key={reason} className="badge badge-warn">
                {skipLabel(reason)}: {n}
              </span>
            ))}
          </p>
          <SkippedTable items={preview.skippedRecipients} />
          {preview.skippedTruncated ? (
            <p className="muted small">
              Only the first {preview.skippedRecipients.length} are listed; after the launch every one is in
              the mailshot's skipped list.
            </p>
          ) : null}
        </>
      ) : null}
      {actions ? <div className="preview-actions">{actions}</div> : null}
    </section>
  )
}
