import type { Command } from 'commander'
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
        '',
      ]
      console.log(lines.join('\n'))
    })
}
