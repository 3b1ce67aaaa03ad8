import { describe, expect, it } from 'vitest'
import { daysInMonth, isLeapYear, parseDate, parseDateTime } from './dates'

function iso(value: string, options?: { dateOnly?: 'utc-midnight' }): string {
  const parsed = parseDateTime(value, options)
  if (!parsed.ok) throw new Error(`${value} refused: ${parsed.reason}`)
  return parsed.iso
}
function reason(value: string, options?: { dateOnly?: 'utc-midnight' }): string {
  const parsed = parseDateTime(value, options)
  if (parsed.ok) throw new Error(`${value} accepted as ${parsed.iso}`)
  return parsed.reason
}

describe('isLeapYear and daysInMonth', () => {
  it.each([
    [2024, true],
    [2026, false],
    [1900, false],
    [2000, true],
    [2100, false],
    [2400, true],
  ])('%i leap: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap)
    expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28)
  })
  it('knows every month length', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ])
  })
})

describe('parseDateTime', () => {
  it('reads every day of every month of a common and a leap year, and refuses the day after the last', () => {
    for (const year of [2026, 2028, 2000, 1900]) {
      for (let month = 1; month <= 12; month += 1) {
        const mm = String(month).padStart(2, '0')
        const last = daysInMonth(year, month)
        for (let day = 1; day <= last; day += 1) {
          const text = `${year}-${mm}-${String(day).padStart(2, '0')}T12:00:00Z`
          expect(iso(text)).toBe(`${year}-${mm}-${String(day).padStart(2, '0')}T12:00:00.000Z`)
        }
        expect(reason(`${year}-${mm}-${last + 1}T12:00:00Z`)).toMatch(
          /is not a real date: \w+ \d{4} has \d\d days/,
        )
      }
    }
  })
  it('refuses 30 February and 29 February outside leap years, naming the month length', () => {
    expect(reason('2026-02-30T09:00:00Z')).toBe('is not a real date: February 2026 has 28 days')
    expect(reason('2026-02-29T09:00:00Z')).toBe('is not a real date: February 2026 has 28 days')
    expect(reason('1900-02-29T09:00:00Z')).toBe('is not a real date: February 1900 has 28 days')
    expect(iso('2028-02-29T09:00:00Z')).toBe('2028-02-29T09:00:00.000Z')
    expect(iso('2000-02-29T09:00:00Z')).toBe('2000-02-29T09:00:00.000Z')
    expect(reason('2026-04-31T09:00:00Z')).toBe('is not a real date: April 2026 has 30 days')
  })
  it('refuses month 00 and 13, day 00 and year 0000', () => {
    expect(reason('2026-13-01T09:00:00Z')).toBe('is not a real date: there is no month 13')
    expect(reason('2026-00-10T09:00:00Z')).toBe('is not a real date: there is no month 00')
    expect(reason('2026-01-00T09:00:00Z')).toBe('is not a real date: January 2026 has 31 days')
    expect(reason('0000-01-01T09:00:00Z')).toBe('is not a real date: the year must be 0001 or later')
  })
  it('refuses hour 24, minute 60 and second 60 (Date.parse takes 24:00 as the next day)', () => {
    expect(reason('2026-01-31T24:00:00Z')).toMatch(/hour must be 00 to 23/)
    expect(reason('2026-01-31T24:00Z')).toMatch(/hour must be 00 to 23/)
    expect(reason('2026-01-31T23:60:00Z')).toMatch(/minute must be 00 to 59/)
    expect(reason('2026-01-31T23:59:60Z')).toMatch(/second must be 00 to 59/)
    expect(iso('2026-01-31T23:59:59Z')).toBe('2026-01-31T23:59:59.000Z')
    expect(iso('2026-01-31T00:00:00Z')).toBe('2026-01-31T00:00:00.000Z')
  })
  it('applies offsets, across a day, month and year boundary', () => {
    expect(iso('2026-01-31T09:00:00+01:00')).toBe('2026-01-31T08:00:00.000Z')
    expect(iso('2026-01-01T00:30:00+01:00')).toBe('2025-12-31T23:30:00.000Z')
    expect(iso('2026-02-28T23:00:00-05:30')).toBe('2026-03-01T04:30:00.000Z')
    expect(iso('2026-06-10T12:00:00+14:00')).toBe('2026-06-09T22:00:00.000Z')
    expect(iso('2026-06-10T12:00:00-00:00')).toBe('2026-06-10T12:00:00.000Z')
    expect(iso('2026-06-10t12:00:00z')).toBe('2026-06-10T12:00:00.000Z')
  })
  it('refuses impossible offsets and offsets without a colon', () => {
    expect(reason('2026-06-10T12:00:00+24:00')).toMatch(/impossible time zone offset/)
    expect(reason('2026-06-10T12:00:00+01:60')).toMatch(/impossible time zone offset/)
    expect(reason('2026-06-10T12:00:00+0100')).toMatch(/ISO 8601/)
  })
  it('reads with and without seconds and milliseconds, keeping milliseconds exactly', () => {
    expect(iso('2026-01-31T09:05Z')).toBe('2026-01-31T09:05:00.000Z')
    expect(iso('2026-01-31T09:05:07Z')).toBe('2026-01-31T09:05:07.000Z')
    expect(iso('2026-01-31T09:05:07.5Z')).toBe('2026-01-31T09:05:07.500Z')
    expect(iso('2026-01-31T09:05:07.145Z')).toBe('2026-01-31T09:05:07.145Z')
    expect(iso('2026-01-31T09:05:07.999999999Z')).toBe('2026-01-31T09:05:07.999Z')
    expect(reason('2026-01-31T09:05:07.Z')).toMatch(/ISO 8601/)
    expect(reason('2026-01-31T09:05:07.1234567890Z')).toMatch(/ISO 8601/)
  })
  it('refuses a date-time without a time zone, and other shapes Date.parse would take', () => {
    expect(reason('2026-01-31T09:00:00')).toMatch(/^has no time zone/)
    for (const text of [
      '2026-1-31T09:00Z',
      'Jan 31 2026',
      '1769850000000',
      '',
      ' 2026-01-31T09:00Z',
      '2026-01-31 09:00Z',
    ])
      expect(reason(text)).toMatch(/ISO 8601/)
  })
  it('takes a bare date as UTC midnight only where a whole day is meant', () => {
    expect(reason('2026-01-31')).toMatch(/ISO 8601 date-time/)
    expect(iso('2026-01-31', { dateOnly: 'utc-midnight' })).toBe('2026-01-31T00:00:00.000Z')
    expect(reason('2026-02-30', { dateOnly: 'utc-midnight' })).toBe(
      'is not a real date: February 2026 has 28 days',
    )
    expect(reason('2026-01-31T09:00', { dateOnly: 'utc-midnight' })).toMatch(/date \(2026-01-31\) or/)
  })
})

describe('parseDate', () => {
  it('reads a calendar day and refuses impossible ones', () => {
    const parsed = parseDate('2028-02-29')
    expect(parsed.ok && parsed.iso).toBe('2028-02-29T00:00:00.000Z')
    expect(parseDate('2026-02-29')).toEqual({
      ok: false,
      reason: 'is not a real date: February 2026 has 28 days',
    })
    expect(parseDate('2026-02-01T00:00:00Z')).toEqual({
      ok: false,
      reason: 'must be a date written YYYY-MM-DD, e.g. 2026-01-31',
    })
  })
  it('reads years before 100 as written, not as 19xx', () => {
    const parsed = parseDate('0099-12-31')
    expect(parsed.ok && parsed.iso).toBe('0099-12-31T00:00:00.000Z')
  })
})
