/** One `Idempotency-Key` an organization used, and once answered, the answer (server/http/idempotency.plugin.ts). */
export interface IdempotencyKeysTable {
  org_id: string
  key: string
  fingerprint: string
  /** "POST /api/v1/people", for the error that names the earlier request. */
  request: string
  status_code: number | null
  content_type: string | null
  body: string | null
  created_at: string
  completed_at: string | null
}
