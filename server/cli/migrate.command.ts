import type { Command } from 'commander'
import { createDb } from '../db/database'
import { migrateToLatest } from '../db/migrate'
import { loadCommandConfig } from '../secret-key-file'

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations to DATABASE_URL')
    .action(async () => {
      const config = loadCommandConfig()
      const handle = createDb(config.databaseUrl)
      try {
        const result = await migrateToLatest(handle)
        const applied = result.results?.filter((r) => r.status === 'Success') ?? []
        for (const r of applied) console.log(`applied ${r.migrationName}`)
        console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date')
      } finally {
        await handle.destroy()
      }
    })
}
