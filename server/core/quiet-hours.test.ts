import { describe, expect, it } from 'vitest'
import { outsideQuietHours, timeZoneForCountry } from './quiet-hours'

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
