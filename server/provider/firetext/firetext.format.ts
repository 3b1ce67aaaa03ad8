/**
 * FireText's number, time and text conventions: numbers go out as digits without "+" and come back in
 * UK national form (07...) or as 447...; times are UK wall-clock time with no offset.
 */

/** E.164 "+447700900123" → "447700900123"; an alphanumeric sender id is left as it is. */
export function toFireTextNumber(value: string): string {
  return /^\+\d+$/.test(value) ? value.slice(1) : value
}

/** "07700900123", "447700900123" or "+447700900123" → "+447700900123"; anything else (a short code, a name) as it is. */
export function fromFireTextNumber(value: string): string {
  const compact = value.replace(/[\s()-]/g, '')
  if (/^0\d{9,10}$/.test(compact)) return `+44${compact.slice(1)}`
  if (/^00[1-9]\d{6,14}$/.test(compact)) return `+${compact.slice(2)}`
  if (/^[1-9]\d{7,14}$/.test(compact)) return `+${compact}`
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact
  return value.trim()
}

/** Numbers as FireText's own callbacks show them: UK numbers in national form, others as digits. */
export function toUkNationalNumber(e164: string): string {
  return e164.startsWith('+44') ? `0${e164.slice(3)}` : toFireTextNumber(e164)
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

function londonFields(date: Date): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const part of LONDON.formatToParts(date)) fields[part.type] = part.value
  return fields
}

/** The UK wall-clock time of an instant, as FireText writes it: "2026-01-05 09:00:00". */
export function formatUkLocal(date: Date): string {
  const f = londonFields(date)
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}:${f.second}`
}

/**
 * The `schedule` field of a send: UK wall-clock time to the minute, "2026-01-05 09:00". A time with
 * seconds is rounded up, so a message never goes out before the time it was scheduled for.
 */
export function toFireTextSchedule(sendAt: string): string {
  const ms = Date.parse(sendAt)
  return formatUkLocal(new Date(Math.ceil(ms / 60_000) * 60_000)).slice(0, 16)
}

/** The UK calendar date of an instant: "2026-01-05". */
export function ukDateOf(date: Date): string {
  return formatUkLocal(date).slice(0, 10)
}

function londonOffsetMs(utcMs: number): number {
  const f = londonFields(new Date(utcMs))
  const wall = Date.UTC(+f.year!, +f.month! - 1, +f.day!, +f.hour!, +f.minute!, +f.second!)
  return wall - Math.floor(utcMs / 1000) * 1000
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\s*(Z|[+-]\d{2}:?\d{2}))?$/

/**
 * "2016-07-10 15:17:00" in UK time (GMT or BST) → ISO UTC. An explicit offset ("+0200", "Z") is honoured.
 * Returns null when the text is not a time FireText writes.
 */
export function parseUkLocal(text: string | undefined): string | null {
  const match = LOCAL_TIME.exec((text ?? '').trim())
  if (!match) return null
  const [, y, mo, d, h, mi, s, zone] = match
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +(s ?? '0'))
  if (Number.isNaN(wall)) return null
  if (zone) {
    if (zone === 'Z') return new Date(wall).toISOString()
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.replace(/\D/g, '')
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
    return new Date(wall - offset).toISOString()
  }
  // London's offset at the wall-clock reading read as UTC is the right one for every time that exists
  // (the clocks change at 01:00 UTC); an ambiguous autumn hour is read as GMT.
  return new Date(wall - londonOffsetMs(wall)).toISOString()
}
