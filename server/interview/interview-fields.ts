import type { InterviewDto, InterviewStatus } from '../../common/api/interviews'
import type { Config } from '../config'
import type { Db } from '../db/database'
import { errors } from '../errors'
import type { InterviewFields } from '../template/merge-values'
import { findInterviewRow, listInterviewSlots } from './interview.repository'
import type { InterviewRow, InterviewSlotRow } from './interview.table'
import { linkUrl, signLink } from './signed-link'

/** The candidate's page; the token is re-created from the stored link id and expiry, never stored. */
export function interviewLink(
  config: Pick<Config, 'secretKey' | 'publicBaseUrl'>,
  row: InterviewRow,
): string {
  const token = signLink(config.secretKey, 'interview', row.link_id, new Date(row.expires_at))
  return linkUrl(config.publicBaseUrl, 'interview', token)
}

export function toInterviewDto(
  config: Pick<Config, 'secretKey' | 'publicBaseUrl'>,
  row: InterviewRow,
  slots: readonly InterviewSlotRow[],
): InterviewDto {
  return {
    id: row.id,
    personId: row.person_id,
    jobId: row.job_id,
    userId: row.user_id,
    title: row.title,
    location: row.location,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    status: row.status as InterviewStatus,
    slots: slots.map((s) => ({ id: s.id, startsAt: s.starts_at })),
    confirmedSlotId: row.confirmed_slot_id,
    answerNote: row.answer_note,
    answeredAt: row.answered_at,
    link: interviewLink(config, row),
    expiresAt: row.expires_at,
    messageId: row.message_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function interviewFieldsOf(
  config: Pick<Config, 'secretKey' | 'publicBaseUrl'>,
  row: InterviewRow,
  slots: readonly InterviewSlotRow[],
): InterviewFields {
  return {
    title: row.title,
    location: row.location,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    slots: slots.map((s) => s.starts_at),
    expiresAt: row.expires_at,
    link: interviewLink(config, row),
  }
}

/** An interview's merge fields, for previewing a template against it. */
export async function loadInterviewFields(
  db: Db,
  config: Pick<Config, 'secretKey' | 'publicBaseUrl'>,
  orgId: string,
  id: string,
): Promise<{ fields: InterviewFields; jobId: string | null; personId: string }> {
  const row = await findInterviewRow(db, orgId, id)
  if (!row) throw new errors.INTERVIEW_NOT_FOUND(id)
  const slots = await listInterviewSlots(db, row.id)
  return { fields: interviewFieldsOf(config, row, slots), jobId: row.job_id, personId: row.person_id }
}
