import type { Command } from 'commander'
import { createApiKey } from '../auth/auth.service'
import { openRuntime } from '../runtime'
import { loadCommandConfig } from '../secret-key-file'
import { findUserByEmail } from '../user/user.repository'

export function registerApiKeyCommand(program: Command): void {
  const apiKey = program.command('api-key').description('Manage API keys')
  apiKey
    .command('create')
    .description('Create an API key for a user; the key is printed once, as the last line')
    .requiredOption('--email <email>', 'the user the key acts as')
    .requiredOption('--name <label>', 'a label to recognise the key by')
    .action(async (options: { email: string; name: string }) => {
      const deps = await openRuntime(loadCommandConfig())
      try {
        const user = await findUserByEmail(deps.database.db, options.email)
        if (!user) {
          console.error(`No user with email ${options.email}`)
          process.exitCode = 1
          return
        }
        const key = await createApiKey(
          { db: deps.database.db, clock: deps.clock, sessionTtlHours: 1 },
          user.org_id,
          user.id,
          options.name,
        )
        console.log(
          `API key "${key.name}" (${key.prefix}...) for ${user.email}. Store it now; it is not shown again:`,
        )
        console.log(key.secret)
      } finally {
        await deps.database.destroy()
      }
    })
}
