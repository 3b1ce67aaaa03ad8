import type pg from 'pg'

/** The server process id of a pooled connection. */
export async function backendPid(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid')
  return rows[0]!.pid
}

/**
 * Waits until a statement of another backend waits on a lock one of `pids` holds, and returns that
 * backend's pid; or null once `done()` says what was waited for settled without waiting. Only this
 * test's backends count: other test files share the server and wait on locks of their own (a schema
 * being created, their own held rows).
 */
export async function blockedBy(
  pool: pg.Pool,
  pids: readonly number[],
  done: () => boolean = () => false,
): Promise<number | null> {
  for (let tries = 0; ; tries++) {
    if (done()) return null
    const { rows } = await pool.query<{ pid: number }>(
      'select pid from pg_stat_activity where pg_blocking_pids(pid) && $1::int[] and not (pid = any($1::int[]))',
      [pids],
    )
    if (rows[0]) return rows[0].pid
    if (tries > 2400) throw new Error(`nothing ever waited on a lock of ${pids.join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
