/** One e-mail to send. `pending` until sent (`sent`) or given up after the last attempt (`failed`). */
export interface EmailOutboxTable {
  id: string
  org_id: string
  /** What the e-mail is of (e.g. `forward:<message id>:<address>`): an e-mail is queued once. */
  dedupe_key: string
  to_address: string
  subject: string
  body: string
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  last_error: string | null
  due_at: string
  /** While set and in the future, a worker holds the row. */
  lease_until: string | null
  sent_at: string | null
  created_at: string
}
