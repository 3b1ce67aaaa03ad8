import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import { isCustomFieldKey } from '../core/record-fields'
import { errors, withDetails } from '../errors'

/**
 * Reads a mailshot's recipient list. The file must be well formed: a bad header or a row with the
 * wrong number of fields or an over-long value refuses the whole file, naming every bad line.
 * A missing or unreadable mobile is not a file error: that row is skipped at send, with its line.
 */

export const CAMPAIGN_CSV_COLUMNS = ['mobile', 'first_name', 'last_name', 'email', 'job_title'] as const
type Column = (typeof CAMPAIGN_CSV_COLUMNS)[number]
export const MAX_CAMPAIGN_CSV_ROWS = 200_000
const LIMITS: Record<Column, number> = {
  mobile: 40,
  first_name: 100,
  last_name: 100,
  email: 320,
  job_title: 200,
}

export interface CsvRecipient {
  line: number
  mobile: string
  firstName: string
  lastName: string
  email: string | null
  jobTitle: string | null
  customFields: Record<string, string>
}

interface Header {
  known: Map<Column, number>
  custom: { key: string; index: number }[]
  width: number
}

function invalid(message: string, rows?: { line: number; reasons: string[] }[]): Error {
  const error = new errors.CAMPAIGN_CSV_INVALID(message)
  return rows ? withDetails(error, { rows }) : error
}

function readHeader(fields: readonly string[]): Header {
  const known = new Map<Column, number>()
  const custom: { key: string; index: number }[] = []
  fields.forEach((raw, index) => {
    const name = raw.trim()
    const customMatch = /^custom\.(.*)$/i.exec(name)
    if (customMatch) {
      const key = customMatch[1] ?? ''
      if (!isCustomFieldKey(key)) throw invalid(`line 1: column "${name}" is not a valid custom field key`)
      custom.push({ key, index })
      return
    }
    const id = name.toLowerCase().replace(/[\s-]+/g, '_') as Column
    if (!CAMPAIGN_CSV_COLUMNS.includes(id)) {
      throw invalid(
        `line 1: unknown column "${name}"; the columns are ${CAMPAIGN_CSV_COLUMNS.join(', ')} and custom.<key>`,
      )
    }
    if (known.has(id)) throw invalid(`line 1: column "${name}" appears more than once`)
    known.set(id, index)
  })
  if (!known.has('mobile')) throw invalid('line 1: the header has no "mobile" column')
  return { known, custom, width: fields.length }
}

function embeddedNewlines(record: readonly string[]): number {
  let count = 0
  for (const field of record) for (const ch of field) if (ch === '\n') count += 1
  return count
}

export function parseCampaignCsv(text: string): CsvRecipient[] {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? `line ${error.lines}: ` : ''
      throw invalid(
        `${line}the file cannot be read as CSV (${error.message}); quote fields that contain commas`,
      )
    }
    throw error
  }
  const [first, ...rest] = records
  if (!first) throw invalid('the file is empty; the first line must be a header with a "mobile" column')
  const header = readHeader(first.record)
  if (rest.length > MAX_CAMPAIGN_CSV_ROWS) {
    throw invalid(`the file has ${rest.length} rows; a mailshot takes at most ${MAX_CAMPAIGN_CSV_ROWS}`)
  }
  const rows: CsvRecipient[] = []
  const bad: { line: number; reasons: string[] }[] = []
  for (const { record, info } of rest) {
    const line = info.lines - embeddedNewlines(record)
    if (record.every((field) => field === '')) continue
    const reasons: string[] = []
    if (record.length !== header.width)
      reasons.push(`has ${record.length} fields; the header has ${header.width}`)
    const get = (column: Column) => {
      const index = header.known.get(column)
      return index === undefined ? '' : (record[index] ?? '')
    }
    for (const column of header.known.keys()) {
      if (get(column).length > LIMITS[column])
        reasons.push(`${column} is longer than ${LIMITS[column]} characters`)
    }
    const customFields: Record<string, string> = {}
    for (const { key, index } of header.custom) {
      const value = record[index] ?? ''
      if (value.length > 2000) reasons.push(`custom.${key} is longer than 2000 characters`)
      if (value !== '') customFields[key] = value
    }
    if (reasons.length > 0) {
      bad.push({ line, reasons })
      continue
    }
    rows.push({
      line,
      mobile: get('mobile'),
      firstName: get('first_name'),
      lastName: get('last_name'),
      email: get('email') || null,
      jobTitle: get('job_title') || null,
      customFields,
    })
  }
  if (bad.length > 0) {
    const first = bad[0]!
    throw invalid(
      `${bad.length} row(s) cannot be read, so the list was not taken; line ${first.line} ${first.reasons.join(', ')}`,
      bad,
    )
  }
  return rows
}
