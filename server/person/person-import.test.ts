import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { countPeople, findPeopleByMobile } from './person.repository'
import { limitedBody } from './person.routes'
import { parsePeopleCsv } from './person-import'
import { importPeople } from './person-import.service'

const GOOD = [
  'First Name,last_name,mobile,email,kind,company,job_title,tags,time_zone,custom.source',
  'Ann,Smith,07911 123456,ann@example.com,candidate,Acme Ltd,Java developer,java; london ;Java,europe/london,LinkedIn',
  '"Björn","Åström","+46 70 123 45 67",,candidate,,"Nurse, theatre",nurse,Europe/Stockholm,',
  'Carl,Jones,,carl@acme.test,contact,ACME LTD ,Hiring manager,,,Referral',
  ',,,,,,,,,',
].join('\n')

const mobileOf = (i: number) => `07911 ${100_000 + i}`

describe('people CSV parser', () => {
  it('reads rows with line numbers, folding header names and normalising values', async () => {
    const parsed = await parsePeopleCsv(GOOD, { defaultCountry: 'GB' })
    expect(parsed.rejected).toEqual([])
    expect(parsed.total).toBe(3)
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 3, 4])
    expect(parsed.rows[0]).toMatchObject({
      firstName: 'Ann',
      mobile: '+447911123456',
      tags: ['java', 'london'],
      timeZone: 'Europe/London',
      customFields: { source: 'LinkedIn' },
      companyName: 'Acme Ltd',
    })
    expect(parsed.rows[1]).toMatchObject({ jobTitle: 'Nurse, theatre', email: null, customFields: {} })
  })

  it('counts lines from the start of a record that spans lines', async () => {
    const csv = 'last_name,email,job_title\nA,a@x.test,"two\nlines"\nB,not-an-email,x\n'
    const parsed = await parsePeopleCsv(csv, { defaultCountry: 'GB' })
    expect(parsed.rejected).toEqual([{ line: 4, reasons: ['email "not-an-email" is not an email address'] }])
  })

  it('names the column of a header problem', async () => {
    const cases: [string, string][] = [
      ['first_name,last_name,mobile,shoe_size\n', 'line 1: unknown column "shoe_size"'],
      ['first_name,mobile,first name\n', 'line 1: column "first name" appears more than once'],
      ['mobile,email\n', 'line 1: missing column: the header needs first_name or last_name'],
      ['first_name,last_name,tags\n', 'line 1: missing column: the header needs mobile or email'],
      ['last_name,email,custom.bad key\n', 'line 1: column "custom.bad key": a custom field key'],
      ['last_name,,email\n', 'line 1: column 2 of the header has no name'],
      ['', 'line 1: the file is empty'],
    ]
    for (const [csv, message] of cases) {
      await expect(parsePeopleCsv(csv, { defaultCountry: 'GB' }), csv).rejects.toMatchObject({
        code: 'IMPORT_CSV_INVALID',
        message: expect.stringContaining(message),
      })
    }
  })

  it('reports broken quoting with its line', async () => {
    const unclosed = 'last_name,email\nA,a@x.test\n"B,b@x.test\nC,c@x.test\n'
    await expect(parsePeopleCsv(unclosed, { defaultCountry: 'GB' })).rejects.toMatchObject({
      code: 'IMPORT_CSV_INVALID',
      message: expect.stringMatching(/^line 3: a quoted field starts here and is never closed/),
    })
    const stray = 'last_name,email\nA,a@x.test\nB,b@x.test\n"C"x,c@x.test\n'
    await expect(parsePeopleCsv(stray, { defaultCountry: 'GB' })).rejects.toMatchObject({
      message: expect.stringMatching(/^line 4: broken quoting/),
    })
  })

  it('lists every reason a row is bad', async () => {
    const csv = [
      'first_name,last_name,mobile,email,kind,time_zone,tags',
      'A,B,12,nope,client,Mars/Base,',
      ',,,,,,',
      ',,,,candidate,,x',
      'C,D,07911 123456,,,,',
      'E,F,+44 7911 123456,,,,',
      'G,H,07911 654321,,,',
    ].join('\n')
    const parsed = await parsePeopleCsv(csv, { defaultCountry: 'GB' })
    expect(parsed.rows.map((r) => r.line)).toEqual([5])
    expect(parsed.rejected).toEqual([
      {
        line: 2,
        reasons: [
          'mobile "12" is too short for GB',
          'email "nope" is not an email address',
          'kind "client" is not candidate or contact',
          'time_zone "Mars/Base" is not an IANA time zone (e.g. Europe/London)',
        ],
      },
      { line: 4, reasons: ['first_name and last_name are both empty', 'has neither a mobile nor an email'] },
      { line: 6, reasons: ['mobile +447911123456 is also on line 5'] },
      { line: 7, reasons: ['has 6 fields; the header has 7'] },
    ])
  })
})

describe.each(DIALECTS)('people import on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  const deps = () => ({ db: ctx.deps.database.db, clock: ctx.deps.clock })
  function upload(csv: string, query = '') {
    return ctx.app.inject({
      method: 'POST',
      url: `/api/v1/people/import${query}`,
      headers: { ...admin.headers, 'content-type': 'text/csv; charset=utf-8' },
      payload: csv,
    })
  }

  it('imports a good file with its companies, tags and custom fields', async () => {
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: admin.headers,
      payload: { name: 'acme ltd' },
    })
    const res = await upload(GOOD)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ imported: 3, companiesCreated: 0, rejected: [] })
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/people?tag=JAVA',
      headers: admin.headers,
    })
    expect(list.json().items).toHaveLength(1)
    const [ann] = await findPeopleByMobile(ctx.deps.database.db, admin.orgId, '+447911123456')
    expect(ann).toMatchObject({ jobTitle: 'Java developer', customFields: { source: 'LinkedIn' } })
    const companies = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/companies',
      headers: admin.headers,
    })
    expect(companies.json().items).toHaveLength(1)
    const acme = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/people?companyId=${companies.json().items[0].id}`,
      headers: admin.headers,
    })
    expect(
      acme
        .json()
        .items.map((p: { firstName: string }) => p.firstName)
        .sort(),
    ).toEqual(['Ann', 'Carl'])
  })

  it('imports nothing when a row is bad, unless told to skip bad rows', async () => {
    const csv = `${GOOD}\nDan,Brown,12,,,New Co,,,,\nEve,White,07911 123456,,,,,,,`
    const refused = await upload(csv)
    expect(refused.statusCode).toBe(422)
    expect(refused.json()).toMatchObject({
      code: 'IMPORT_ROWS_INVALID',
      message: expect.stringContaining('2 of 5 row(s) are invalid, so nothing was imported'),
      details: {
        imported: 0,
        rejected: [
          { line: 6, reasons: ['mobile "12" is too short for GB'] },
          { line: 7, reasons: ['mobile +447911123456 is also on line 2'] },
        ],
      },
    })
    expect(await countPeople(ctx.deps.database.db, admin.orgId, {})).toBe(0)
    const noCompanies = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/companies',
      headers: admin.headers,
    })
    expect(noCompanies.json().items).toEqual([])

    const skipped = await upload(csv, '?skipInvalid=true')
    expect(skipped.statusCode).toBe(200)
    expect(skipped.json()).toMatchObject({
      imported: 3,
      companiesCreated: 1,
      rejected: [{ line: 6 }, { line: 7 }],
    })
    expect(await countPeople(ctx.deps.database.db, admin.orgId, {})).toBe(3)

    // The same file again: every mobile is now taken.
    const again = await upload(csv, '?skipInvalid=true')
    expect(again.json().imported).toBe(1)
    expect(again.json().rejected[0]).toEqual({
      line: 2,
      reasons: [expect.stringMatching(/^mobile \+447911123456 already belongs to Ann Smith \(/)],
    })
  })

  it('answers a file problem with 422 and imports nothing', async () => {
    const wrong = await upload('name,phone\nAnn,07911 123456\n')
    expect(wrong.statusCode).toBe(422)
    expect(wrong.json()).toMatchObject({
      code: 'IMPORT_CSV_INVALID',
      message: expect.stringContaining('"name"'),
    })
    const broken = await upload('last_name,email\nA,a@x.test\n"B,b@x.test\n')
    expect(broken.statusCode).toBe(422)
    expect(broken.json().message).toMatch(/^line 3:/)
    expect(await countPeople(ctx.deps.database.db, admin.orgId, {})).toBe(0)
    const json = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/people/import',
      headers: admin.headers,
      payload: { rows: [] },
    })
    expect(json.statusCode).toBe(400)
    expect(json.json().message).toContain('text/csv')
  })

  it('answers a header error over a real socket while the client is still sending', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' })
    const body = `name,phone\n${'Ann,07911 123456\n'.repeat(200_000)}`
    const res = await fetch(`${address}/api/v1/people/import`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'text/csv' },
      body,
    })
    expect(res.status).toBe(422)
    expect(((await res.json()) as { code: string }).code).toBe('IMPORT_CSV_INVALID')
    // The server drains the unread upload on a keep-alive connection; do not wait for its timeout.
    ctx.app.server.closeAllConnections()
  })

  it('needs the records.manage permission', async () => {
    const reader = await createOrgWithUser(ctx, { permissions: ['sms.send'] })
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/people/import',
      headers: { ...reader.headers, 'content-type': 'text/csv' },
      payload: GOOD,
    })
    expect(res.statusCode).toBe(403)
  })

  it('imports 5,000 rows in one go', async () => {
    const lines = ['first_name,last_name,mobile,email,company,tags']
    for (let i = 0; i < 5000; i++) {
      lines.push(`First${i},Last${i},${mobileOf(i)},p${i}@example.com,Company ${i % 40},bulk;t${i % 7}`)
    }
    const started = Date.now()
    const report = await importPeople(deps(), admin.orgId, `${lines.join('\n')}\n`)
    const ms = Date.now() - started
    expect(report).toEqual({ imported: 5000, companiesCreated: 40, rejected: [] })
    const db = ctx.deps.database.db
    expect(await countPeople(db, admin.orgId, {})).toBe(5000)
    expect(await countPeople(db, admin.orgId, { tag: 't3' })).toBe(714)
    expect(await countPeople(db, admin.orgId, { q: 'first4999' })).toBe(1)
    expect(ms).toBeLessThan(20_000)
  })
})

describe('import upload limit', () => {
  it('stops reading past the limit with IMPORT_CSV_TOO_LARGE', async () => {
    const source = (async function* () {
      for (let i = 0; i < 10; i++) yield Buffer.from('x'.repeat(100))
    })()
    const read: number[] = []
    await expect(
      (async () => {
        for await (const chunk of limitedBody(source, 550)) read.push(chunk.length)
      })(),
    ).rejects.toMatchObject({ code: 'IMPORT_CSV_TOO_LARGE', statusCode: 413 })
    expect(read).toEqual([100, 100, 100, 100, 100])
  })
})
