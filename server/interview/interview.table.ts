import type { Selectable } from 'kysely'

export interface InterviewsTable {
  id: string
  org_id: string
  person_id: string
  job_id: string | null
  /** The recruiter who invited; told when the candidate answers. */
  user_id: string | null
  title: string
  location: string | null
  duration_minutes: number
  /** IANA zone the candidate's page shows times in. */
  time_zone: string
  /** invited | confirmed | change_requested | cancelled */
  status: string
  confirmed_slot_id: string | null
  answer_note: string | null
  answered_at: string | null
  /** Random part of the signed link; the link itself is never stored. */
  link_id: string
  expires_at: string
  message_id: string | null
  created_at: string
  updated_at: string
}
export type InterviewRow = Selectable<InterviewsTable>

export interface InterviewSlotsTable {
  id: string
  interview_id: string
  starts_at: string
  position: number
}
export type InterviewSlotRow = Selectable<InterviewSlotsTable>
