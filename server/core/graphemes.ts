/**
 * User-perceived characters (extended grapheme clusters, UAX #29) without an object per character.
 *
 * The walk below implements the rules that matter for SMS text: surrogate pairs, combining marks and
 * other extenders, emoji ZWJ sequences, skin tones, keycaps, tag sequences and flag pairs. Scripts
 * whose clustering needs the rest of UAX #29 (Hangul jamo, prepended and spacing marks, Indic
 * conjuncts) are handed to Intl.Segmenter, which is exact but about 30x slower. CR and LF are always
 * characters of their own: both are sent and both are paid for, so a CRLF counts as two.
 */

const OTHER = 0
const EXTEND = 1
const ZWJ = 2
const REGIONAL_INDICATOR = 3
const PICTOGRAPHIC = 4
const CONTROL = 5
/** Needs the full rules: the text goes to Intl.Segmenter. */
const COMPLEX = 6

const EXTEND_RE = /^[\p{Grapheme_Extend}\p{Emoji_Modifier}]$/u
const CONTROL_RE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u
const SPACING_MARK_RE = /^\p{Mc}$/u
const PICTOGRAPHIC_RE = /^\p{Extended_Pictographic}$/u
const IGNORABLE_UNASSIGNED_RE = /^(?=\p{Cn})\p{Default_Ignorable_Code_Point}$/u

/** Grapheme_Cluster_Break=Prepend, and the Indic conjunct linkers (viramas) of rule GB9c. */
const COMPLEX_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0600, 0x0605],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x0890, 0x0891],
  [0x08e2, 0x08e2],
  [0x094d, 0x094d],
  [0x09cd, 0x09cd],
  [0x0acd, 0x0acd],
  [0x0b4d, 0x0b4d],
  [0x0c4d, 0x0c4d],
  [0x0d4d, 0x0d4e],
  [0x0e33, 0x0e33],
  [0x0eb3, 0x0eb3],
  [0x1100, 0x11ff],
  [0xa960, 0xa97f],
  [0xac00, 0xd7ff],
  [0x110bd, 0x110bd],
  [0x110cd, 0x110cd],
  [0x111c2, 0x111c3],
  [0x1193f, 0x1193f],
  [0x11941, 0x11941],
  [0x11a3a, 0x11a3a],
  [0x11a84, 0x11a89],
  [0x11d46, 0x11d46],
  [0x11f02, 0x11f02],
]

function classify(cp: number): number {
  if (cp === 0x200d) return ZWJ
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return REGIONAL_INDICATOR
  if (cp >= 0xd800 && cp <= 0xdfff) return OTHER // a lone surrogate: a base that takes extenders
  for (const [from, to] of COMPLEX_RANGES) if (cp >= from && cp <= to) return COMPLEX
  const ch = String.fromCodePoint(cp)
  if (EXTEND_RE.test(ch)) return EXTEND
  if (SPACING_MARK_RE.test(ch) || IGNORABLE_UNASSIGNED_RE.test(ch)) return COMPLEX
  if (CONTROL_RE.test(ch)) return CONTROL
  return PICTOGRAPHIC_RE.test(ch) ? PICTOGRAPHIC : OTHER
}

/** Built on first use (~15 ms each): plain GSM-7 text never needs them. */
let bmp: Uint8Array | undefined
let plane1: Uint8Array | undefined

function buildPlane(base: number): Uint8Array {
  const table = new Uint8Array(0x10000)
  for (let i = 0; i < 0x10000; i++) table[i] = classify(base + i)
  return table
}

function classOf(cp: number): number {
  if (cp < 0x10000) {
    bmp ??= buildPlane(0)
    return bmp[cp]!
  }
  if (cp < 0x20000) {
    plane1 ??= buildPlane(0x10000)
    return plane1[cp - 0x10000]!
  }
  return cp >= 0xe0000 && cp <= 0xe0fff ? classify(cp) : OTHER
}

/**
 * Receives each user-perceived character as its UTF-16 range `[start, end)`. An object rather than a
 * callback: a fresh closure per message keeps V8 from inlining the call and costs ~5x.
 */
export interface GraphemeSink {
  take(start: number, end: number): void
}

/**
 * Visits the user-perceived characters of `text` in order. Returns false, having visited nothing,
 * when the text needs rules the fast walk does not implement; `visitGraphemesExactly` then applies.
 */
export function visitGraphemesFast(text: string, sink: GraphemeSink): boolean {
  const length = text.length
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0x0300 && classOf(code) === COMPLEX) return false
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        if (classOf((code - 0xd800) * 0x400 + low - 0xdc00 + 0x10000) === COMPLEX) return false
        i++
      }
    }
  }
  let start = 0
  let previous = -1
  let afterPictographicZwj = false
  let inPictographic = false
  let regionalRun = 0
  for (let i = 0; i < length; ) {
    let cp = text.charCodeAt(i)
    let width = 1
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + low - 0xdc00 + 0x10000
        width = 2
      }
    }
    const cls = cp < 0x80 ? (cp < 0x20 || cp === 0x7f ? CONTROL : OTHER) : classOf(cp)
    let joins = false
    if (previous === -1 || previous === CONTROL || cls === CONTROL) joins = false
    else if (cls === EXTEND || cls === ZWJ) joins = true
    else if (cls === PICTOGRAPHIC) joins = afterPictographicZwj
    else if (cls === REGIONAL_INDICATOR) joins = previous === REGIONAL_INDICATOR && regionalRun % 2 === 1
    if (!joins && i > 0) {
      sink.take(start, i)
      start = i
    }
    afterPictographicZwj = cls === ZWJ && inPictographic
    inPictographic = cls === PICTOGRAPHIC || (cls === EXTEND && inPictographic)
    regionalRun = cls === REGIONAL_INDICATOR ? regionalRun + 1 : 0
    previous = cls
    i += width
  }
  if (length > 0) sink.take(start, length)
  return true
}

let segmenter: Intl.Segmenter | undefined

/** The full UAX #29 rules via Intl.Segmenter, with CR LF split into two characters. */
export function visitGraphemesExactly(text: string, sink: GraphemeSink): void {
  segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' })
  for (const { index, segment } of segmenter.segment(text)) {
    if (segment === '\r\n') {
      sink.take(index, index + 1)
      sink.take(index + 1, index + 2)
    } else {
      sink.take(index, index + segment.length)
    }
  }
}

export function visitGraphemes(text: string, sink: GraphemeSink): void {
  if (!visitGraphemesFast(text, sink)) visitGraphemesExactly(text, sink)
}
