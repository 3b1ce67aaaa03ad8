import { insertCompanies } from '../company/company.repository'
import type { CompanyRow } from '../company/company.table'
import { parsePhone } from '../core/phone'
import { foldText, searchTextOf } from '../core/record-fields'
import type { Db } from '../db/database'
import { addGroupMembers, insertGroups } from '../group/group.repository'
import { newId } from '../ids'
import { insertJobs } from '../job/job.repository'
import type { JobRow } from '../job/job.table'
import { insertPeople, type PersonValues } from '../person/person.repository'
import { insertPlacements } from '../placement/placement.repository'
import type { PlacementRow } from '../placement/placement.table'
import type { RecordDeps } from '../service-deps'
import {
  COMPANIES,
  CONTACT_TITLES,
  createRng,
  PROFESSIONS,
  pick,
  REGIONS,
  type Region,
  type Rng,
} from './demo-records.data'

/**
 * The demo organization's records: ~200 people in the UK, the Nordics and Australia with valid
 * mobile numbers, 20 companies, 15 jobs, 10 placements and 4 groups. A seeded PRNG makes the content
 * the same on every machine (ids and timestamps differ). Swedish and Australian numbers come from the
 * ranges their regulators reserve for fiction; the other countries have no such mobile range.
 */

function validMobile(rng: Rng, region: Region, index: number, used: Set<string>): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const candidate = REGIONS[region].mobile(rng, index + attempt)
    const parsed = parsePhone(candidate)
    if (parsed.valid && parsed.isMobile === true && parsed.country === region && !used.has(candidate)) {
      used.add(candidate)
      return candidate
    }
  }
  throw new Error(`demo data: no valid ${region} mobile found`)
}

const emailPart = (name: string) => foldText(name).replace(/[^a-z]/g, '')

export async function seedDemoRecords(deps: RecordDeps, orgId: string): Promise<void> {
  const rng = createRng(20_261_122)
  const nowMs = deps.clock.now().getTime()
  const daysAgo = (days: number) => new Date(nowMs - days * 86_400_000).toISOString()
  const now = daysAgo(0)

  const companies: (CompanyRow & { region: Region; hires: string })[] = COMPANIES.map(
    ([name, region, phone, hires]) => ({
      id: newId(),
      org_id: orgId,
      name,
      phone: parsePhone(phone, region).e164,
      website: `https://${emailPart(name.split(' ')[0] ?? name)}.example.com`,
      external_id: null,
      created_at: daysAgo(120),
      updated_at: daysAgo(120),
      region,
      hires,
    }),
  )

  const used = new Set<string>()
  const people: (PersonValues & { region: Region; profession: string | null; city: string })[] = []
  for (const region of Object.keys(REGIONS) as Region[]) {
    const spec = REGIONS[region]
    const local = companies.filter((c) => c.region === region)
    for (let i = 0; i < spec.count; i++) {
      const isContact = i % 4 === 3
      const firstName = pick(rng, spec.first)
      const lastName = pick(rng, spec.last)
      // Half the Nordic candidates are nurses, for the "Nordic nurses" group.
      const nordicNurse = region !== 'GB' && region !== 'AU' && i % 2 === 1
      const profession = isContact ? null : nordicNurse ? PROFESSIONS[2] : pick(rng, PROFESSIONS)
      const city = profession?.key === 'java' && rng() < 0.6 ? 'London' : pick(rng, spec.cities)
      const company = isContact ? pick(rng, local.length ? local : companies) : null
      const contract = rng() < 0.5
      const email = `${emailPart(firstName)}.${emailPart(lastName)}${people.length}@example.${isContact ? 'org' : 'com'}`
      const created = daysAgo(Math.floor(rng() * 90 * 24) / 24)
      const tags = profession
        ? [...profession.tags, contract ? 'contract' : 'permanent', foldText(city)]
        : ['client']
      people.push({
        id: newId(),
        org_id: orgId,
        kind: isContact ? 'contact' : 'candidate',
        first_name: firstName,
        last_name: lastName,
        mobile_e164: validMobile(rng, region, i, used),
        email,
        company_id: company?.id ?? null,
        job_title: profession ? pick(rng, profession.titles) : pick(rng, CONTACT_TITLES),
        tags,
        time_zone: pick(rng, spec.zones),
        custom_fields: profession
          ? {
              city,
              availability: pick(rng, ['Immediate', '1 month notice', '3 months notice']),
              source: pick(rng, ['LinkedIn', 'Referral', 'Job board']),
            }
          : { city },
        search_text: searchTextOf(firstName, lastName, email),
        created_at: created,
        updated_at: created,
        deleted_at: null,
        region,
        profession: profession?.key ?? null,
        city,
      })
    }
  }

  const contactsOf = (companyId: string) => people.filter((p) => p.company_id === companyId)
  const hiring = companies.filter((c) => contactsOf(c.id).length > 0).slice(0, 15)
  const jobs: JobRow[] = hiring.map((company, i) => {
    const contacts = contactsOf(company.id)
    return {
      id: newId(),
      org_id: orgId,
      title: pick(rng, PROFESSIONS.find((p) => p.key === company.hires)?.titles ?? ['Consultant']),
      company_id: company.id,
      main_contact_id: contacts[0]?.id ?? null,
      line_manager_id: (contacts[1] ?? contacts[0])?.id ?? null,
      status: i < 10 ? 'filled' : pick(rng, ['open', 'open', 'on_hold']),
      external_id: null,
      created_at: daysAgo(60 - i),
    }
  })
  const candidates = people.filter((p) => p.kind === 'candidate')
  const placements: PlacementRow[] = jobs.slice(0, 10).map((job, i) => ({
    id: newId(),
    org_id: orgId,
    job_id: job.id,
    applicant_id: (candidates[i * 7] ?? candidates[0])?.id as string,
    main_contact_id: job.main_contact_id,
    line_manager_id: job.line_manager_id,
    start_date: daysAgo(20 - i * 5).slice(0, 10),
    external_id: null,
    created_at: daysAgo(30 - i),
  }))

  const nordic = new Set<Region>(['SE', 'NO', 'DK', 'FI'])
  const groups: [string, string[]][] = [
    [
      'Java developers London',
      candidates.filter((p) => p.profession === 'java' && p.city === 'London').map((p) => p.id),
    ],
    [
      'Finance contractors',
      candidates.filter((p) => p.profession === 'finance' && p.tags.includes('contract')).map((p) => p.id),
    ],
    [
      'Nordic nurses',
      candidates.filter((p) => p.profession === 'nurse' && nordic.has(p.region)).map((p) => p.id),
    ],
    [
      'Clients - key accounts',
      people
        .filter((p) => p.kind === 'contact')
        .slice(0, 12)
        .map((p) => p.id),
    ],
  ]

  const write = async (db: Db) => {
    await insertCompanies(
      db,
      companies.map(({ region: _r, hires: _h, ...row }) => row),
    )
    await insertPeople(
      db,
      people.map(({ region: _r, profession: _p, city: _c, ...row }) => row),
    )
    await insertJobs(db, jobs)
    await insertPlacements(db, placements)
    for (const [name, members] of groups) {
      const id = newId()
      await insertGroups(db, [{ id, org_id: orgId, name, created_at: now }])
      await addGroupMembers(db, id, members, now)
    }
  }
  if (deps.db.isTransaction) await write(deps.db)
  else await deps.db.transaction().execute(write)
}
