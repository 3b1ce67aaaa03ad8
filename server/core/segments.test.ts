import { SegmentedMessage } from 'sms-segments-calculator'
import { describe, expect, it } from 'vitest'
import { buildCorpus } from '../../bench/corpus'
import { isGsm7 } from './gsm7'
import { countSegments, creditsFor, suggestGsm7 } from './segments'

const FAMILY = '👨‍👩‍👧‍👦' // 4 people joined by 3 ZWJ: 11 UTF-16 units, 1 character
const UCS2_FILLER = 'ê' // not in GSM-7, 1 UTF-16 unit

describe('countSegments: GSM-7', () => {
  it('counts an empty body as one empty segment', () => {
    expect(countSegments('')).toEqual({
      encoding: 'GSM-7',
      characters: 0,
      units: 0,
      segments: 1,
      perSegment: 160,
      remaining: 160,
      nonGsmCharacters: [],
    })
  })

  it('fits 160 septets in one segment and splits 161 into parts of 153', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({ segments: 1, perSegment: 160, remaining: 0 })
    expect(countSegments('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153, remaining: 145 })
  })

  it('fits 2 x 153 = 306 septets in two parts and needs a third for 307', () => {
    expect(countSegments('a'.repeat(306))).toMatchObject({ segments: 2, remaining: 0 })
    expect(countSegments('a'.repeat(307))).toMatchObject({ segments: 3, remaining: 152 })
  })

  it('reads the whole basic table as GSM-7, Nordic letters and Greek capitals included', () => {
    const text = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà'
    const count = countSegments(text)
    expect(count.encoding).toBe('GSM-7')
    expect(count.units).toBe(text.length)
  })

  it('counts every extension character as 2 septets but 1 character', () => {
    const count = countSegments('^{}\\[~]|€\f')
    expect(count).toMatchObject({ encoding: 'GSM-7', characters: 10, units: 20 })
    expect(countSegments('€'.repeat(80))).toMatchObject({ segments: 1, units: 160 })
    expect(countSegments('€'.repeat(81))).toMatchObject({ segments: 2, units: 162 })
  })

  it('never splits an escape pair: the extension character starts the next part', () => {
    // 152 + 2 does not fit in 153, so part 1 holds 152 septets and the € opens part 2.
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(10)}`)).toMatchObject({
      segments: 2,
      remaining: 141,
    })
    // 306 septets would fit in 2 x 153 if the pair could be split; it cannot, so 3 parts.
    const count = countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)
    expect(count.units).toBe(306)
    expect(count.segments).toBe(3)
  })

  it('counts CR and LF as one character each', () => {
    expect(countSegments('a\r\nb')).toMatchObject({ encoding: 'GSM-7', characters: 4, units: 4 })
  })
})

describe('countSegments: UCS-2', () => {
  it('fits 70 units in one segment and splits 71 into parts of 67', () => {
    expect(countSegments(UCS2_FILLER.repeat(70))).toMatchObject({
      encoding: 'UCS-2',
      segments: 1,
      perSegment: 70,
      remaining: 0,
    })
    expect(countSegments(UCS2_FILLER.repeat(71))).toMatchObject({
      segments: 2,
      perSegment: 67,
      remaining: 63,
    })
    expect(countSegments(UCS2_FILLER.repeat(134))).toMatchObject({ segments: 2, remaining: 0 })
    expect(countSegments(UCS2_FILLER.repeat(135))).toMatchObject({ segments: 3, remaining: 66 })
  })

  it('is forced by one character, which it lists', () => {
    const count = countSegments(`${'a'.repeat(100)}’`)
    expect(count).toMatchObject({ encoding: 'UCS-2', units: 101, segments: 2, nonGsmCharacters: ['’'] })
  })

  it('lists each non-GSM character once, in order of first appearance', () => {
    expect(countSegments('it’s “ok” ’ ✓ “').nonGsmCharacters).toEqual(['’', '“', '”', '✓'])
  })

  it('counts extension characters as one unit in UCS-2', () => {
    expect(countSegments('€[]’')).toMatchObject({ encoding: 'UCS-2', units: 4, characters: 4 })
  })

  it('never splits an emoji surrogate pair: it starts the next part', () => {
    const text = `${UCS2_FILLER.repeat(66)}😀${UCS2_FILLER.repeat(66)}`
    const count = countSegments(text)
    expect(count.units).toBe(134) // would fit 2 x 67 if the pair could be split
    expect(count.segments).toBe(3)
    expect(count.remaining).toBe(66)
  })

  it('keeps a ZWJ family emoji whole and counts it as one character', () => {
    expect(countSegments(FAMILY)).toMatchObject({ characters: 1, units: 11, nonGsmCharacters: [FAMILY] })
    const count = countSegments(`${UCS2_FILLER.repeat(60)}${FAMILY}${UCS2_FILLER.repeat(10)}`)
    // 60 + 11 > 67: the family opens part 2, which holds 11 + 10 units.
    expect(count).toMatchObject({ segments: 2, characters: 71, remaining: 67 - 21 })
  })

  it('keeps a flag (two regional indicators) whole', () => {
    const count = countSegments(`${UCS2_FILLER.repeat(65)}🇬🇧${UCS2_FILLER.repeat(10)}`)
    // Splitting between the indicators would leave 12 units in part 2; whole, the flag moves: 14.
    expect(count).toMatchObject({ segments: 2, characters: 76, remaining: 67 - 14 })
    expect(countSegments('🇬🇧🇸🇪').characters).toBe(2)
    expect(countSegments('🇬🇧🇸🇪').nonGsmCharacters).toEqual(['🇬🇧', '🇸🇪'])
  })

  it('keeps skin tones, keycaps, tag flags and combining marks with their base', () => {
    expect(countSegments('👍🏽').characters).toBe(1)
    expect(countSegments('1️⃣').characters).toBe(1)
    expect(countSegments('🏴󠁧󠁢󠁳󠁣󠁴󠁿').characters).toBe(1) // Scotland: flag + 5 tags + cancel tag
    const decomposed = 'Zoe\u0308 and Rene\u0301'
    expect(countSegments(decomposed)).toMatchObject({
      characters: 12,
      units: 14,
      nonGsmCharacters: ['e\u0308', 'e\u0301'],
    })
    const skin = countSegments(`${UCS2_FILLER.repeat(65)}👍🏽${UCS2_FILLER.repeat(3)}`)
    expect(skin).toMatchObject({ segments: 2, remaining: 67 - 7 })
  })

  it('clusters scripts that need the full Unicode rules (Hangul jamo)', () => {
    expect(countSegments('\u1100\u1161\u11a8').characters).toBe(1)
    expect(countSegments('한국어 문자').characters).toBe(6)
  })

  it('splits a cluster wider than a whole part rather than overfilling it', () => {
    const zalgo = `a${'\u0301'.repeat(100)}`
    expect(countSegments(zalgo)).toMatchObject({ characters: 1, units: 101, segments: 2, remaining: 33 })
  })
})

describe('suggestGsm7', () => {
  it('replaces smart quotes and saves a segment', () => {
    const body = `${'a'.repeat(140)} it’s “fine”`
    const suggestion = suggestGsm7(body)
    expect(suggestion.before).toMatchObject({ encoding: 'UCS-2', segments: 3 })
    expect(suggestion.after).toMatchObject({ encoding: 'GSM-7', segments: 1 })
    expect(suggestion.body).toBe(`${'a'.repeat(140)} it's "fine"`)
    expect(suggestion.segmentsSaved).toBe(2)
    expect(suggestion.replacements).toEqual([
      { character: '’', replacement: "'", count: 1 },
      { character: '“', replacement: '"', count: 1 },
      { character: '”', replacement: '"', count: 1 },
    ])
  })

  it('replaces dashes, ellipsis, odd spaces, bullets, primes and fullwidth letters', () => {
    const suggestion = suggestGsm7('Pay 9–5 — ok…\u00a0• 5′ 10″ \u200bＡＢ')
    expect(suggestion.body).toBe(`Pay 9-5 - ok... - 5' 10" AB`)
    expect(suggestion.after.encoding).toBe('GSM-7')
    expect(suggestion.replacements.find((r) => r.character === '–')).toEqual({
      character: '–',
      replacement: '-',
      count: 1,
    })
  })

  it('counts repeated replacements', () => {
    expect(suggestGsm7('’’ ’').replacements).toEqual([{ character: '’', replacement: "'", count: 3 }])
  })

  it('saves nothing when an emoji keeps the message in UCS-2', () => {
    const suggestion = suggestGsm7(`${'a'.repeat(80)} it’s 👍`)
    expect(suggestion.body).toBe(`${'a'.repeat(80)} it's 👍`)
    expect(suggestion.after.encoding).toBe('UCS-2')
    expect(suggestion.segmentsSaved).toBe(0)
  })

  it('leaves GSM-7 text and names with accents alone', () => {
    expect(suggestGsm7('Plain text')).toMatchObject({
      body: 'Plain text',
      replacements: [],
      segmentsSaved: 0,
    })
    expect(suggestGsm7('François').replacements).toEqual([])
  })
})

describe('creditsFor', () => {
  it('charges per segment', () => {
    expect(creditsFor(3, 2)).toBe(6)
    expect(creditsFor(1, 0)).toBe(0)
  })

  it('refuses negative or fractional input', () => {
    expect(() => creditsFor(-1, 1)).toThrow('segments must be a whole number >= 0, got -1')
    expect(() => creditsFor(1, 1.5)).toThrow('creditsPerSegment must be a whole number >= 0, got 1.5')
  })
})

describe('agreement with sms-segments-calculator', () => {
  const ordinary = [
    'Hi Anna, are you free for a call at 10:30 tomorrow?',
    'Hej Åsa! Tack för din ansökan. Vi ses i Göteborg på torsdag.',
    'Rate: €55/hour [negotiable] {day rate on request} ^_^ ~ | \\',
    'It’s a 12–month contract… the client’s keen — reply “YES” 👍',
    `Great news 🎉 ${'the offer is in! '.repeat(12)}`,
    'Family day 👨‍👩‍👧‍👦 flags 🇬🇧🇸🇪 skin 👍🏽 keycap 1️⃣ '.repeat(6),
    'Line one\nline two\r\nline three',
    ...buildCorpus(300).map((m) => m.body),
  ]

  it.each(ordinary.map((body) => [body.slice(0, 40), body]))('agrees on %j', (_label, body) => {
    const theirs = new SegmentedMessage(body)
    const ours = countSegments(body)
    expect({ encoding: ours.encoding, segments: ours.segments }).toEqual({
      encoding: theirs.encodingName,
      segments: theirs.segmentsCount,
    })
  })

  it('differs where the package does not know an emoji sequence newer than its Unicode tables', () => {
    // 🫱🏻‍🫲🏿 (Unicode 14) is one character; the package's grapheme splitter sees four and moves
    // only part of it to the next segment, so it fits the text in one part fewer.
    const body = `${UCS2_FILLER.repeat(60)}🫱🏻‍🫲🏿${UCS2_FILLER.repeat(60)}`
    expect(countSegments(body).segments).toBe(3)
    expect(new SegmentedMessage(body).segmentsCount).toBe(2)
  })

  it('differs on a cluster wider than a part: the package overfills a segment', () => {
    const body = `${UCS2_FILLER.repeat(60)}a${'\u0301'.repeat(100)}`
    expect(countSegments(body).segments).toBe(3)
    expect(new SegmentedMessage(body).segmentsCount).toBe(2)
  })
})

describe('isGsm7', () => {
  it('accepts the basic and extension tables and refuses anything else', () => {
    expect(isGsm7('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?')).toBe(true)
    expect(isGsm7('¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà^{}\\[~]|€\f')).toBe(true)
    for (const text of ['ê', '’', 'Zoë 👋', '\u001b', 'ç']) expect(isGsm7(text), text).toBe(false)
  })

  it('agrees with the segment counter on every text of the corpus', () => {
    for (const { body } of buildCorpus(2_000, 3)) {
      expect(isGsm7(body), body).toBe(countSegments(body).encoding === 'GSM-7')
    }
  })
})
