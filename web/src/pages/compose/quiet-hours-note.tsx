import { useQuery } from '@tanstack/react-query'
import { Moon } from 'lucide-react'
import type { CampaignPreview } from '../../api/campaigns'
import { api } from '../../api/client'
import type { Preview } from '../../api/messages'
import { formatDateTime, plural } from '../../format'
import type { Recipient } from '../messaging/recipient-picker'

export interface QuietHoursOverride {
  on: boolean
  reason: string
}

/**
 * Who quiet hours hold, asked of the server before sending: the one-to-one or the bulk preview. The
 * bulk preview (a mailshot preview, which needs `sms.send_bulk`) also gives the credits of the send.
 */
export function useQuietHoursHold(input: {
  recipients: Recipient[]
  body: string
  templateId: string | null
  attachmentId: string | null
  sendAt: string | undefined
  several: boolean
}) {
  const { recipients, body, templateId, attachmentId, sendAt, several } = input
  const one = !several ? recipients[0] : undefined
  const single = useQuery({
    queryKey: ['quiet-hours', 'one', one?.key, body, sendAt],
    enabled: Boolean(one && one.kind !== 'group'),
    queryFn: ({ signal }) =>
      api<Preview>('/api/v1/messages/preview', {
        method: 'POST',
        signal,
        body: {
          body,
          ...(one?.kind === 'person' ? { personId: one.person.id } : {}),
          ...(one?.kind === 'number' ? { to: one.number } : {}),
          ...(sendAt ? { sendAt } : {}),
        },
      }),
    placeholderData: (previous) => previous,
  })
  const personIds = recipients.flatMap((r) => (r.kind === 'person' ? [r.person.id] : []))
  const groupIds = recipients.flatMap((r) => (r.kind === 'group' ? [r.group.id] : []))
  const numbers = recipients.flatMap((r) => (r.kind === 'number' ? [r.number] : []))
  const bulk = useQuery({
    queryKey: ['quiet-hours', 'bulk', personIds, groupIds, numbers, body, templateId, attachmentId, sendAt],
    enabled: several && Boolean(templateId || body.trim()),
    retry: false,
    queryFn: ({ signal }) =>
      api<CampaignPreview>('/api/v1/campaigns/preview', {
        method: 'POST',
        signal,
        body: {
          source: { type: 'recipients', personIds, groupIds, numbers },
          ...(templateId ? { templateId } : { body: body.trim() }),
          ...(attachmentId ? { attachmentId } : {}),
          ...(sendAt ? { sendAt } : {}),
        },
      }),
    placeholderData: (previous) => previous,
  })
  return {
    one: !several && one && one.kind !== 'group' ? (single.data?.quietHours ?? null) : null,
    several: several ? (bulk.data?.quietHours ?? null) : null,
    /** The credits the bulk send will take, as the server counts them; null until it answers. */
    bulkCredits: several && bulk.data && !bulk.isPlaceholderData ? bulk.data.credits : null,
  }
}

/**
 * Said before sending: when quiet hours hold the text, when it will go on the recipient's clock;
 * a single text may be sent now anyway, with a reason, unless `override` is null (a text with a
 * PDF link, whose send takes no override).
 */
export function QuietHoursNote({
  hold,
  override,
  onOverride,
}: {
  hold: ReturnType<typeof useQuietHoursHold>
  override: QuietHoursOverride | null
  onOverride: (next: QuietHoursOverride) => void
}) {
  if (hold.one) {
    return (
      <div className="warning-note" role="note" data-testid="quiet-hours-note">
        <p>
          <Moon size={14} aria-hidden="true" /> Quiet hours: this text will go at {hold.one.localTime} their
          time ({hold.one.timeZone}), {formatDateTime(hold.one.heldUntil)} yours.
        </p>
        {override ? (
          <>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={override.on}
                onChange={(e) => onOverride({ ...override, on: e.target.checked })}
              />
              Send now anyway
            </label>
            {override.on ? (
              <label className="field">
                <span className="field-label">Why it cannot wait</span>
                <input
                  value={override.reason}
                  maxLength={500}
                  onChange={(e) => onOverride({ ...override, reason: e.target.value })}
                  placeholder="e.g. shift starts at 06:00 and they asked to be told tonight"
                />
              </label>
            ) : null}
          </>
        ) : null}
      </div>
    )
  }
  if (hold.several) {
    return (
      <div className="warning-note" role="note" data-testid="quiet-hours-note">
        <p>
          <Moon size={14} aria-hidden="true" /> Quiet hours: {plural(hold.several.held, 'text')}{' '}
          {hold.several.held === 1 ? 'is' : 'are'} held to the end of the recipient's quiet hours; the last
          goes at {hold.several.lastLocalTime} their time ({hold.several.lastTimeZone}),{' '}
          {formatDateTime(hold.several.lastHeldUntil)} yours.
        </p>
      </div>
    )
  }
  return null
}
