import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { POSTGRES_INSERT } from './inbound-receipt.repository'

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  Plans?: PlanNode[]
}

function scannedWhole(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : []
  return [...own, ...(node.Plans ?? []).flatMap(scannedWhole)]
}

describe.runIf(DIALECTS.includes('postgres'))('the receipt insert on PostgreSQL', () => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp('postgres')
  })
  afterEach(() => ctx.close())

  it('looks a text up in the messages index, even when the statistics say the table is empty', async () => {
    const admin = await createOrgWithUser(ctx)
    const db = ctx.deps.database.db
    const connection = await db
      .selectFrom('connections')
      .select('id')
      .where('org_id', '=', admin.orgId)
      .executeTakeFirstOrThrow()
    // Statistics taken while the table was empty, then a flood of texts: the state of a new
    // database in its first busy minute, before autovacuum analyzes it again.
    await sql`analyze messages`.execute(db)
    await sql`
      insert into messages (id, org_id, direction, kind, status, to_number, from_number, body, encoding,
        segments, credits, created_at, updated_at, connection_id, provider_message_id)
      select 'm' || g, ${admin.orgId}, 'inbound', 'direct', 'received', '+447700900001', '+447700900002',
        'Yes', 'gsm7', 1, 0, now(), now(), ${connection.id}, 'p' || g
      from generate_series(1, 20000) g`.execute(db)

    const { rows } = await ctx.deps.database.pool!.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `explain (format json) ${POSTGRES_INSERT}`,
      ['[]'],
    )
    const plan = rows[0]!['QUERY PLAN'][0].Plan
    expect(scannedWhole(plan)).toEqual([])
    expect(JSON.stringify(plan)).toContain('messages_connection_provider_id_uq')
  })
})
