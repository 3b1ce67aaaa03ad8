import { sql } from 'kysely'
import type { Db } from '../db/database'

/** The smallest statement there is: it answers only when the database accepts queries. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db)
}
