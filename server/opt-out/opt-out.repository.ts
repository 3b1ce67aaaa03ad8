import type { Db } from '../db/database'
import { newId } from '../ids'
import type { OptOutEventsTable } from './opt-out.table'

/** The latest opt-out of a number, or undefined when it may be texted. */
export async function findOptOut(db: Db, orgId: string, phone: string) {
  const row = await db
    .selectFrom('opt_outs')
    .select(['opted_out', 'updated_at'])
    .where('org_id', '=', orgId)
    .where('phone_e164', '=', phone)
    .executeTakeFirst()
  if (row?.opted_out !== 1) return undefined
  const event = await db
    .selectFrom('opt_out_events')
    .select(['keyword', 'source', 'created_at', 'message_id'])
    .where('org_id', '=', orgId)
    .where('phone_e164', '=', phone)
    .where('action', '=', 'opt_out')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return {
    since: row.updated_at,
    keyword: event?.keyword ?? null,
    source: event?.source ?? 'manual',
    /** The received text that opted the number out, when a keyword did. */
    messageId: event?.message_id ?? null,
  }
}

export async function findOptedOutPhones(
  db: Db,
  orgId: string,
  phones: readonly string[],
): Promise<Set<string>> {
  if (phones.length === 0) return new Set()
  const rows = await db
    .selectFrom('opt_outs')
    .select('phone_e164')
    .where('org_id', '=', orgId)
    .where('opted_out', '=', 1)
    .where('phone_e164', 'in', phones)
    .execute()
  return new Set(rows.map((r) => r.phone_e164))
}

export async function recordOptChange(db: Db, event: Omit<OptOutEventsTable, 'id'>): Promise<void> {
  await db
    .insertInto('opt_outs')
    .values({
      org_id: event.org_id,
      phone_e164: event.phone_e164,
      opted_out: event.action === 'opt_out' ? 1 : 0,
      updated_at: event.created_at,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'phone_e164']).doUpdateSet({
        opted_out: event.action === 'opt_out' ? 1 : 0,
        updated_at: event.created_at,
      }),
    )
    .execute()
  await db
    .insertInto('opt_out_events')
    .values({ id: newId(), ...event })
    .execute()
}

export async function listOptOutEvents(db: Db, orgId: string, phone: string) {
  return db
    .selectFrom('opt_out_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('phone_e164', '=', phone)
    .orderBy('id', 'desc')
    .execute()
}

/** Numbers of `orgId` opted out now, most recent first. */
export async function listOptedOut(db: Db, orgId: string, limit: number) {
  return db
    .selectFrom('opt_outs')
    .select(['phone_e164', 'updated_at'])
    .where('org_id', '=', orgId)
    .where('opted_out', '=', 1)
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute()
}
