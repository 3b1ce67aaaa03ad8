import { existsSync, readFileSync } from 'node:fs'
import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import type { CampaignPreview } from '../../common/api/campaigns'
import { createCampaign, deleteCampaign } from '../campaign/campaign.service'
import { parseCampaignCsv } from '../campaign/campaign-csv'
import { launchCampaign } from '../campaign/campaign-launch.service'
import type { CampaignSpec } from '../campaign/campaign-prepare'
import { previewCampaign } from '../campaign/campaign-preview'
import type { Db } from '../db/database'
import type { ErrorWithDetails } from '../errors'
import { findOrganization, listOrganizationNamesByName } from '../organization/organization.repository'
import { openRuntime } from '../runtime'
import { loadCommandConfig } from '../secret-key-file'
import { findTemplateRow } from '../template/template.repository'
import { findUserByEmailInOrg } from '../user/user.repository'

class CampaignCliError extends Error {}

interface CampaignOptions {
  csv: string
  template: string
  org?: string
  user?: string
  name?: string
  connection?: string
  sendAt?: string
  expectedCredits?: string
}

async function chooseOrganization(db: Db, orgId: string | undefined): Promise<{ id: string; name: string }> {
  if (orgId) {
    const org = await findOrganization(db, orgId)
    if (!org) throw new CampaignCliError(`No organization with id ${orgId}`)
    return { id: org.id, name: org.name }
  }
  const orgs = await listOrganizationNamesByName(db, 21)
  const [only] = orgs
  if (orgs.length === 1 && only) return only
  if (orgs.length === 0) throw new CampaignCliError('There is no organization yet; run `parley demo` first')
  const listed = orgs.slice(0, 20).map((o) => `  ${o.id}  ${o.name}`)
  throw new CampaignCliError(
    `There are several organizations; choose one with --org <id>:\n${listed.join('\n')}`,
  )
}

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new CampaignCliError(`Cannot read ${what} ${path}: no such file`)
  return readFileSync(path, 'utf8')
}

function printPreview(preview: CampaignPreview): void {
  console.log(`Recipients: ${preview.recipients} (skipped ${preview.skipped})`)
  console.log(
    `Cost:       ${preview.segments} segments, ${preview.credits} credits; balance ${preview.balance}`,
  )
  if (!preview.enoughCredits)
    console.log(`            NOT ENOUGH CREDITS: ${preview.credits - preview.balance} short`)
  for (const [reason, count] of Object.entries(preview.skippedByReason))
    console.log(`  skipped ${reason}: ${count}`)
  for (const sample of preview.samples.slice(0, 3))
    console.log(`\nTo ${sample.to} (${sample.segments} segment(s)):\n${sample.body}`)
  if (preview.skippedRecipients.length > 0) {
    console.log(`\nSkipped (${preview.skipped}${preview.skippedTruncated ? ', first ones listed' : ''}):`)
    for (const s of preview.skippedRecipients.slice(0, 50)) console.log(`  ${s.detail}`)
    if (preview.skippedRecipients.length > 50)
      console.log(`  ... and ${preview.skippedRecipients.length - 50} more`)
  }
}

/** Our own errors are printed as sentences, with every bad CSV line; anything else is a bug and is thrown. */
function reportError(error: unknown): void {
  const coded = error as ErrorWithDetails & { code?: string }
  if (!(error instanceof CampaignCliError) && !coded.code) throw error
  console.error(coded.message)
  const rows = coded.details?.rows as { line: number; reasons: string[] }[] | undefined
  for (const row of rows ?? []) console.error(`  line ${row.line}: ${row.reasons.join('; ')}`)
  if (coded.details && !rows) console.error(`  ${JSON.stringify(coded.details)}`)
  process.exitCode = 1
}

async function run(action: 'preview' | 'launch', options: CampaignOptions): Promise<void> {
  const csvText = readText(options.csv, 'the CSV file')
  const rows = parseCampaignCsv(csvText).length
  const deps = await openRuntime(loadCommandConfig())
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{phase} {bar} {percentage}% | {value}/{total} rows',
    hideCursor: true,
  })
  try {
    const db = deps.database.db
    const org = await chooseOrganization(db, options.org)
    const user = options.user ? await findUserByEmailInOrg(db, org.id, options.user) : undefined
    if (options.user && !user) throw new CampaignCliError(`No user ${options.user} in "${org.name}"`)
    const template = await findTemplateRow(db, org.id, options.template)
    const text = template
      ? null
      : readText(options.template, 'the template (neither a template id nor a file)')
    const sender = { orgId: org.id, userId: user?.id ?? null }
    const source = { type: 'csv' as const, csv: csvText }
    if (action === 'preview') {
      const spec: CampaignSpec = {
        orgId: org.id,
        source,
        csvText,
        templateId: template?.id ?? null,
        body: text,
        subject: null,
        connectionId: options.connection ?? null,
        jobId: null,
        attachmentId: null,
        sendAt: options.sendAt ?? null,
        senderUserId: sender.userId,
      }
      bar.start(rows, 0, { phase: 'Rendering' })
      const preview = await previewCampaign(deps, spec, (done) => bar.update(done))
      bar.stop()
      printPreview(preview)
      return
    }
    const campaign = await createCampaign(deps, sender, {
      name: options.name ?? `Mailshot from ${options.csv}`,
      source,
      ...(template ? { templateId: template.id } : { body: text }),
      ...(options.connection ? { connectionId: options.connection } : {}),
      ...(options.sendAt ? { sendAt: options.sendAt } : {}),
    })
    bar.start(rows, 0, { phase: 'Rendering' })
    const started = Date.now()
    // A refused launch leaves no draft behind: the CLI has no screen to come back to it.
    const launched = await launchCampaign(deps, sender, campaign.id, {
      expectedCredits: options.expectedCredits === undefined ? undefined : Number(options.expectedCredits),
      onProgress: (phase, done, total) => {
        if (phase === 'write' && total !== null) bar.setTotal(total)
        bar.update(done, { phase: phase === 'plan' ? 'Rendering' : 'Writing  ' })
      },
    }).catch(async (error: unknown) => {
      await deleteCampaign(db, org.id, campaign.id)
      throw error
    })
    bar.stop()
    console.log(
      `Launched mailshot ${launched.id} in ${((Date.now() - started) / 1000).toFixed(1)}s: ${launched.recipients} texts, ` +
        `${launched.credits} credits, ${launched.skipped} skipped (see the did-not-trigger view). ` +
        'The running server sends them.',
    )
  } catch (error) {
    bar.stop()
    throw error
  } finally {
    await deps.database.destroy()
  }
}

export function registerCampaignCommand(program: Command): void {
  const campaign = program
    .command('campaign')
    .description('Preview or launch a mailshot to the people in a CSV file')
  for (const action of ['preview', 'launch'] as const) {
    campaign
      .command(action)
      .description(
        action === 'preview'
          ? 'Show who would get it, what it costs, sample texts and every row that would be skipped'
          : 'Charge the whole send at once and queue every text (the server sends them)',
      )
      .requiredOption(
        '--csv <file>',
        'recipients: a mobile column, plus first_name, last_name, email, job_title, custom.<key>',
      )
      .requiredOption('--template <id or file>', 'a saved template id, or a file holding the Liquid text')
      .option('--org <id>', 'organization (default: the only one)')
      .option('--user <email>', 'send as this user (fills {{ user.* }} and {{ office.* }})')
      .option('--name <name>', 'name of the mailshot')
      .option('--connection <id>', 'connection to send through (default: routing rules)')
      .option('--send-at <iso>', 'send later, e.g. 2026-12-01T09:00:00Z')
      .option('--expected-credits <n>', 'refuse the launch unless it costs exactly this (from the preview)')
      .action(async (options: CampaignOptions) => {
        try {
          await run(action, options)
        } catch (error) {
          reportError(error)
        }
      })
  }
}
