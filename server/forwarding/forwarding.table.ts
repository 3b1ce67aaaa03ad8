/** Texts received on `number_e164` are also sent to `emails` and/or `mobile_e164`. */
export interface ForwardingRulesTable {
  id: string
  org_id: string
  /** The organization's number the rule listens on (a connection's sender). */
  number_e164: string
  /** JSON array of e-mail addresses. */
  emails: unknown
  mobile_e164: string | null
  created_at: string
  updated_at: string
}
