import { randomBytes } from 'node:crypto'
import type { Command } from 'commander'
import { readingKeys } from '../config'
import { resealConnectionSettings } from '../connection/key-rotation.service'
import { openRuntime } from '../runtime'
import { loadCommandConfig } from '../secret-key-file'

export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('The secret key that encrypts provider credentials and signs links')
  keys
    .command('generate')
    .description('Print a new random key (64 hex characters) for PARLEY_SECRET_KEY')
    .action(() => {
      console.log(randomBytes(32).toString('hex'))
    })
  keys
    .command('rotate')
    .description(
      'Re-encrypt every stored provider credential with PARLEY_SECRET_KEY, reading it with PARLEY_SECRET_KEY_PREVIOUS where needed (safe to run twice, and while serving)',
    )
    .action(async () => {
      const deps = await openRuntime(loadCommandConfig())
      try {
        const report = await resealConnectionSettings(deps.database.db, readingKeys(deps.config), {
          deliveryDelayMs: deps.config.simulatorDeliveryDelayMs,
        })
        console.log(
          `${report.resealed} connection(s) re-encrypted with the current key; ${report.current} already were`,
        )
        for (const c of report.remade) {
          console.log(
            `Phone simulator "${c.name}" (${c.id}): no key opened its settings, which hold no secret; made again`,
          )
        }
        for (const c of report.unreadable) {
          console.error(
            `Connection "${c.name}" (${c.id}, organization ${c.orgId}): no configured key opens its credentials; add the key they were saved with to PARLEY_SECRET_KEY_PREVIOUS and run again, or enter them again in its settings`,
          )
        }
        if (report.unreadable.length > 0) process.exitCode = 1
      } finally {
        await deps.database.destroy()
      }
    })
}
