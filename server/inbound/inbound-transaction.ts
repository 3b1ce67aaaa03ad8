import { Kysely, PostgresDialect, type PostgresPoolClient } from 'kysely'
import type pg from 'pg'
import type { Database, DatabaseHandle, Db } from '../db/database'

/**
 * Runs `work` in one transaction. Kysely runs a transaction's statements one at a time, each waiting
 * for the previous one's answer; on PostgreSQL each wait is a round trip, and a batch of webhooks
 * spent most of its time in them. So on PostgreSQL the transaction gets a Kysely of its own over
 * one pooled connection, which is pipelined (see database.ts): statements issued together (see
 * `together`) go out together and cost one round trip, and BEGIN goes out with the first of them.
 * The connection sends statements in the order they are issued.
 */
export async function inTransaction<T>(database: DatabaseHandle, work: (db: Db) => Promise<T>): Promise<T> {
  if (!database.pool) return database.db.transaction().execute(work)
  const client = await database.pool.connect()
  let broken: Error | undefined
  try {
    // Not awaited: BEGIN is already on its way when the first statements of `work` follow it. It
    // can only fail with the connection itself, and then so does everything sent after it.
    const [, result] = await together(client.query('begin'), work(kyselyOn(client)))
    await client.query('commit')
    return result
  } catch (error) {
    await client.query('rollback').catch((rollbackError: Error) => {
      broken = rollbackError
    })
    throw error
  } finally {
    // A connection that could not roll back is closed rather than handed to the next caller.
    client.release(broken)
  }
}

/** One Kysely per pooled connection: building one per batch would cost more than the batch saves. */
const kyselies = new WeakMap<pg.PoolClient, Kysely<Database>>()

function kyselyOn(client: pg.PoolClient): Kysely<Database> {
  let db = kyselies.get(client)
  if (!db) {
    // Kysely asks its pool for a connection per statement and hands it back after: this pool
    // always lends the same one, and `inTransaction` releases it.
    const lent: PostgresPoolClient = {
      query: client.query.bind(client) as PostgresPoolClient['query'],
      release: () => {},
    }
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: { connect: async () => lent, end: async () => {} } }),
    })
    kyselies.set(client, db)
  }
  return db
}

/**
 * The results of statements issued together, once all have settled: a failure is reported only
 * when the others are done too, so nothing of a transaction is still being sent when it ends. The
 * first failure in argument order wins, so the error does not depend on which answer came first.
 */
export async function together<T extends readonly unknown[]>(
  ...work: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const settled = await Promise.allSettled(work)
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T
}
