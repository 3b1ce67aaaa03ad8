import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parsePhone } from '../core/phone'
import { createOrganization } from '../organization/organization.service'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { seedDemoRecords } from './demo-records'

const ZONE_COUNTRY: Record<string, string> = {
  'Europe/London': 'GB',
  'Europe/Stockholm': 'SE',
  'Europe/Oslo': 'NO',
  'Europe/Copenhagen': 'DK',
  'Europe/Helsinki': 'FI',
  'Australia/Sydney': 'AU',
  'Australia/Melbourne': 'AU',
  'Australia/Brisbane': 'AU',
  'Australia/Perth': 'AU',
}

describe.each(DIALECTS)('demo records on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function seedOrg() {
    const deps = { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey }
    const org = await createOrganization(deps, { name: 'Demo' })
    await seedDemoRecords(deps, org.id)
    return org.id
  }

  it('creates people with valid mobiles in their own time zone, and the records that name them', async () => {
    const orgId = await seedOrg()
    const db = ctx.deps.database.db
    const people = await db.selectFrom('people').selectAll().where('org_id', '=', orgId).execute()
    expect(people.length).toBe(200)
    const byKind = { candidate: 0, contact: 0 } as Record<string, number>
    for (const p of people) {
      byKind[p.kind] = (byKind[p.kind] ?? 0) + 1
      const parsed = parsePhone(p.mobile_e164 ?? '')
      expect(parsed.valid && parsed.isMobile, `${p.mobile_e164}`).toBe(true)
      expect(parsed.country).toBe(ZONE_COUNTRY[p.time_zone ?? ''])
    }
    expect(byKind.contact).toBeGreaterThan(40)
    expect(byKind.candidate).toBeGreaterThan(140)
    expect(new Set(people.map((p) => p.mobile_e164)).size).toBe(200)

    const companies = await db.selectFrom('companies').selectAll().where('org_id', '=', orgId).execute()
    expect(companies).toHaveLength(20)
    const jobs = await db.selectFrom('jobs').selectAll().where('org_id', '=', orgId).execute()
    expect(jobs).toHaveLength(15)
    const personById = new Map(people.map((p) => [p.id, p]))
    for (const job of jobs) {
      const contact = personById.get(job.main_contact_id ?? '')
      expect(contact?.kind).toBe('contact')
      expect(contact?.company_id).toBe(job.company_id)
    }
    const placements = await db.selectFrom('placements').selectAll().where('org_id', '=', orgId).execute()
    expect(placements).toHaveLength(10)
    for (const placement of placements) expect(personById.get(placement.applicant_id)?.kind).toBe('candidate')

    const groups = await db
      .selectFrom('groups')
      .innerJoin('group_members', 'group_members.group_id', 'groups.id')
      .select(['groups.name', 'group_members.person_id'])
      .where('groups.org_id', '=', orgId)
      .execute()
    const sizes = new Map<string, number>()
    for (const g of groups) sizes.set(g.name, (sizes.get(g.name) ?? 0) + 1)
    expect([...sizes.keys()].sort()).toEqual([
      'Clients - key accounts',
      'Finance contractors',
      'Java developers London',
      'Nordic nurses',
    ])
    for (const size of sizes.values()) expect(size).toBeGreaterThanOrEqual(3)
  })

  it('writes the same content every time', async () => {
    const db = ctx.deps.database.db
    const contentOf = async (orgId: string) =>
      (
        await db
          .selectFrom('people')
          .select(['first_name', 'last_name', 'mobile_e164', 'job_title', 'tags'])
          .where('org_id', '=', orgId)
          .orderBy('mobile_e164')
          .execute()
      ).map((p) => JSON.stringify(p))
    const first = await contentOf(await seedOrg())
    const second = await contentOf(await seedOrg())
    expect(second).toEqual(first)
  })
})
