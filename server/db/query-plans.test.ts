import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { campaignsOfConversationsOnPostgres } from '../campaign/campaign.repository'
import { POSTGRES_INSERT } from '../inbound/inbound-receipt.repository'
import { createOrgWithUser } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PlanNode[]
}

type Explained = { 'QUERY PLAN': [{ Plan: PlanNode }] }

function walk(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(walk)]
}

/** The tables a plan reads whole, and the indexes it reads. */
function scansOf(plan: PlanNode): { whole: string[]; indexes: string[] } {
  const nodes = walk(plan)
  return {
    whole: nodes.flatMap((n) =>
      n['Node Type'] === 'Seq Scan' && n['Relation Name'] ? [n['Relation Name']] : [],
    ),
    indexes: nodes.flatMap((n) => (n['Index Name'] ? [n['Index Name']] : [])),
  }
}

/**
 * The statements every received text runs, planned as PostgreSQL plans them in a new database's
 * first busy minute: statistics taken while `messages` was empty, then 20,000 texts, before
 * autovacuum analyzes it again. None may read the whole table (its cost would grow with it).
 */
describe.runIf(DIALECTS.includes('postgres'))('plans of the inbound statements on PostgreSQL', () => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp('postgres')
    const admin = await createOrgWithUser(ctx)
    const db = ctx.deps.database.db
    const connection = await db
      .selectFrom('connections')
      .select('id')
      .where('org_id', '=', admin.orgId)
      .executeTakeFirstOrThrow()
    await sql`analyze messages`.execute(db)
    await sql`
      insert into messages (id, org_id, direction, kind, status, to_number, from_number, body, encoding,
        segments, credits, created_at, updated_at, connection_id, provider_message_id)
      select 'm' || g, ${admin.orgId}, 'inbound', 'direct', 'received', '+447700900001', '+447700900002',
        'Yes', 'gsm7', 1, 0, now(), now(), ${connection.id}, 'p' || g
      from generate_series(1, 20000) g`.execute(db)
  })
  afterEach(() => ctx.close())

  it('the receipt insert looks each text up in the messages index', async () => {
    const { rows } = await ctx.deps.database.pool!.query<Explained>(
      `explain (format json) ${POSTGRES_INSERT}`,
      ['[]'],
    )
    const scans = scansOf(rows[0]!['QUERY PLAN'][0].Plan)
    expect(scans.whole).toEqual([])
    expect(scans.indexes).toContain('messages_connection_provider_id_uq')
  })

  it('the mailshots a reply counts for are found in the conversation index', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `conversation-${i}`)
    const { rows } =
      await sql<Explained>`explain (format json) ${campaignsOfConversationsOnPostgres(ids)}`.execute(
        ctx.deps.database.db,
      )
    const scans = scansOf(rows[0]!['QUERY PLAN'][0].Plan)
    expect(scans.whole).toEqual([])
    expect(scans.indexes).toContain('messages_conversation_idx')
  })
})
