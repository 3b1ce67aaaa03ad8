import { parsePhoneNumberFromString } from 'libphonenumber-js'

/**
 * Dates in the user's own time zone (their profile's, else the browser's), and phone numbers
 * spaced for reading.
 */
let timeZone: string | undefined

export function setDisplayTimeZone(zone: string | null | undefined): void {
  timeZone = zone && isValidTimeZone(zone) ? zone : undefined
}

export function displayTimeZone(): string {
  return timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function format(iso: string, options: Intl.DateTimeFormatOptions): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return new Intl.DateTimeFormat(undefined, { timeZone: displayTimeZone(), ...options }).format(date)
}

function dayKey(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: displayTimeZone() }).format(date)
}

export function formatTime(iso: string): string {
  return format(iso, { hour: '2-digit', minute: '2-digit' })
}

export function formatDateTime(iso: string): string {
  return format(iso, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
}

export function formatDay(iso: string): string {
  const date = new Date(iso)
  const today = dayKey(new Date())
  const yesterday = dayKey(new Date(Date.now() - 86_400_000))
  const key = dayKey(date)
  if (key === today) return 'Today'
  if (key === yesterday) return 'Yesterday'
  return format(iso, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
}

/** Short time for lists: the time today, the weekday this week, else the date. */
export function formatListTime(iso: string | null): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (dayKey(date) === dayKey(new Date())) return formatTime(iso)
  if (Date.now() - date.getTime() < 6 * 86_400_000) return format(iso, { weekday: 'short' })
  return format(iso, { day: 'numeric', month: 'short' })
}

export function isSameDay(a: string, b: string): boolean {
  return dayKey(new Date(a)) === dayKey(new Date(b))
}

/** A `datetime-local` value (wall time in the display zone) as a UTC ISO string. */
export function wallTimeToIso(wall: string): string {
  const asUtc = new Date(`${wall}:00Z`)
  if (Number.isNaN(asUtc.getTime())) return ''
  // the zone's offset at that moment, found by formatting the UTC instant in the zone
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: displayTimeZone(),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(asUtc)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const zoned = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return new Date(asUtc.getTime() - (zoned - asUtc.getTime())).toISOString()
}

/** A `datetime-local` value for now plus some minutes, in the display zone (a schedule picker's start). */
export function wallTimeFromNow(offsetMinutes: number): string {
  const date = new Date(Date.now() + offsetMinutes * 60_000)
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: displayTimeZone(),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(date)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

/** A `YYYY-MM-DD` day in the display zone as the UTC instant it starts at. */
export function dayStartIso(day: string): string {
  return wallTimeToIso(`${day}T00:00`)
}

/** An E.164 number grouped as its country writes it ("+358 44 7895952"); anything else as given. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}

export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .split(/\s+/)
    .filter(Boolean)
  const letters =
    words.length > 1 ? `${words[0]?.[0] ?? ''}${words.at(-1)?.[0] ?? ''}` : (words[0]?.slice(0, 2) ?? '')
  return letters.toUpperCase() || '#'
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`
}

/** Spaces every E.164 number inside a sentence the server wrote ("Reply from +447911123456"). */
export function formatPhonesIn(text: string): string {
  return text.replace(/\+\d{8,15}\b/g, (number) => formatPhone(number))
}

/** A file size as people read it: "12 KB", "1.4 MB". */
export function formatSize(bytes: number): string {
  return bytes < 1_048_576
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1_048_576).toFixed(1)} MB`
}
