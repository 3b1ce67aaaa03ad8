import type { Command } from 'commander'
import { createApiKey } from '../auth/auth.service'
import { openRuntime } from '../runtime'
import { loadCommandConfig } from '../secret-key-file'
import { findUsersByEmail } from '../user/user.repository'

export function registerApiKeyCommand(program: Command): void {
  const apiKey = program.command('api-key').description('Manage API keys')
  apiKey
    .command('create')
    .description('Create an API key for a user; the key is printed once, as the last line')
    .requiredOption('--email <email>', 'the user the key acts as')
    .requiredOption('--name <label>', 'a label to recognise the key by')
    .option('--org <id>', 'the organization, when the address has a user in several')
    .action(async (options: { email: string; name: string; org?: string }) => {
      const deps = await openRuntime(loadCommandConfig())
      try {
        const users = (await findUsersByEmail(deps.database.db, options.email)).filter(
          (u) => options.org === undefined || u.org_id === options.org,
        )
        const [user, ...others] = users
        if (!user) {
          console.error(
            `No user with email ${options.email}${options.org ? ` in organization ${options.org}` : ''}`,
          )
          process.exitCode = 1
          return
        }
        if (others.length > 0) {
          console.error(
            `${options.email} has a user in ${users.length} organizations; choose one with --org <id>: ` +
              users.map((u) => u.org_id).join(', '),
          )
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
