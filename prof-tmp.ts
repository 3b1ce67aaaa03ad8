import { benchDeps, openBenchDatabase } from './bench/lib/bench-database'
import { createBenchOrg } from './bench/lib/bench-org'
import { openBulkWriter } from './bench/lib/bulk-insert'
import { benchPerson, peopleSpec } from './bench/lib/rows'
import { newId } from './server/ids'
import { topUpCredits } from './server/credit/credit.service'
import { createCampaign } from './server/campaign/campaign.service'
import { launchCampaign } from './server/campaign/campaign-launch.service'
const N = 50000
const database = await openBenchDatabase((process.env.D ?? 'sqlite') as 'sqlite')
const deps = benchDeps(database)
const org = await createBenchOrg(deps)
await topUpCredits(deps.database.db, deps.clock, { orgId: org.orgId, amount: 10 * N, userId: null })
const at = new Date().toISOString()
const people = Array.from({ length: N }, (_, n) => benchPerson({ id: newId(), orgId: org.orgId, n, mobile: `+447${String(700000000 + n).padStart(9, '0')}`, companyId: null, createdAt: at }))
const w = await openBulkWriter(database); await w.write(peopleSpec, people.map(peopleSpec.cells)); await w.close()
const sender = { orgId: org.orgId, userId: org.userId }
const c = await createCampaign(deps, sender, { name: 'B', source: { type: 'search', filter: {} }, body: 'Hi {{ person.first_name }}, new {{ person.job_title | default: "care" }} shifts. {{ user.name }}' })
const { Session } = await import('node:inspector/promises')
const session = new Session(); session.connect()
await session.post('Profiler.enable'); await session.post('Profiler.start')
let t = performance.now(); let planned = 0
await launchCampaign(deps, sender, c.id, { onProgress: (p) => { if (p === 'write' && !planned) planned = performance.now() } })
console.log('plan', planned - t, 'write', performance.now() - planned)
const { profile } = await session.post('Profiler.stop')
const self = new Map<string, number>()
const dt = profile.timeDeltas ?? []
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
;(profile.samples ?? []).forEach((id, i) => { const n = byId.get(id)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)) })
console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms ${k}`).join('\n'))
await database.destroy()
