import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import type { ImportReport } from '../../common/api/people'
import type { Db } from '../db/database'
import type { ErrorWithDetails } from '../errors'
import { findOrganization, listOrganizationNamesByName } from '../organization/organization.repository'
import { importPeople } from '../person/person-import.service'
import { openRuntime } from '../runtime'
import { loadCommandConfig } from '../secret-key-file'

class ImportCliError extends Error {}

/** The organization to import into: the one named, or the only one there is. */
async function chooseOrganization(db: Db, orgId: string | undefined): Promise<{ id: string; name: string }> {
  if (orgId) {
    const org = await findOrganization(db, orgId)
    if (!org) throw new ImportCliError(`No organization with id ${orgId}`)
    return { id: org.id, name: org.name }
  }
  const orgs = await listOrganizationNamesByName(db, 21)
  const [only] = orgs
  if (orgs.length === 1 && only) return only
  if (orgs.length === 0)
    throw new ImportCliError('There is no organization yet; run `parley demo` or create one first')
  const listed = orgs.slice(0, 20).map((o) => `  ${o.id}  ${o.name}`)
  throw new ImportCliError(
    `There are ${orgs.length > 20 ? 'more than 20' : orgs.length} organizations; choose one with --org <id>:\n${listed.join('\n')}`,
  )
}

function printRejected(rejected: ImportReport['rejected']): void {
  if (rejected.length === 0) return
  console.log(`\nRejected rows (${rejected.length}):`)
  for (const row of rejected) console.log(`  line ${row.line}: ${row.reasons.join('; ')}`)
}

/** Reads the file in chunks, moving the progress bar by the bytes read. */
async function* readWithProgress(file: string, bar: SingleBar): AsyncGenerator<Buffer> {
  let bytes = 0
  for await (const chunk of createReadStream(file)) {
    const buffer = chunk as Buffer
    bytes += buffer.length
    bar.update(bytes)
    yield buffer
  }
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Import people from a CSV file (columns: see docs/records.md); all rows or none')
    .argument('<file>', 'CSV file with a header row')
    .option('--org <id>', 'organization to import into (default: the only one)')
    .option('--skip-invalid', 'import the valid rows and list the invalid ones, instead of importing nothing')
    .action(async (file: string, options: { org?: string; skipInvalid?: boolean }) => {
      const size = await stat(file).then(
        (s) => s.size,
        () => undefined,
      )
      if (size === undefined) {
        console.error(`Cannot read ${file}: no such file`)
        process.exitCode = 1
        return
      }
      const deps = await openRuntime(loadCommandConfig())
      const bar = new SingleBar({
        stream: process.stderr,
        format: 'Reading {bar} {percentage}% | {value}/{total} bytes',
        hideCursor: true,
      })
      try {
        const org = await chooseOrganization(deps.database.db, options.org)
        bar.start(size, 0)
        const started = Date.now()
        const report = await importPeople(
          { db: deps.database.db, clock: deps.clock },
          org.id,
          readWithProgress(file, bar),
          {
            skipInvalid: options.skipInvalid ?? false,
            onParsed: ({ valid, rejected }) => {
              bar.stop()
              console.error(`Checked ${valid + rejected} rows: ${valid} valid, ${rejected} invalid`)
            },
          },
        )
        const seconds = ((Date.now() - started) / 1000).toFixed(1)
        console.log(
          `Imported ${report.imported} people into "${org.name}" in ${seconds}s` +
            (report.companiesCreated ? ` (${report.companiesCreated} new companies)` : ''),
        )
        printRejected(report.rejected)
      } catch (error) {
        bar.stop()
        const coded = error as ErrorWithDetails & { code?: string }
        if (error instanceof ImportCliError || coded.code === 'IMPORT_CSV_INVALID') {
          console.error(error instanceof ImportCliError ? error.message : `${file}: ${coded.message}`)
        } else if (coded.code === 'IMPORT_ROWS_INVALID') {
          console.error(coded.message.replace('skipInvalid', '--skip-invalid'))
          printRejected((coded.details?.rejected ?? []) as ImportReport['rejected'])
        } else {
          throw error
        }
        process.exitCode = 1
      } finally {
        await deps.database.destroy()
      }
    })
}
