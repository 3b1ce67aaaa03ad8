export interface OptOutsTable {
  org_id: string
  phone_e164: string
  opted_out: number
  updated_at: string
}

/** How and when a number opted out or back in: the record the regulator asks for. */
export interface OptOutEventsTable {
  id: string
  org_id: string
  phone_e164: string
  action: 'opt_out' | 'opt_in'
  source: 'keyword' | 'manual' | 'api' | 'provider'
  keyword: string | null
  message_id: string | null
  user_id: string | null
  created_at: string
}
