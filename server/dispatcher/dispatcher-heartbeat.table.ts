/** A live dispatcher process: its claims are its own while `expires_at` is ahead (see dispatcher.ts). */
export interface DispatchersTable {
  id: string
  started_at: string
  expires_at: string
}
