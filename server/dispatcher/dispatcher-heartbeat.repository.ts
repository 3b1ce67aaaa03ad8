import type { Db } from '../db/database'

/** Writes (or renews) a dispatcher's heartbeat: its claims are its own until `expiresAt`. */
export async function renewHeartbeat(
  db: Db,
  input: { id: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('dispatchers')
    .values({ id: input.id, started_at: input.now, expires_at: input.expiresAt })
    .onConflict((oc) => oc.column('id').doUpdateSet({ expires_at: input.expiresAt }))
    .execute()
}

/** A dispatcher that stopped cleanly holds nothing: its heartbeat goes. */
export async function removeHeartbeat(db: Db, id: string): Promise<void> {
  await db.deleteFrom('dispatchers').where('id', '=', id).execute()
}

/** Heartbeats of dispatchers long dead (a row without one counts as dead all the same). */
export async function removeExpiredHeartbeats(db: Db, expiredBefore: string): Promise<void> {
  await db.deleteFrom('dispatchers').where('expires_at', '<', expiredBefore).execute()
}
