import type { Selectable } from 'kysely'

export interface TemplatesTable {
  id: string
  org_id: string
  name: string
  /** general | interview_invitation | offer | reminder | marketing | rejection */
  category: string
  /** Liquid source, checked when saved. */
  body: string
  /** 0 for texts that must not go by SMS (rejections by default, seed 003). */
  sms_allowed: number
  created_by: string | null
  created_at: string
  updated_at: string
}
export type TemplateRow = Selectable<TemplatesTable>
