import type { NumberOwner } from '../core/sender-number'
import type { Db } from '../db/database'

/** The other numbers of these connections (besides their senders), each list in number order. */
export async function listNumbersOf(
  db: Db,
  connectionIds: readonly string[],
): Promise<Map<string, string[]>> {
  const numbers = new Map<string, string[]>(connectionIds.map((id) => [id, []]))
  if (connectionIds.length === 0) return numbers
  const rows = await db
    .selectFrom('connection_numbers')
    .select(['connection_id', 'number'])
    .where('connection_id', 'in', [...connectionIds])
    .orderBy('number')
    .execute()
  for (const row of rows) numbers.get(row.connection_id)?.push(row.number)
  return numbers
}

/** Makes `numbers` a connection's other numbers: those left out are removed, new ones added. */
export async function replaceNumbersOf(
  db: Db,
  input: { orgId: string; connectionId: string; numbers: readonly string[]; at: string },
): Promise<void> {
  const { connectionId, numbers } = input
  let removal = db.deleteFrom('connection_numbers').where('connection_id', '=', connectionId)
  if (numbers.length > 0) removal = removal.where('number', 'not in', [...numbers])
  await removal.execute()
  if (numbers.length === 0) return
  await db
    .insertInto('connection_numbers')
    .values(
      numbers.map((number) => ({
        connection_id: connectionId,
        org_id: input.orgId,
        number,
        created_at: input.at,
      })),
    )
    .onConflict((oc) => oc.columns(['connection_id', 'number']).doNothing())
    .execute()
}

/** Every connection of `orgId` that has one of `numbers`, as its sender or as another number. */
export async function findNumberOwners(
  db: Db,
  orgId: string,
  numbers: readonly string[],
): Promise<(NumberOwner & { number: string })[]> {
  if (numbers.length === 0) return []
  const bySender = await db
    .selectFrom('connections')
    .select(['id', 'name', 'disabled_at', 'is_default', 'created_at', 'sender as number'])
    .where('org_id', '=', orgId)
    .where('sender', 'in', [...numbers])
    .execute()
  const byNumber = await db
    .selectFrom('connection_numbers')
    .innerJoin('connections', 'connections.id', 'connection_numbers.connection_id')
    .select([
      'connections.id',
      'connections.name',
      'connections.disabled_at',
      'connections.is_default',
      'connections.created_at',
      'connection_numbers.number',
    ])
    .where('connection_numbers.org_id', '=', orgId)
    .where('connection_numbers.number', 'in', [...numbers])
    .execute()
  return [
    ...bySender.map((r) => ({ ...r, via: 'sender' as const })),
    ...byNumber.map((r) => ({ ...r, via: 'number' as const })),
  ].map((r) => ({
    number: r.number,
    connectionId: r.id,
    connectionName: r.name,
    enabled: r.disabled_at === null,
    isDefault: r.is_default === 1,
    createdAt: r.created_at,
    via: r.via,
  }))
}

/** The offices and users of `orgId` whose reply number is one of `numbers`. */
export async function findReplyNumberHolders(
  db: Db,
  orgId: string,
  numbers: readonly string[],
): Promise<{ kind: 'office' | 'user'; name: string; number: string }[]> {
  if (numbers.length === 0) return []
  const offices = await db
    .selectFrom('offices')
    .select(['name', 'reply_number'])
    .where('org_id', '=', orgId)
    .where('reply_number', 'in', [...numbers])
    .orderBy('name')
    .execute()
  const users = await db
    .selectFrom('users')
    .select(['name', 'reply_number'])
    .where('org_id', '=', orgId)
    .where('reply_number', 'in', [...numbers])
    .orderBy('name')
    .execute()
  return [
    ...offices.map((o) => ({ kind: 'office' as const, name: o.name, number: o.reply_number ?? '' })),
    ...users.map((u) => ({ kind: 'user' as const, name: u.name, number: u.reply_number ?? '' })),
  ]
}
