import { benchDeps, openBenchDatabase } from './bench/lib/bench-database'
import { createBenchOrg } from './bench/lib/bench-org'
import { openBulkWriter } from './bench/lib/bulk-insert'
import { benchPerson, peopleSpec } from './bench/lib/rows'
import { newId } from './server/ids'
import { streamPeople } from './server/person/person.repository'
import { readCandidates } from './server/campaign/campaign-source'
import { findOptedOutPhones } from './server/opt-out/opt-out.repository'
const N = 50000
const database = await openBenchDatabase('sqlite')
const deps = benchDeps(database)
const org = await createBenchOrg(deps)
const at = new Date().toISOString()
const people = Array.from({ length: N }, (_, n) => benchPerson({ id: newId(), orgId: org.orgId, n, mobile: `+447${String(700000000 + n).padStart(9, '0')}`, companyId: null, createdAt: at }))
const w = await openBulkWriter(database); await w.write(peopleSpec, people.map(peopleSpec.cells)); await w.close()
const db = deps.database.db
let t = performance.now(); let c = 0
for await (const b of streamPeople(db, org.orgId, {}, 1000)) c += b.length
console.log('streamPeople', performance.now() - t)
t = performance.now()
for await (const b of readCandidates(db, org.orgId, { source: { type: 'search', filter: {} }, csvText: null }, 'GB')) c += b.length
console.log('readCandidates', performance.now() - t)
t = performance.now()
for (let i = 0; i < N; i += 1000) await findOptedOutPhones(db, org.orgId, people.slice(i, i + 1000).map((p) => p.mobile_e164!))
console.log('optouts', performance.now() - t)
t = performance.now()
const rows = await db.selectFrom('people').selectAll().where('org_id', '=', org.orgId).execute()
console.log('one select all', performance.now() - t, rows.length)
console.log((await (await import('kysely')).sql`explain query plan select * from people where org_id = 'x' and deleted_at is null and id > 'a' order by id limit 1000`.execute(db)).rows)
await database.destroy()
