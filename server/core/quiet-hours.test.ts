import { describe, expect, it } from 'vitest'
import { outsideQuietHours, quietHoursSendTime, recipientTimeZone, timeZoneForCountry } from './quiet-hours'

const night = { start: '21:00', end: '08:00' }

describe('outsideQuietHours', () => {
  it('leaves a daytime send alone', () => {
    const at = new Date('2026-06-10T12:00:00Z')
    expect(outsideQuietHours(at, 'Europe/London', night)).toEqual(at)
  })
  it('moves a 3 a.m. send to 8 a.m. in the recipient zone (summer time)', () => {
    // 02:00 UTC = 03:00 BST
    expect(outsideQuietHours(new Date('2026-06-10T02:00:00Z'), 'Europe/London', night).toISOString()).toBe(
      '2026-06-10T07:00:00.000Z',
    )
  })
  it('moves a late-evening send to the next morning', () => {
    // 22:30 in Stockholm (CET, winter) = 21:30 UTC
    expect(outsideQuietHours(new Date('2026-01-15T21:30:00Z'), 'Europe/Stockholm', night).toISOString()).toBe(
      '2026-01-16T07:00:00.000Z',
    )
  })
  it('uses the recipient zone, not the sender one', () => {
    // 12:00 UTC is 23:00 in Sydney (AEDT, January)
    expect(outsideQuietHours(new Date('2026-01-15T12:00:00Z'), 'Australia/Sydney', night).toISOString()).toBe(
      '2026-01-15T21:00:00.000Z',
    )
  })
  it('handles a window inside one day and the night DST changes', () => {
    expect(
      outsideQuietHours(new Date('2026-06-10T12:30:00Z'), 'UTC', {
        start: '12:00',
        end: '13:00',
      }).toISOString(),
    ).toBe('2026-06-10T13:00:00.000Z')
    // Clocks go forward in London on 2026-03-29 at 01:00 UTC; 00:30 UTC is inside the window.
    expect(outsideQuietHours(new Date('2026-03-29T00:30:00Z'), 'Europe/London', night).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    )
  })
  it('knows the usual countries', () => {
    expect(timeZoneForCountry('SE')).toBe('Europe/Stockholm')
    expect(timeZoneForCountry('ZZ')).toBeNull()
  })
})

describe('quietHoursSendTime', () => {
  it('holds a text wanted at 23:00 their time until 08:00 their time', () => {
    // 22:00 UTC on 15 January is 23:00 in Stockholm; 08:00 there is 07:00 UTC.
    const r = quietHoursSendTime({
      wanted: new Date('2026-01-15T22:00:00Z'),
      timeZone: 'Europe/Stockholm',
      quiet: night,
    })
    expect(r).toEqual({ at: new Date('2026-01-16T07:00:00.000Z'), held: true })
  })
  it('lets a text go when it is daytime for the recipient, or when zone or quiet hours are unknown', () => {
    const wanted = new Date('2026-01-15T12:00:00Z')
    expect(quietHoursSendTime({ wanted, timeZone: 'Europe/London', quiet: night })).toEqual({
      at: wanted,
      held: false,
    })
    expect(quietHoursSendTime({ wanted, timeZone: 'Australia/Perth', quiet: null })).toEqual({
      at: wanted,
      held: false,
    })
    expect(quietHoursSendTime({ wanted, timeZone: null, quiet: night })).toEqual({ at: wanted, held: false })
  })
  it('ends the window at 08:00 local across the autumn clock change', () => {
    // London leaves summer time on 2026-10-25 at 01:00 UTC: 23:30 UTC the night before is 00:30 BST,
    // and 08:00 that morning is GMT, so 08:00 UTC (not 07:00).
    const r = quietHoursSendTime({
      wanted: new Date('2026-10-24T23:30:00Z'),
      timeZone: 'Europe/London',
      quiet: night,
    })
    expect(r.at.toISOString()).toBe('2026-10-25T08:00:00.000Z')
  })
  it("uses the person's zone, else the number's country's", () => {
    expect(recipientTimeZone('Australia/Perth', 'GB')).toBe('Australia/Perth')
    expect(recipientTimeZone(null, 'SE')).toBe('Europe/Stockholm')
    expect(recipientTimeZone(null, 'ZZ')).toBeNull()
  })
})
