/**
 * Quiet hours in the recipient's own time zone: a text (sent now or scheduled) that would land inside them waits
 * until they end. Pure: time zones come from the runtime's ICU data.
 */
export interface QuietHours {
  /** "21:00" */
  start: string
  /** "08:00"; earlier than start means the window crosses midnight */
  end: string
}

/** Time zones for countries Parley's users text most, for recipients without a time zone of their own. */
const COUNTRY_TIME_ZONES: Record<string, string> = {
  GB: 'Europe/London',
  // UK-style numbers libphonenumber places in the Crown Dependencies (+447911... is Guernsey's).
  GG: 'Europe/Guernsey',
  JE: 'Europe/Jersey',
  IM: 'Europe/Isle_of_Man',
  IE: 'Europe/Dublin',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  IS: 'Atlantic/Reykjavik',
  DE: 'Europe/Berlin',
  NL: 'Europe/Amsterdam',
  FR: 'Europe/Paris',
  ES: 'Europe/Madrid',
  PL: 'Europe/Warsaw',
  NZ: 'Pacific/Auckland',
  ZA: 'Africa/Johannesburg',
  IN: 'Asia/Kolkata',
  SG: 'Asia/Singapore',
}

export function timeZoneForCountry(country: string | null): string | null {
  return country ? (COUNTRY_TIME_ZONES[country] ?? null) : null
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** Minutes the zone is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000)
}

/**
 * `at` itself when it is outside quiet hours in `timeZone`, else the moment they end there.
 */
export function outsideQuietHours(at: Date, timeZone: string, quiet: QuietHours): Date {
  const start = minutes(quiet.start)
  const end = minutes(quiet.end)
  if (start === end) return at
  const offset = offsetMinutes(at, timeZone)
  const local = new Date(at.getTime() + offset * 60_000)
  const now = local.getUTCHours() * 60 + local.getUTCMinutes()
  const crossesMidnight = start > end
  const inside = crossesMidnight ? now >= start || now < end : now >= start && now < end
  if (!inside) return at
  const endDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()))
  if (crossesMidnight && now >= start) endDay.setUTCDate(endDay.getUTCDate() + 1)
  const localEnd = endDay.getTime() + end * 60_000
  // Convert the local wall-clock end back to UTC, re-reading the offset in case DST changed overnight.
  const guess = new Date(localEnd - offset * 60_000)
  return new Date(localEnd - offsetMinutes(guess, timeZone) * 60_000)
}

/** The recipient's time zone for quiet hours: the person's own, else their number's country's. */
export function recipientTimeZone(
  personZone: string | null | undefined,
  country: string | null,
): string | null {
  return personZone || timeZoneForCountry(country)
}

export interface SendTimeInput {
  /** When the sender wants it to go: now for an immediate send, else the scheduled time. */
  wanted: Date
  /** The recipient's time zone; null when unknown (then quiet hours cannot apply). */
  timeZone: string | null
  /** The organization's quiet hours; null when it has none. */
  quiet: QuietHours | null
}

/**
 * The one rule every send path uses: the moment a text wanted at `wanted` may go to this recipient.
 * `held` is true when quiet hours moved it later.
 */
export function quietHoursSendTime(input: SendTimeInput): { at: Date; held: boolean } {
  if (!input.quiet || !input.timeZone) return { at: input.wanted, held: false }
  const at = outsideQuietHours(input.wanted, input.timeZone, input.quiet)
  return { at, held: at.getTime() !== input.wanted.getTime() }
}

/** `at` on a wall clock in `timeZone`, "08:00". */
export function localClockTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
}
