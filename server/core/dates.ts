/**
 * The one parser for dates and date-times a client sends (schedules, filters, expiries, poll starts).
 * `Date.parse` rolls impossible dates over (2026-02-30 becomes 2 March) and reads many shapes; this
 * takes only ISO 8601 / RFC 3339 and checks every field, so a typo is refused, never moved.
 *
 * Accepted: `YYYY-MM-DD` (where a whole day is meant: taken as UTC midnight) and
 * `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z` or an offset `±HH:MM`. Refused: days past the
 * month's end (29 February only in leap years), hour 24, minute or second 60, offsets past 23:59,
 * a date-time without a time zone.
 */
export type ParsedDate = { ok: true; date: Date; iso: string } | { ok: false; reason: string }

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Why year-month-day is not a calendar date, or null when it is one. */
function calendarProblem(year: number, month: number, day: number): string | null {
  if (year < 1) return 'the year must be 0001 or later'
  if (month < 1 || month > 12) return `there is no month ${String(month).padStart(2, '0')}`
  const days = daysInMonth(year, month)
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${year} has ${days} days`
  return null
}

function ok(ms: number): ParsedDate {
  const date = new Date(ms)
  return { ok: true, date, iso: date.toISOString() }
}

const SHAPE_DATE_TIME = 'must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:00:00Z'
const SHAPE_EITHER =
  'must be a date (2026-01-31) or an ISO 8601 date-time with a time zone (2026-01-31T09:00:00Z)'

/** A calendar day `YYYY-MM-DD`, as UTC midnight. */
export function parseDate(value: string): ParsedDate {
  const m = DATE.exec(value)
  if (!m) return { ok: false, reason: 'must be a date written YYYY-MM-DD, e.g. 2026-01-31' }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const problem = calendarProblem(year, month, day)
  if (problem) return { ok: false, reason: `is not a real date: ${problem}` }
  const at = new Date(0)
  at.setUTCFullYear(year, month - 1, day)
  return ok(at.getTime())
}

/**
 * A date-time with a time zone; with `dateOnly: 'utc-midnight'` a bare `YYYY-MM-DD` is accepted too,
 * as the start of that day in UTC.
 */
export function parseDateTime(value: string, options: { dateOnly?: 'utc-midnight' } = {}): ParsedDate {
  if (options.dateOnly && DATE.test(value)) return parseDate(value)
  const shape = options.dateOnly ? SHAPE_EITHER : SHAPE_DATE_TIME
  const m = DATE_TIME.exec(value)
  if (!m) return { ok: false, reason: shape }
  if (!m[8] && !m[9]) return { ok: false, reason: `has no time zone: ${shape}` }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const second = m[6] === undefined ? 0 : Number(m[6])
  const problem = calendarProblem(year, month, day)
  if (problem) return { ok: false, reason: `is not a real date: ${problem}` }
  if (hour > 23) return { ok: false, reason: 'is not a real time: the hour must be 00 to 23' }
  if (minute > 59) return { ok: false, reason: 'is not a real time: the minute must be 00 to 59' }
  if (second > 59) return { ok: false, reason: 'is not a real time: the second must be 00 to 59' }
  let offsetMinutes = 0
  if (m[9]) {
    const [offsetHours, offsetMins] = [Number(m[10]), Number(m[11])]
    if (offsetHours > 23 || offsetMins > 59)
      return { ok: false, reason: 'has an impossible time zone offset: it must be -23:59 to +23:59' }
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins)
  }
  const millis = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3))
  const at = new Date(0)
  at.setUTCFullYear(year, month - 1, day)
  at.setUTCHours(hour, minute, second, millis)
  return ok(at.getTime() - offsetMinutes * 60_000)
}
