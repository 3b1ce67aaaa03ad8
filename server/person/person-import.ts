import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CsvError, type Info, parse } from 'csv-parse'
import type { PersonKind } from '../../common/api/people'
import { toE164 } from '../core/phone'
import { canonicalTimeZone, foldText, isCustomFieldKey, isEmail, normalizeTags } from '../core/record-fields'
import { errors } from '../errors'

/**
 * Reads and checks a people CSV without touching the database. File-level problems (header, quoting)
 * throw IMPORT_CSV_INVALID naming the line; row problems are collected with their line numbers.
 */

export const KNOWN_COLUMNS = [
  'first_name',
  'last_name',
  'mobile',
  'email',
  'kind',
  'company',
  'job_title',
  'tags',
  'time_zone',
] as const
type KnownColumn = (typeof KNOWN_COLUMNS)[number]

export const MAX_IMPORT_ROWS = 200_000
const MAX_RECORD_CHARS = 100_000
const LIMITS: Partial<Record<KnownColumn, number>> = {
  first_name: 100,
  last_name: 100,
  company: 200,
  job_title: 200,
  email: 320,
  mobile: 40,
}

export interface ImportRow {
  line: number
  kind: PersonKind
  firstName: string
  lastName: string
  /** E.164 */
  mobile: string | null
  email: string | null
  companyName: string | null
  jobTitle: string | null
  tags: string[]
  timeZone: string | null
  customFields: Record<string, string>
}

export interface RejectedRow {
  line: number
  reasons: string[]
}

export interface ParsedImport {
  rows: ImportRow[]
  rejected: RejectedRow[]
  /** Data rows read, blank ones not counted. */
  total: number
}

interface Columns {
  known: Map<KnownColumn, number>
  custom: { key: string; index: number }[]
  width: number
}

function fileError(line: number, message: string): Error {
  return new errors.IMPORT_CSV_INVALID(`line ${line}: ${message}`)
}

/** Maps header names to positions; "First Name" and "first-name" both mean first_name. */
export function readHeader(fields: readonly string[], line = 1): Columns {
  const known = new Map<KnownColumn, number>()
  const custom: { key: string; index: number }[] = []
  const seen = new Set<string>()
  fields.forEach((raw, index) => {
    const name = raw.trim()
    if (name === '') throw fileError(line, `column ${index + 1} of the header has no name`)
    const customMatch = /^custom\.(.*)$/i.exec(name)
    const id = customMatch ? `custom.${customMatch[1]}` : name.toLowerCase().replace(/[\s-]+/g, '_')
    if (seen.has(id)) throw fileError(line, `column "${name}" appears more than once`)
    seen.add(id)
    if (customMatch) {
      const key = customMatch[1] ?? ''
      if (!isCustomFieldKey(key)) {
        throw fileError(
          line,
          `column "${name}": a custom field key is 1-64 letters, digits, "_", "." or "-" and cannot start with "." or "-"`,
        )
      }
      custom.push({ key, index })
    } else if ((KNOWN_COLUMNS as readonly string[]).includes(id)) {
      known.set(id as KnownColumn, index)
    } else {
      throw fileError(
        line,
        `unknown column "${name}"; the columns are ${KNOWN_COLUMNS.join(', ')} and custom.<key> for custom fields`,
      )
    }
  })
  if (!known.has('first_name') && !known.has('last_name')) {
    throw fileError(line, 'missing column: the header needs first_name or last_name (or both)')
  }
  if (!known.has('mobile') && !known.has('email')) {
    throw fileError(line, 'missing column: the header needs mobile or email (or both)')
  }
  return { known, custom, width: fields.length }
}

interface RowContext {
  defaultCountry: string
  /** First line each mobile was seen on, to catch repeats within the file. */
  mobiles: Map<string, number>
}

function checkRow(record: readonly string[], line: number, columns: Columns, ctx: RowContext) {
  const reasons: string[] = []
  if (record.length !== columns.width) {
    return { reasons: [`has ${record.length} fields; the header has ${columns.width}`] }
  }
  const get = (column: KnownColumn): string => {
    const index = columns.known.get(column)
    return index === undefined ? '' : (record[index] ?? '').trim()
  }
  for (const [column, limit] of Object.entries(LIMITS)) {
    if (get(column as KnownColumn).length > limit)
      reasons.push(`${column} is longer than ${limit} characters`)
  }
  const firstName = get('first_name')
  const lastName = get('last_name')
  if (firstName === '' && lastName === '') reasons.push('first_name and last_name are both empty')

  const mobileText = get('mobile')
  const email = get('email')
  if (mobileText === '' && email === '') reasons.push('has neither a mobile nor an email')
  let mobile: string | null = null
  if (mobileText !== '') {
    const parsed = toE164(mobileText, ctx.defaultCountry)
    if ('reason' in parsed) reasons.push(`mobile ${parsed.reason}`)
    else {
      const firstLine = ctx.mobiles.get(parsed.e164)
      if (firstLine !== undefined) reasons.push(`mobile ${parsed.e164} is also on line ${firstLine}`)
      else ctx.mobiles.set(parsed.e164, line)
      mobile = parsed.e164
    }
  }
  if (email !== '' && !isEmail(email)) reasons.push(`email "${email}" is not an email address`)

  const kindText = get('kind').toLowerCase()
  if (kindText !== '' && kindText !== 'candidate' && kindText !== 'contact') {
    reasons.push(`kind "${get('kind')}" is not candidate or contact`)
  }
  const zoneText = get('time_zone')
  const timeZone = zoneText === '' ? null : (canonicalTimeZone(zoneText) ?? null)
  if (zoneText !== '' && !timeZone)
    reasons.push(`time_zone "${zoneText}" is not an IANA time zone (e.g. Europe/London)`)

  const tags = normalizeTags(get('tags').split(';'))
  const longTag = tags.find((tag) => tag.length > 50)
  if (longTag) reasons.push(`tag "${longTag.slice(0, 20)}..." is longer than 50 characters`)
  if (tags.length > 50) reasons.push(`has ${tags.length} tags; at most 50`)

  const customFields: Record<string, string> = {}
  for (const { key, index } of columns.custom) {
    const value = (record[index] ?? '').trim()
    if (value.length > 2000) reasons.push(`custom.${key} is longer than 2000 characters`)
    if (value !== '') customFields[key] = value
  }
  if (reasons.length > 0) return { reasons }
  const row: ImportRow = {
    line,
    kind: kindText === 'contact' ? 'contact' : 'candidate',
    firstName,
    lastName,
    mobile,
    email: email === '' ? null : email,
    companyName: get('company') || null,
    jobTitle: get('job_title') || null,
    tags,
    timeZone,
    customFields,
  }
  return { row }
}

function describeCsvError(error: CsvError, fallbackLine: number): Error {
  const line = typeof error.lines === 'number' ? error.lines : fallbackLine
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return fileError(fallbackLine, 'a quoted field starts here and is never closed (a missing ")')
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return fileError(
        line,
        `broken quoting: a " inside a field must be doubled ("") and the field quoted (${error.message})`,
      )
    case 'CSV_MAX_RECORD_SIZE':
      return fileError(
        fallbackLine,
        `a row is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`,
      )
    default:
      return fileError(line, error.message)
  }
}

function isBlank(record: readonly string[]): boolean {
  return record.every((field) => field.trim() === '')
}

/** Newlines inside quoted fields: a record ending on line N started this many lines earlier. */
function embeddedNewlines(record: readonly string[]): number {
  let count = 0
  for (const field of record) for (const ch of field) if (ch === '\n') count += 1
  return count
}

export async function parsePeopleCsv(
  source: string | AsyncIterable<Buffer | string>,
  options: { defaultCountry: string },
): Promise<ParsedImport> {
  let lastEnd = 0
  let emptyAtLast = 0
  const parser = parse({
    // Runs as each record is parsed, ahead of the loop below: an error can overtake records the
    // loop has not seen yet, and the line it happened on must still be known.
    on_record: (record: string[], context: Info) => {
      lastEnd = context.lines
      emptyAtLast = context.empty_lines
      return record
    },
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
  })
  const input = typeof source === 'string' ? Readable.from([source]) : Readable.from(source)
  // Errors reach the loop below through the parser, which pipeline destroys with them.
  const fed = pipeline(input, parser).catch(() => undefined)
  const ctx: RowContext = { defaultCountry: options.defaultCountry, mobiles: new Map() }
  const result: ParsedImport = { rows: [], rejected: [], total: 0 }
  let columns: Columns | undefined
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const line = item.info.lines - embeddedNewlines(item.record)
      if (!columns) {
        columns = readHeader(item.record, line)
        continue
      }
      if (isBlank(item.record)) continue
      result.total += 1
      if (result.total > MAX_IMPORT_ROWS) {
        throw fileError(line, `the file has more than ${MAX_IMPORT_ROWS} rows; split it into smaller files`)
      }
      const checked = checkRow(item.record, line, columns, ctx)
      if (checked.row) result.rows.push(checked.row)
      else result.rejected.push({ line, reasons: checked.reasons })
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw describeCsvError(error, lastEnd + 1 + (parser.info.empty_lines - emptyAtLast))
    }
    throw error
  }
  await fed
  if (!columns) throw fileError(1, 'the file is empty; the first line must be a header naming the columns')
  return result
}

/** The key companies are matched by: "ACME Ltd " and "acme ltd" are the same company. */
export function companyKeyOf(name: string): string {
  return foldText(name.trim()).replace(/\s+/g, ' ')
}
