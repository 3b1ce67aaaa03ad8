#!/usr/bin/env node
import { Command } from 'commander'
import { registerApiKeyCommand } from './cli/api-key.command'
import { registerCampaignCommand } from './cli/campaign.command'
import { registerDemoCommand } from './cli/demo.command'
import { registerImportCommand } from './cli/import.command'
import { registerKeysCommand } from './cli/keys.command'
import { registerMigrateCommand } from './cli/migrate.command'
import { registerOperatorCommands } from './cli/operator.commands'
import { registerSegmentsCommand } from './cli/segments.command'
import { registerServeCommand, registerWorkerCommand } from './cli/serve.command'
import { ConfigError } from './config'

const program = new Command()
  .name('parley')
  .description('Parley: two-way SMS for recruitment teams')
  .showHelpAfterError()

registerServeCommand(program)
registerWorkerCommand(program)
registerDemoCommand(program)
registerMigrateCommand(program)
registerApiKeyCommand(program)
registerImportCommand(program)
registerSegmentsCommand(program)
registerCampaignCommand(program)
registerOperatorCommands(program)
registerKeysCommand(program)

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error)
  process.exit(1)
})
