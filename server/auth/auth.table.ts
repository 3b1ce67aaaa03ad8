export interface SessionsTable {
  /** sha256 of the cookie value: a leaked database does not leak live sessions. */
  id: string
  org_id: string
  user_id: string
  csrf_token: string
  expires_at: string
  created_at: string
}

export interface ApiKeysTable {
  id: string
  org_id: string
  user_id: string
  name: string
  /** The first characters of the key, shown in lists so a user can tell keys apart. */
  prefix: string
  key_hash: string
  last_used_at: string | null
  revoked_at: string | null
  created_at: string
}

/** Sign-in attempts per key (the client's address) and fixed one-minute window, shared by every instance. */
export interface LoginAttemptsTable {
  /** Start of the window, in milliseconds since the epoch. */
  window_start_ms: number
  key: string
  count: number
}
