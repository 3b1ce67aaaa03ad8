import type { Selectable } from 'kysely'

export interface CampaignsTable {
  id: string
  org_id: string
  name: string
  /** draft | launched | paused | cancelled; scheduled, running and completed are read from its messages. */
  status: string
  /** JSON: `{ type: 'search', filter }`, `{ type: 'group', groupId }`, `{ type: 'people', personIds }` or `{ type: 'csv' }`. */
  source: unknown
  /** The uploaded recipient list when the source is a CSV, kept as sent so preview and launch read the same rows. */
  csv_text: string | null
  template_id: string | null
  /** The text typed, or the template's text as it was at launch. */
  body: string | null
  subject: string | null
  connection_id: string | null
  job_id: string | null
  attachment_id: string | null
  repliable: number
  send_at: string | null
  link_expiry_days: number
  created_by: string | null
  created_at: string
  updated_at: string
  launched_at: string | null
  paused_at: string | null
  cancelled_at: string | null
  /** Figures fixed at launch. */
  recipients: number
  skipped: number
  segments: number
  credits: number
  refunded_credits: number
}
export type CampaignRow = Selectable<CampaignsTable>
