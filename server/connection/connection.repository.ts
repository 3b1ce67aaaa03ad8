import { readJson } from '../db/columns'
import type { Db, Dialect } from '../db/database'
import type { ConnectionRow } from './connection.table'

export interface Connection {
  id: string
  orgId: string
  provider: string
  name: string
  sender: string
  noReplySender: string | null
  isDefault: boolean
  ratePerSecond: number
  inboundMode: 'webhook' | 'poll'
  webhookToken: string
  configHint: Record<string, unknown>
  pollCursor: string | null
  pollSince: string | null
  lastPolledAt: string | null
  failoverConnectionId: string | null
  disabledAt: string | null
  createdAt: string
  updatedAt: string
}

export function rowToConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    orgId: row.org_id,
    provider: row.provider,
    name: row.name,
    sender: row.sender,
    noReplySender: row.no_reply_sender,
    isDefault: row.is_default === 1,
    ratePerSecond: row.rate_per_second,
    inboundMode: row.inbound_mode,
    webhookToken: row.webhook_token,
    configHint: readJson<Record<string, unknown>>(row.config_hint, {}),
    pollCursor: row.poll_cursor,
    pollSince: row.poll_since,
    lastPolledAt: row.last_polled_at,
    failoverConnectionId: row.failover_connection_id,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export async function insertConnection(db: Db, row: ConnectionRow): Promise<void> {
  await db
    .insertInto('connections')
    .values({ ...row, config_hint: JSON.stringify(row.config_hint) })
    .execute()
}

export async function findConnectionRow(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findConnection(db: Db, orgId: string, id: string): Promise<Connection | undefined> {
  const row = await db
    .selectFrom('connections')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? rowToConnection(row) : undefined
}

export async function findConnectionByToken(db: Db, token: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('webhook_token', '=', token).executeTakeFirst()
}

export async function findDefaultConnection(db: Db, orgId: string): Promise<Connection | undefined> {
  const row = await db
    .selectFrom('connections')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('disabled_at', 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .executeTakeFirst()
  return row ? rowToConnection(row) : undefined
}

/** Enabled connections of every organization that use one of these providers. */
export async function listEnabledConnectionsOf(
  db: Db,
  providers: readonly string[],
): Promise<ConnectionRow[]> {
  if (providers.length === 0) return []
  return db
    .selectFrom('connections')
    .selectAll()
    .where('provider', 'in', [...providers])
    .where('disabled_at', 'is', null)
    .execute()
}

export async function listConnections(db: Db, orgId: string): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .execute()
  return rows.map(rowToConnection)
}

export async function findConnectionRowInOrg(
  db: Db,
  orgId: string,
  id: string,
): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom('connections')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listConnectionRows(
  db: Db,
  orgId: string,
  options: { includeDisabled: boolean },
): Promise<ConnectionRow[]> {
  let query = db.selectFrom('connections').selectAll().where('org_id', '=', orgId)
  if (!options.includeDisabled) query = query.where('disabled_at', 'is', null)
  return query.orderBy('created_at').orderBy('id').execute()
}

export async function hasDefaultConnection(db: Db, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('connections')
    .select('id')
    .where('org_id', '=', orgId)
    .where('is_default', '=', 1)
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}

export async function clearDefaultConnection(db: Db, orgId: string): Promise<void> {
  await db
    .updateTable('connections')
    .set({ is_default: 0 })
    .where('org_id', '=', orgId)
    .where('is_default', '=', 1)
    .execute()
}

export async function updateConnectionRow(
  db: Db,
  id: string,
  patch: Partial<Omit<ConnectionRow, 'id' | 'org_id' | 'config_hint'>> & {
    config_hint?: Record<string, unknown>
  },
): Promise<ConnectionRow> {
  const { config_hint, ...rest } = patch
  return db
    .updateTable('connections')
    .set({ ...rest, ...(config_hint ? { config_hint: JSON.stringify(config_hint) } : {}) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Outbound messages still waiting to go out through a connection. */
export async function countPendingMessages(db: Db, connectionId: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('connection_id', '=', connectionId)
    .where('status', 'in', ['queued', 'scheduled', 'sending'])
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}

/**
 * Serializes changes to an organization's connections (one default at a time): on PostgreSQL the
 * organization row is locked until the transaction ends; SQLite runs one writer at a time anyway.
 */
export async function lockOrgConnections(db: Db, dialect: Dialect, orgId: string): Promise<void> {
  if (dialect !== 'postgres') return
  await db.selectFrom('organizations').select('id').where('id', '=', orgId).forUpdate().execute()
}

/** Every connection's sealed settings, disabled ones included (key rotation re-seals them all). */
export async function listSealedSettings(
  db: Db,
): Promise<Pick<ConnectionRow, 'id' | 'org_id' | 'name' | 'provider' | 'config_encrypted'>[]> {
  return db
    .selectFrom('connections')
    .select(['id', 'org_id', 'name', 'provider', 'config_encrypted'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/**
 * Replaces a connection's sealed settings only if they are still `previous`, so a change saved
 * meanwhile is never overwritten; returns whether it did.
 */
export async function replaceSealedSettings(
  db: Db,
  id: string,
  previous: string,
  sealed: string,
): Promise<boolean> {
  const result = await db
    .updateTable('connections')
    .set({ config_encrypted: sealed })
    .where('id', '=', id)
    .where('config_encrypted', '=', previous)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
