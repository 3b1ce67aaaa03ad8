import type { ConnectionRow } from '../connection/connection.table'
import type { Db } from '../db/database'

export interface PollCandidate {
  id: string
  org_id: string
  provider: string
  inbound_mode: 'webhook' | 'poll'
  last_polled_at: string | null
  /** The organization's settings document (poll interval). */
  settings: unknown
}

/** Enabled connections that may need polling: replies by poll, or status by poll for `statusProviders`. */
export async function listPollCandidates(
  db: Db,
  statusProviders: readonly string[],
): Promise<PollCandidate[]> {
  return db
    .selectFrom('connections')
    .innerJoin('organizations', 'organizations.id', 'connections.org_id')
    .select([
      'connections.id',
      'connections.org_id',
      'connections.provider',
      'connections.inbound_mode',
      'connections.last_polled_at',
      'organizations.settings',
    ])
    .where('connections.disabled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('connections.inbound_mode', '=', 'poll'),
        ...(statusProviders.length > 0 ? [eb('connections.provider', 'in', [...statusProviders])] : []),
      ]),
    )
    .execute()
}

/**
 * Takes a connection's poll turn: one UPDATE that succeeds only while the last poll is older than
 * `dueBefore`, so of several processes racing for the same turn exactly one gets the row back
 * (PostgreSQL re-checks the condition after the row lock; SQLite has one writer). Works on both dialects.
 */
export async function claimPollTurn(
  db: Db,
  input: { connectionId: string; now: string; dueBefore: string },
): Promise<ConnectionRow | undefined> {
  return db
    .updateTable('connections')
    .set({ last_polled_at: input.now })
    .where('id', '=', input.connectionId)
    .where('disabled_at', 'is', null)
    .where((eb) => eb.or([eb('last_polled_at', 'is', null), eb('last_polled_at', '<=', input.dueBefore)]))
    .returningAll()
    .executeTakeFirst()
}

/**
 * Stores where the next poll starts, only if this turn is still the latest: a poll that outlived its
 * interval never moves the cursor back under a newer turn. `updated_at` is left alone on purpose (the
 * provider resolver rebuilds the adapter when it moves).
 */
export async function savePollCursor(
  db: Db,
  input: { connectionId: string; claimedAt: string; cursor: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('connections')
    .set({ poll_cursor: input.cursor })
    .where('id', '=', input.connectionId)
    .where('last_polled_at', '=', input.claimedAt)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Outbound messages the provider accepted but has not reported on yet, oldest first. */
export async function listMessagesAwaitingStatus(
  db: Db,
  input: { orgId: string; connectionId: string; sentAfter: string; limit: number },
): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .select('provider_message_id')
    .where('org_id', '=', input.orgId)
    .where('status', '=', 'sent')
    .where('connection_id', '=', input.connectionId)
    .where('direction', '=', 'outbound')
    .where('provider_message_id', 'is not', null)
    .where('sent_at', '>=', input.sentAfter)
    .orderBy('sent_at')
    .limit(input.limit)
    .execute()
  return rows.flatMap((row) => (row.provider_message_id ? [row.provider_message_id] : []))
}
