export interface RoutingRulesTable {
  id: string
  org_id: string
  /** office: the sender's office; country: the destination's country; sticky: the number the person last texted. */
  kind: 'office' | 'country' | 'sticky'
  /** Office id or ISO country code; null for sticky. */
  match: string | null
  connection_id: string
  /** Lower runs first. */
  priority: number
  created_at: string
}
