import type { InterviewDto } from '../../common/api/interviews'
import { nowIso } from '../clock'
import { readingKeys } from '../config'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findMessageRow } from '../message/message.repository'
import { announceNotifications, notifyUsers } from '../notification/notification.service'
import { findOrganization } from '../organization/organization.repository'
import { findPersonById } from '../person/person.repository'
import type { ServiceDeps } from '../service-deps'
import { formatSlot } from '../template/merge-values'
import { findUserById } from '../user/user.repository'
import {
  findInterviewByLinkId,
  findInterviewRow,
  listInterviewSlots,
  updateInterviewIf,
} from './interview.repository'
import type { InterviewRow, InterviewSlotRow } from './interview.table'
import { toInterviewDto } from './interview-fields'
import { verifyLink } from './signed-link'

export type Answer = { slotId: string } | { other: true; note: string }

export type AnswerResult =
  | { outcome: 'confirmed'; slot: InterviewSlotRow; repeated: boolean }
  | { outcome: 'change_requested'; repeated: boolean }
  /** Asked to confirm another time after confirming one: the first answer stands. */
  | { outcome: 'already_confirmed'; slot: InterviewSlotRow }
  | { outcome: 'cancelled' }
  | { outcome: 'slot_unavailable' }

/** What the candidate's page shows: the interview, its times, whom it is from. */
export interface InterviewPage {
  row: InterviewRow
  slots: InterviewSlotRow[]
  firstName: string
  orgName: string
  recruiter: string | null
}

export type InterviewPageOutcome =
  | { status: 'ok'; page: InterviewPage }
  | { status: 'invalid' }
  /** The link's time ran out; the page still names the recruiter to ask. */
  | { status: 'expired'; recruiter: string | null }

/** Opens the candidate's page from the token of its link: the page's data, or why there is none. */
export async function openInterviewPage(deps: ServiceDeps, token: string): Promise<InterviewPageOutcome> {
  const db = deps.database.db
  const link = verifyLink(readingKeys(deps.config), 'interview', token, deps.clock.now())
  const row = link.status === 'invalid' ? undefined : await findInterviewByLinkId(db, link.linkId)
  if (
    link.status === 'invalid' ||
    !row ||
    new Date(row.expires_at).getTime() !== new Date(link.expiresAt).getTime()
  ) {
    return { status: 'invalid' }
  }
  const recruiter = row.user_id ? ((await findUserById(db, row.org_id, row.user_id))?.name ?? null) : null
  if (link.status === 'expired') return { status: 'expired', recruiter }
  const person = await findPersonById(db, row.org_id, row.person_id, { includeDeleted: true })
  return {
    status: 'ok',
    page: {
      row,
      slots: await listInterviewSlots(db, row.id),
      firstName: person?.firstName || 'there',
      orgName: (await findOrganization(db, row.org_id))?.name ?? '',
      recruiter,
    },
  }
}

async function notifyRecruiter(trx: Db, row: InterviewRow, title: string, body: string, at: string) {
  if (!row.user_id) return []
  const message = row.message_id ? await findMessageRow(trx, row.org_id, row.message_id) : undefined
  return notifyUsers(
    trx,
    [row.user_id],
    {
      org_id: row.org_id,
      type: 'interview.answered',
      message_id: row.message_id,
      conversation_id: message?.conversation_id ?? null,
      title,
      body,
    },
    at,
  )
}

async function candidateName(db: Db, row: InterviewRow): Promise<string> {
  const person = await findPersonById(db, row.org_id, row.person_id, { includeDeleted: true })
  return [person?.firstName, person?.lastName].filter(Boolean).join(' ') || 'The candidate'
}

/**
 * Records a candidate's answer from the public page. Each change is a conditional update from the
 * status that was read, so a double-submitted form changes nothing the second time and the
 * recruiter is told once.
 */
export async function answerInterview(
  deps: ServiceDeps,
  interview: InterviewRow,
  answer: Answer,
): Promise<AnswerResult> {
  const db = deps.database.db
  const slots = await listInterviewSlots(db, interview.id)
  const now = deps.clock.now()
  let row = interview
  for (let attempt = 0; attempt < 3; attempt++) {
    if (row.status === 'cancelled') return { outcome: 'cancelled' }
    const at = now.toISOString()
    const name = await candidateName(db, row)
    if ('slotId' in answer) {
      const slot = slots.find((s) => s.id === answer.slotId)
      if (row.status === 'confirmed') {
        const confirmed = slots.find((s) => s.id === row.confirmed_slot_id)
        if (confirmed && confirmed.id === answer.slotId)
          return { outcome: 'confirmed', slot: confirmed, repeated: true }
        if (confirmed) return { outcome: 'already_confirmed', slot: confirmed }
      }
      if (!slot || new Date(slot.starts_at).getTime() <= now.getTime()) return { outcome: 'slot_unavailable' }
      const when = formatSlot(new Date(slot.starts_at), row.time_zone)
      const result = await db.transaction().execute(async (trx) => {
        const ok = await updateInterviewIf(trx, row.id, [row.status], {
          status: 'confirmed',
          confirmed_slot_id: slot.id,
          answered_at: at,
          updated_at: at,
        })
        if (!ok) return null
        return notifyRecruiter(trx, row, `${name} confirmed ${when.date} ${when.time}`, row.title, at)
      })
      if (result) {
        announceNotifications(deps.events, result)
        return { outcome: 'confirmed', slot, repeated: false }
      }
    } else {
      if (row.status === 'change_requested') return { outcome: 'change_requested', repeated: true }
      const note = answer.note.trim().slice(0, 500)
      const result = await db.transaction().execute(async (trx) => {
        const ok = await updateInterviewIf(trx, row.id, [row.status], {
          status: 'change_requested',
          confirmed_slot_id: null,
          answer_note: note || null,
          answered_at: at,
          updated_at: at,
        })
        if (!ok) return null
        return notifyRecruiter(trx, row, `${name} asked for another interview time`, note || row.title, at)
      })
      if (result) {
        announceNotifications(deps.events, result)
        return { outcome: 'change_requested', repeated: false }
      }
    }
    // Another answer changed the interview between the read and the update: decide again on what it is now.
    row = (await findInterviewRow(db, row.org_id, row.id)) ?? row
  }
  throw new Error(`interview ${interview.id} kept changing while answering`)
}

export async function cancelInterview(deps: ServiceDeps, orgId: string, id: string): Promise<InterviewDto> {
  const db = deps.database.db
  const row = await findInterviewRow(db, orgId, id)
  if (!row) throw new errors.INTERVIEW_NOT_FOUND(id)
  const at = nowIso(deps.clock)
  const ok = await updateInterviewIf(db, id, ['invited', 'confirmed', 'change_requested'], {
    status: 'cancelled',
    updated_at: at,
  })
  if (!ok) throw new errors.INTERVIEW_NOT_CANCELLABLE(id, row.status)
  return toInterviewDto(
    deps.config,
    { ...row, status: 'cancelled', updated_at: at },
    await listInterviewSlots(db, id),
  )
}
