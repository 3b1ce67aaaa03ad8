/** The platform operator's tokens: never an organization's, stored as hashes like API keys. */
export interface OperatorTokensTable {
  id: string
  name: string
  /** The first characters of the token, shown in lists so an operator can tell tokens apart. */
  prefix: string
  token_hash: string
  last_used_at: string | null
  revoked_at: string | null
  created_at: string
}
