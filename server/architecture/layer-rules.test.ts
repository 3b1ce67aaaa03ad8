import { describe, expect, it } from 'vitest'
import {
  checkLayers,
  describeViolation,
  folderCycles,
  importsOf,
  readServerSources,
  type SourceFile,
} from './layer-rules'

const root = new URL('../..', import.meta.url).pathname

const rulesBroken = (files: SourceFile[]) => checkLayers(files).map((v) => `${v.rule} ${v.path}:${v.line}`)

describe('the layer rules', () => {
  it('hold on the whole server', () => {
    expect(checkLayers(readServerSources(root)).map(describeViolation)).toEqual([])
  })

  it('read every form of import, resolved from the importing file', () => {
    const file: SourceFile = {
      path: 'server/person/person.routes.ts',
      text: [
        "import type { Db } from '../db/database'",
        'import {',
        '  listPeople,',
        "} from './person.repository.js'",
        "export * from '../core/phone'",
        "import 'pino'",
        "const lazy = () => import('../company/company.service')",
      ].join('\n'),
    }
    expect(importsOf(file).map((i) => [i.target, i.line])).toEqual([
      ['server/db/database', 1],
      ['server/person/person.repository', 2],
      ['server/core/phone', 5],
      ['pino', 6],
      ['server/company/company.service', 7],
    ])
  })

  it('fail a route that reaches a repository or the database, naming the rule', () => {
    expect(
      rulesBroken([
        {
          path: 'server/person/person.routes.ts',
          text: "import { listPeople } from './person.repository'\n",
        },
        { path: 'server/group/group.routes.ts', text: "\nimport type { Db } from '../db/database'\n" },
        { path: 'server/group/group.routes.ts2', text: "import { listPeople } from './person.repository'\n" },
        {
          path: 'server/company/company.routes.ts',
          text: "import { createCompany } from './company.service'\n",
        },
      ]),
    ).toEqual([
      'routes-only-translate-http server/person/person.routes.ts:1',
      'routes-only-translate-http server/group/group.routes.ts:2',
    ])
  })

  it('fail a service that imports Fastify or a routes module', () => {
    expect(
      rulesBroken([
        { path: 'server/job/job.service.ts', text: "import type { FastifyRequest } from 'fastify'\n" },
        { path: 'server/job/job-export.service.ts', text: "import { jobRoutes } from './job.routes'\n" },
        { path: 'server/job/job.service2.ts', text: "import type { FastifyRequest } from 'fastify'\n" },
      ]),
    ).toEqual([
      'services-know-no-http server/job/job.service.ts:1',
      'services-know-no-http server/job/job-export.service.ts:1',
    ])
  })

  it('fail core code that does I/O or imports the rest of the server', () => {
    expect(
      rulesBroken([
        { path: 'server/core/segments.ts', text: "import { readFileSync } from 'node:fs'\n" },
        { path: 'server/core/phone.ts', text: "import { errors } from '../errors'\n" },
        {
          path: 'server/core/gsm7.ts',
          text: "import { GSM } from '../../common/gsm'\nimport { x } from './dates'\n",
        },
      ]),
    ).toEqual(['core-is-pure server/core/segments.ts:1', 'core-is-pure server/core/phone.ts:1'])
  })

  it('fail a provider adapter that reaches storage or serves HTTP, but not its fake', () => {
    expect(
      rulesBroken([
        {
          path: 'server/provider/twilio/twilio.provider.ts',
          text: "import type { Db } from '../../db/database'\n",
        },
        { path: 'server/provider/vonage/vonage.http.ts', text: "import Fastify from 'fastify'\n" },
        { path: 'server/provider/vonage/vonage.fake.ts', text: "import Fastify from 'fastify'\n" },
      ]),
    ).toEqual([
      'providers-know-no-storage-or-http-server server/provider/twilio/twilio.provider.ts:1',
      'providers-know-no-storage-or-http-server server/provider/vonage/vonage.http.ts:1',
    ])
  })

  it('fail a query or raw SQL outside a repository', () => {
    expect(
      rulesBroken([
        {
          path: 'server/routing/routing.service.ts',
          text: "const x = 1\nawait db.selectFrom('rules').selectAll()\n",
        },
        { path: 'server/message/recipient.ts', text: 'const where = sql`a = 1`\n' },
        { path: 'server/routing/routing.repository.ts', text: "await db.deleteFrom('rules').execute()\n" },
        { path: 'server/db/cursor.ts', text: 'sql`x`' },
      ]),
    ).toEqual([
      'sql-only-in-repositories server/routing/routing.service.ts:2',
      'sql-only-in-repositories server/message/recipient.ts:1',
    ])
  })

  it('fail a module other than the entry points that imports app.ts', () => {
    expect(
      rulesBroken([
        { path: 'server/job/job.routes.ts', text: "import type { AppDeps } from '../app'\n" },
        { path: 'server/cli/serve.command.ts', text: "import { buildApp } from '../app'\n" },
        { path: 'server/main.ts', text: "import { buildApp } from './app'\n" },
      ]),
    ).toEqual(['only-entry-points-import-the-app server/job/job.routes.ts:1'])
  })

  it('fail a provider id named outside server/provider', () => {
    expect(
      rulesBroken([
        { path: 'server/poller/start-cursor.ts', text: "if (provider === 'twilio') return\n" },
        { path: 'server/provider/registry.ts', text: "const ids = ['twilio', 'vonage']\n" },
        { path: 'server/connection/connection.service.ts', text: '// twilio-style numbers\n' },
      ]),
    ).toEqual(['provider-ids-only-in-provider server/poller/start-cursor.ts:1'])
  })

  it('leave tests and test helpers alone', () => {
    expect(
      rulesBroken([
        {
          path: 'server/person/person.test.ts',
          text: "import { listPeople } from './person.repository'\nsql`x`\n",
        },
        { path: 'server/test/app.ts', text: "await db.selectFrom('people')\n'twilio'\n" },
      ]),
    ).toEqual([])
  })

  it('fail folders whose runtime imports form a cycle, but not type-only imports', () => {
    const file = (path: string, text: string) => ({ path, imports: importsOf({ path, text }) })
    const found = folderCycles([
      file('server/auth/auth.routes.ts', "import { findUser } from '../user/user.service'\n"),
      file('server/user/user.routes.ts', "\nimport { actorOf } from '../auth/auth.plugin'\n"),
      file('server/user/user.service.ts', "import type { AppDeps } from '../service-deps'\n"),
      file('server/app.ts', "import { userRoutes } from './user/user.routes'\n"),
      file('server/job/job.service.ts', "import { findUser } from '../user/user.service'\n"),
    ])
    expect(found.map((v) => `${v.rule} ${v.path}:${v.line} ${v.found}`)).toEqual([
      'no-folder-cycles server/auth/auth.routes.ts:1 server/auth -> server/user (../user/user.service)',
      'no-folder-cycles server/user/user.routes.ts:2 server/user -> server/auth (../auth/auth.plugin)',
    ])
  })
})
