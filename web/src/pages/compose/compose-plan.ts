import { useQueries } from '@tanstack/react-query'
import { previewQuery } from '../../api/messages'
import { useOptOutChecks } from '../../api/opt-outs'
import { renderTemplate, type Template, templateKeys } from '../../api/templates'
import { formatDateTime } from '../../format'
import { type Recipient, recipientLabel } from '../messaging/recipient-picker'

/** People whose text compose fills in here, to show it; the server fills in everyone's at send. */
export const TEMPLATE_SAMPLES = 3

export interface PlannedSend {
  recipient: Recipient
  /** The text as filled in here, or null when the server fills it in at send (beyond the samples). */
  body: string | null
  credits: number | null
}

export interface Skip {
  recipient: Recipient
  /** Short, for the recipient chip. */
  note: string
  /** The whole reason, for the list above the send button. */
  reason: string
}

function numberOf(recipient: Recipient): string | null {
  if (recipient.kind === 'group') return null
  return recipient.kind === 'number' ? recipient.number : recipient.person.mobile
}

/**
 * Who will get what, known before the send button is pressed: people without a mobile, numbers on
 * the suppression list (POST /opt-outs/check), and with a template, how the first few people read it
 * (or why it cannot be filled in for them). Everyone else's text is filled in by the server at send,
 * so their credits are an estimate.
 */
export function useComposePlan(input: {
  recipients: Recipient[]
  body: string
  template: Template | null
  withLink: boolean
}) {
  const { recipients, template, withLink } = input
  const { checks, checking } = useOptOutChecks(recipients.flatMap((r) => numberOf(r) ?? []))
  const personal = Boolean(template && template.fields.length > 0)
  const document = template?.document ?? null
  // the server fills in these texts: for each person a different one
  const perPerson = personal || Boolean(document)
  const sampled = template
    ? recipients
        .flatMap((r) => (r.kind === 'person' && r.person.mobile ? [r.person.id] : []))
        .slice(0, TEMPLATE_SAMPLES)
    : []
  const renders = useQueries({
    queries: sampled.map((personId) => ({
      queryKey: templateKeys.render(template?.id ?? '', personId),
      queryFn: ({ signal }: { signal: AbortSignal }) => renderTemplate(template?.id ?? '', personId, signal),
      staleTime: 30_000,
      retry: false,
    })),
  })
  const rendered = new Map(sampled.map((id, index) => [id, renders[index]]))

  const skips: Skip[] = []
  const sends: { recipient: Recipient; body: string | null }[] = []
  // A group goes whole: the server checks each member (opt-outs, mobiles, duplicates) at send.
  const groups = recipients.flatMap((r) => (r.kind === 'group' ? [r.group] : []))
  let pending = checking
  for (const recipient of recipients) {
    if (recipient.kind === 'group') continue
    const label = recipientLabel(recipient)
    const number = numberOf(recipient)
    if (!number) {
      skips.push({ recipient, note: 'no mobile', reason: `${label} has no mobile number.` })
      continue
    }
    const check = checks.get(number)
    if (check?.optedOut) {
      const since = check.since ? ` since ${formatDateTime(check.since)}` : ''
      const keyword = check.history.find((h) => h.action === 'opt_out')?.keyword
      skips.push({
        recipient,
        note: 'opted out',
        reason: `${label} has opted out of texts${since}${keyword ? ` (replied ${keyword})` : ''}.`,
      })
      continue
    }
    if (!template) {
      sends.push({ recipient, body: input.body.trim() })
      continue
    }
    if (recipient.kind === 'number') {
      if (document) {
        skips.push({
          recipient,
          note: 'no record',
          reason: `${label} is a typed number: the template's document is filled in from a person's record.`,
        })
      } else if (personal) {
        skips.push({
          recipient,
          note: 'no record',
          reason: `${label} is a typed number: the template's merge fields need a person's record.`,
        })
      } else {
        sends.push({ recipient, body: template.body })
      }
      continue
    }
    const render = rendered.get(recipient.person.id)
    if (!render) {
      sends.push({ recipient, body: perPerson ? null : template.body })
    } else if (render.error) {
      skips.push({ recipient, note: 'template error', reason: `${label}: ${render.error.message}` })
    } else if (!render.data) {
      pending = true
    } else if (render.data.missingFields.length > 0) {
      skips.push({
        recipient,
        note: 'missing field',
        reason: `${label}: the template prints ${render.data.missingFields.join(', ')}, which ${
          render.data.missingFields.length === 1 ? 'is' : 'are'
        } empty on the record.`,
      })
    } else {
      sends.push({ recipient, body: render.data.body })
    }
  }

  const groupMembers = groups.reduce((sum, g) => sum + g.memberCount, 0)
  // Group members get the typed text (or a template the same for everyone) as is.
  const groupBody = groupMembers && !perPerson ? (template ? template.body : input.body.trim()) : ''
  // With nobody filled in here, a text per person is estimated from the template as written.
  const unsampledBody = template && !sends.some((s) => s.body) ? template.body : ''
  const bodies = [...new Set([...sends.map((s) => s.body ?? ''), groupBody, unsampledBody].filter(Boolean))]
  const costs = useQueries({
    queries: bodies.map((body) =>
      previewQuery(body, withLink || (Boolean(document) && body === unsampledBody)),
    ),
  })
  const creditsOf = new Map(bodies.map((body, index) => [body, costs[index]?.data?.credits ?? null]))
  const planned: PlannedSend[] = sends.map((s) => ({
    ...s,
    credits: s.body === null ? null : (creditsOf.get(s.body) ?? null),
  }))
  // A text the server fills in is counted like the dearest one filled in here.
  const sampleCredits = planned.flatMap((s) => (s.credits === null ? [] : [s.credits]))
  const perText = sampleCredits.length ? Math.max(...sampleCredits) : (creditsOf.get(unsampledBody) ?? 0)
  const unsampled = planned.filter((s) => s.body === null).length + (perPerson ? groupMembers : 0)
  const groupCredits = groupBody ? groupMembers * (creditsOf.get(groupBody) ?? 0) : 0
  const totalCredits = planned.reduce((sum, s) => sum + (s.credits ?? 0), groupCredits) + unsampled * perText
  const tooLong = costs.some((c) => c.data?.tooLong)
  const sample = planned.find((s) => s.body !== null && s.recipient.kind === 'person') ?? null
  return {
    sends: planned,
    skips,
    pending,
    totalCredits,
    /** The total counts texts the server fills in at send like the samples. */
    estimated: unsampled > 0,
    sample,
    tooLong,
    groups,
    groupMembers,
  }
}
