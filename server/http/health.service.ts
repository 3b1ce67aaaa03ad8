import type { Db } from '../db/database'
import { pingDatabase } from './health.repository'

export type DatabaseCheck = { ok: true } | { ok: false; error: string }

/** Whether the database answers a query now, and if not, why. */
export async function checkDatabase(db: Db): Promise<DatabaseCheck> {
  try {
    await pingDatabase(db)
    return { ok: true }
  } catch (error) {
    return { ok: false, error: String(error) }
  }
}
