import type { Static } from 'typebox'
import type { CreateInterviewBody, InterviewDto, ListInterviewsQuery } from '../../common/api/interviews'
import { parseDateTime } from '../core/dates'
import { canonicalTimeZone } from '../core/record-fields'
import { errors } from '../errors'
import { newId } from '../ids'
import { getOrganization } from '../organization/organization.service'
import { resolveRecipient } from '../outbound/recipient'
import { type Sender, sendToRecipient } from '../outbound/send.service'
import { type Page, pageRequest } from '../pagination'
import { findPersonById } from '../person/person.repository'
import type { ServiceDeps } from '../service-deps'
import { interviewValues } from '../template/merge-values'
import { compileOrThrow, requireSmsTemplate } from '../template/template.service'
import { loadMergeValues } from '../template/template-context'
import { renderTemplate, TemplateRenderError, usesField } from '../template/template-engine'
import { findUserById } from '../user/user.repository'
import {
  deleteInterview,
  findInterviewRow,
  insertInterview,
  listInterviewRows,
  listInterviewSlots,
  setInterviewMessage,
} from './interview.repository'
import type { InterviewRow, InterviewSlotRow } from './interview.table'
import { interviewFieldsOf, toInterviewDto } from './interview-fields'
import { linkExpiry, newLinkId } from './signed-link'

const YEAR_MS = 366 * 86_400_000
const MAX_LINK_DAYS = 90

/** Proposed times: real, in the future, within a year, each once; returned in time order. */
export function checkSlots(slots: readonly string[], now: Date): string[] {
  const seen = new Map<number, number>()
  slots.forEach((slot, index) => {
    const parsed = parseDateTime(slot)
    if (!parsed.ok) throw new errors.INTERVIEW_SLOTS_INVALID(`slots[${index}] "${slot}" ${parsed.reason}`)
    const at = parsed.date.getTime()
    if (at <= now.getTime())
      throw new errors.INTERVIEW_SLOTS_INVALID(`slots[${index}] ${slot} is in the past`)
    if (at - now.getTime() > YEAR_MS) {
      throw new errors.INTERVIEW_SLOTS_INVALID(`slots[${index}] ${slot} is more than a year ahead`)
    }
    const earlier = seen.get(at)
    if (earlier !== undefined) {
      throw new errors.INTERVIEW_SLOTS_INVALID(`slots[${index}] is the same time as slots[${earlier}]`)
    }
    seen.set(at, index)
  })
  return [...seen.keys()].sort((a, b) => a - b).map((at) => new Date(at).toISOString())
}

function chooseExpiry(requested: string | undefined, lastSlot: string, now: Date): Date {
  const parsed = parseDateTime(requested ?? lastSlot)
  if (!parsed.ok) throw new errors.REQUEST_INVALID(`expiresAt "${requested}" ${parsed.reason}`)
  const at = parsed.date
  if (at.getTime() <= now.getTime()) throw new errors.REQUEST_INVALID(`expiresAt ${requested} is in the past`)
  if (at.getTime() - now.getTime() > MAX_LINK_DAYS * 86_400_000) {
    throw new errors.REQUEST_INVALID(
      `expiresAt must be within ${MAX_LINK_DAYS} days; the link is a key to the booking`,
    )
  }
  return linkExpiry(at)
}

/**
 * Creates an interview with proposed slots and texts the candidate an invitation carrying their
 * signed link. The interview exists only if the text was accepted (credits, opt-out, number).
 */
export async function inviteCandidate(
  deps: ServiceDeps,
  sender: Sender,
  input: CreateInterviewBody,
): Promise<InterviewDto> {
  const db = deps.database.db
  const now = deps.clock.now()
  if ((input.templateId === undefined) === (input.body === undefined)) {
    throw new errors.REQUEST_INVALID('body must have exactly one of "templateId" or "body"')
  }
  const compiled = input.templateId
    ? (await requireSmsTemplate(db, sender.orgId, input.templateId)).compiled
    : compileOrThrow(input.body ?? '')
  if (!usesField(compiled, 'interview.link')) throw new errors.INTERVIEW_LINK_MISSING()
  const person = await findPersonById(db, sender.orgId, input.personId)
  if (!person) throw new errors.PERSON_NOT_FOUND(input.personId)
  const slots = checkSlots(input.slots, now)
  let timeZone = person.timeZone
  if (input.timeZone !== undefined) {
    timeZone = canonicalTimeZone(input.timeZone) ?? null
    if (!timeZone) throw new errors.TIME_ZONE_INVALID(`timeZone "${input.timeZone}" is not an IANA time zone`)
  }
  const user = sender.userId ? await findUserById(db, sender.orgId, sender.userId) : undefined
  const at = now.toISOString()
  const row: InterviewRow = {
    id: newId(),
    org_id: sender.orgId,
    person_id: person.id,
    job_id: input.jobId ?? null,
    user_id: sender.userId,
    title: input.title ?? 'Interview',
    location: input.location ?? null,
    duration_minutes: input.durationMinutes ?? 30,
    time_zone: timeZone ?? user?.timeZone ?? 'UTC',
    status: 'invited',
    confirmed_slot_id: null,
    answer_note: null,
    answered_at: null,
    link_id: newLinkId(),
    expires_at: chooseExpiry(input.expiresAt, slots[slots.length - 1]!, now).toISOString(),
    message_id: null,
    created_at: at,
    updated_at: at,
  }
  const slotRows: InterviewSlotRow[] = slots.map((startsAt, position) => ({
    id: newId(),
    interview_id: row.id,
    starts_at: startsAt,
    position,
  }))
  const values = await loadMergeValues(db, sender.orgId, {
    personId: person.id,
    jobId: input.jobId,
    userId: sender.userId,
  })
  if (input.title === undefined && values.job?.title) row.title = `Interview: ${values.job.title}`
  values.interview = interviewValues(interviewFieldsOf(deps.config, row, slotRows))
  let text: string
  try {
    const rendered = renderTemplate(compiled, values)
    if (rendered.missing.length > 0 && !input.allowEmptyFields) {
      throw new errors.TEMPLATE_FIELDS_MISSING(
        `${person.firstName} ${person.lastName}`.trim(),
        rendered.missing.join(', '),
      )
    }
    text = rendered.text
  } catch (error) {
    if (error instanceof TemplateRenderError) throw new errors.TEMPLATE_RENDER_FAILED(error.message)
    throw error
  }
  const org = await getOrganization(db, sender.orgId)
  const recipient = await resolveRecipient(db, sender.orgId, org.settings, { personId: person.id })
  await db.transaction().execute((trx) => insertInterview(trx, row, slotRows))
  try {
    const { message } = await sendToRecipient(deps, sender, org, recipient, {
      body: text,
      kind: 'one_to_one',
      ...(input.connectionId ? { connectionId: input.connectionId } : {}),
    })
    row.message_id = message.id
    await setInterviewMessage(db, row.id, message.id)
  } catch (error) {
    // No invitation went out, so no interview is left waiting for an answer.
    await db.transaction().execute((trx) => deleteInterview(trx, row.id))
    throw error
  }
  return toInterviewDto(deps.config, row, slotRows)
}

/** One page of the interviews of `orgId` that match every filter of `query`, newest first, with their times. */
export async function listInterviews(
  deps: ServiceDeps,
  orgId: string,
  query: Static<typeof ListInterviewsQuery>,
): Promise<Page<InterviewDto>> {
  const db = deps.database.db
  const { cursor, limit, ...filter } = query
  const page = await listInterviewRows(db, orgId, filter, pageRequest({ cursor, limit }))
  const items = []
  for (const row of page.items)
    items.push(toInterviewDto(deps.config, row, await listInterviewSlots(db, row.id)))
  return { items, nextCursor: page.nextCursor }
}

/** One interview of `orgId` and its answer; INTERVIEW_NOT_FOUND unless it exists. */
export async function getInterview(deps: ServiceDeps, orgId: string, id: string): Promise<InterviewDto> {
  const db = deps.database.db
  const row = await findInterviewRow(db, orgId, id)
  if (!row) throw new errors.INTERVIEW_NOT_FOUND(id)
  return toInterviewDto(deps.config, row, await listInterviewSlots(db, row.id))
}
