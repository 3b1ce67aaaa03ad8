import type { Command } from 'commander'
import { readingKeys } from '../config'
import { resealConnectionSettings } from '../connection/key-rotation.service'
import { DEMO_ADMIN_EMAIL, seedDemo } from '../demo/demo.seed'
import { openRuntime } from '../runtime'
import { describeSecretKey, loadCommandConfig } from '../secret-key-file'
import { startServer } from './serve.command'

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Create the demo organization on first start, then serve (what `npm start` runs)')
    .action(async () => {
      // A laptop demo prints where to sign in, not a log line per request (LOG_LEVEL=info brings them back).
      const config = loadCommandConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' })
      const deps = await openRuntime(config)
      const demo = await seedDemo(
        {
          db: deps.database.db,
          clock: deps.clock,
          secretKey: config.secretKey,
          simulatorDeliveryDelayMs: config.simulatorDeliveryDelayMs,
        },
        config.adminPassword,
      )
      // Texts through the simulator work whatever became of an earlier key (it holds no secret);
      // any other connection no key opens is named, with what to do.
      const keys = await resealConnectionSettings(deps.database.db, readingKeys(config), {
        deliveryDelayMs: config.simulatorDeliveryDelayMs,
      })
      const { url } = await startServer(deps)
      const lines = [
        '',
        `  Parley is running at ${url}`,
        `  Sign in as ${DEMO_ADMIN_EMAIL}`,
        demo.adminPassword
          ? `  Password: ${demo.adminPassword}${config.adminPassword ? ' (from PARLEY_ADMIN_PASSWORD)' : ' (generated now and shown once)'}`
          : '  Password: the one printed when the demo was created (set PARLEY_ADMIN_PASSWORD to reset it)',
        `  Other demo users (same password): maria.manager@, rita.recruiter@, sam.recruiter@, erik.recruiter@example.com`,
        `  API docs: ${url}/api/docs`,
        `  Database: ${config.databaseUrl}`,
        `  ${describeSecretKey(config)}`,
        ...keys.remade.map(
          (c) => `  Phone simulator "${c.name}": its settings were saved with another key; made again`,
        ),
        ...keys.unreadable.map(
          (c) =>
            `  Connection "${c.name}": no key opens its credentials; restore the key they were saved with (PARLEY_SECRET_KEY_PREVIOUS) or enter them again in Settings`,
        ),
        '',
      ]
      console.log(lines.join('\n'))
    })
}
