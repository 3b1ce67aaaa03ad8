import { type GraphemeSink, visitGraphemesExactly, visitGraphemesFast } from './graphemes'
import { GSM7_REPLACEMENTS, gsmSeptets } from './gsm7'

export type SmsEncoding = 'GSM-7' | 'UCS-2'

export interface SegmentCount {
  encoding: SmsEncoding
  /** User-perceived characters (a ZWJ family emoji is 1; CR and LF are 1 each). */
  characters: number
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number
  segments: number
  /** Capacity of each segment in units: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perSegment: number
  /** Units still free in the last segment. */
  remaining: number
  /** The characters that forced UCS-2, unique, in order of first appearance. */
  nonGsmCharacters: string[]
}

/**
 * A segment carries 140 octets. A message longer than one segment needs a 6-octet user data header
 * in every part, which leaves 153 septets or 67 UCS-2 code units per part.
 */
export const GSM7_SINGLE = 160
export const GSM7_MULTIPART = 153
export const UCS2_SINGLE = 70
export const UCS2_MULTIPART = 67

function result(
  encoding: SmsEncoding,
  characters: number,
  units: number,
  segments: number,
  perSegment: number,
  used: number,
  nonGsmCharacters: string[],
): SegmentCount {
  return {
    encoding,
    characters,
    units,
    segments,
    perSegment,
    remaining: perSegment - used,
    nonGsmCharacters,
  }
}

/**
 * Encoding and segment count of an SMS body. An empty body is one segment: providers bill a
 * message as at least one part, and refusing empty messages is the sender's job, not this count's.
 */
export function countSegments(body: string): SegmentCount {
  const length = body.length
  let septets = 0
  for (let i = 0; i < length; i++) {
    const cost = gsmSeptets(body.charCodeAt(i))
    if (cost === 0) return countUcs2(body)
    septets += cost
  }
  if (septets <= GSM7_SINGLE) return result('GSM-7', length, septets, 1, GSM7_SINGLE, septets, [])
  if (septets === length) {
    const segments = Math.ceil(septets / GSM7_MULTIPART)
    const used = septets - (segments - 1) * GSM7_MULTIPART
    return result('GSM-7', length, septets, segments, GSM7_MULTIPART, used, [])
  }
  // An escape and its extension code must arrive in the same part, so a part may hold 152 septets.
  let segments = 1
  let used = 0
  for (let i = 0; i < length; i++) {
    const cost = gsmSeptets(body.charCodeAt(i))
    if (used + cost > GSM7_MULTIPART) {
      segments++
      used = cost
    } else {
      used += cost
    }
  }
  return result('GSM-7', length, septets, segments, GSM7_MULTIPART, used, [])
}

/** UCS-2 parts never split a user-perceived character: one that does not fit starts the next part. */
class Ucs2Tally implements GraphemeSink {
  characters = 0
  segments = 1
  used: number
  readonly perSegment: number
  readonly single: boolean
  readonly nonGsm = new Set<string>()

  constructor(readonly body: string) {
    this.single = body.length <= UCS2_SINGLE
    this.perSegment = this.single ? UCS2_SINGLE : UCS2_MULTIPART
    this.used = this.single ? body.length : 0
  }

  take(start: number, end: number): void {
    this.characters++
    const width = end - start
    if (width > 1 || gsmSeptets(this.body.charCodeAt(start)) === 0)
      this.nonGsm.add(this.body.slice(start, end))
    if (this.single) return
    if (width <= this.perSegment) {
      this.fit(width)
      return
    }
    // A cluster wider than a whole part (stacked combining marks) cannot stay whole; split it
    // between code points, still keeping each surrogate pair together.
    for (let i = start; i < end; ) {
      const code = this.body.charCodeAt(i)
      const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < end ? 2 : 1
      this.fit(pair)
      i += pair
    }
  }

  private fit(width: number): void {
    if (this.used + width <= this.perSegment) {
      this.used += width
    } else {
      this.segments++
      this.used = width
    }
  }
}

function countUcs2(body: string): SegmentCount {
  const tally = new Ucs2Tally(body)
  if (!visitGraphemesFast(body, tally)) visitGraphemesExactly(body, tally)
  const { characters, segments, perSegment, used, nonGsm } = tally
  return result('UCS-2', characters, body.length, segments, perSegment, used, [...nonGsm])
}

export interface Gsm7Replacement {
  character: string
  replacement: string
  count: number
}

export interface Gsm7Suggestion {
  body: string
  replacements: Gsm7Replacement[]
  before: SegmentCount
  after: SegmentCount
  /** Segments saved by sending `body` instead of the original; can be 0 (e.g. an emoji keeps UCS-2). */
  segmentsSaved: number
}

function replacementFor(ch: string, code: number): string | undefined {
  const mapped = GSM7_REPLACEMENTS.get(ch)
  if (mapped !== undefined) return mapped
  // Fullwidth ASCII (U+FF01..U+FF5E) is ASCII shifted by 0xFEE0.
  if (code >= 0xff01 && code <= 0xff5e) {
    const ascii = String.fromCharCode(code - 0xfee0)
    return gsmSeptets(ascii.charCodeAt(0)) > 0 ? ascii : GSM7_REPLACEMENTS.get(ascii)
  }
  return undefined
}

/** Replaces typographic look-alikes (smart quotes, dashes, odd spaces, ...) with GSM-7 characters. */
export function suggestGsm7(body: string): Gsm7Suggestion {
  const before = countSegments(body)
  if (before.encoding === 'GSM-7') return { body, replacements: [], before, after: before, segmentsSaved: 0 }
  const found = new Map<string, Gsm7Replacement>()
  let out = ''
  let copied = 0
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i)
    if (gsmSeptets(code) > 0) continue
    const ch = body[i]!
    const replacement = replacementFor(ch, code)
    if (replacement === undefined) continue
    out += body.slice(copied, i) + replacement
    copied = i + 1
    const seen = found.get(ch)
    if (seen) seen.count++
    else found.set(ch, { character: ch, replacement, count: 1 })
  }
  if (found.size === 0) return { body, replacements: [], before, after: before, segmentsSaved: 0 }
  const suggested = out + body.slice(copied)
  const after = countSegments(suggested)
  return {
    body: suggested,
    replacements: [...found.values()],
    before,
    after,
    segmentsSaved: before.segments - after.segments,
  }
}

/** Credits a message of `segments` parts costs. */
export function creditsFor(segments: number, creditsPerSegment: number): number {
  if (!Number.isInteger(segments) || segments < 0) {
    throw new RangeError(`segments must be a whole number >= 0, got ${segments}`)
  }
  if (!Number.isInteger(creditsPerSegment) || creditsPerSegment < 0) {
    throw new RangeError(`creditsPerSegment must be a whole number >= 0, got ${creditsPerSegment}`)
  }
  return segments * creditsPerSegment
}
