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
  /** The document part's title and Liquid body (seed 000 document merge); both null when there is none. */
  document_title: string | null
  document_body: string | null
  created_by: string | null
  created_at: string
  updated_at: string
}
export type TemplateRow = Selectable<TemplatesTable>
