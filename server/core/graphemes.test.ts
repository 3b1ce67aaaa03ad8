import { describe, expect, it } from 'vitest'
import { visitGraphemes, visitGraphemesExactly, visitGraphemesFast } from './graphemes'

function clusters(text: string, visitor: typeof visitGraphemesExactly): string[] {
  const out: string[] = []
  visitor(text, { take: (start, end) => out.push(text.slice(start, end)) })
  return out
}

/** Characters the fast walk handles itself: bases, extenders, ZWJ, indicators, tags, controls. */
const POOL = [
  'a',
  'Z',
  ' ',
  'é',
  'ê',
  '’',
  '中',
  '\r',
  '\n',
  '\t',
  '\u0000',
  '\u00ad',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u0301',
  '\u0308',
  '\ufe0f',
  '\u20e3',
  '😀',
  '👍',
  '👨',
  '👩',
  '❤',
  '©',
  '🏽',
  '🏿',
  '🇬',
  '🇧',
  '🇸',
  '🏴',
  '\u{e0067}',
  '\u{e007f}',
  '\ud800',
  '\udc00',
  '1',
  '#',
]

/** Deterministic so a failure reproduces. */
function randomFrom(seed: number): () => number {
  let state = seed
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return state / 4_294_967_296
  }
}

describe('visitGraphemesFast', () => {
  it('finds the same characters as Intl.Segmenter on random sequences', () => {
    const random = randomFrom(7)
    for (let n = 0; n < 3000; n++) {
      let text = ''
      const length = 1 + Math.floor(random() * 12)
      for (let i = 0; i < length; i++) text += POOL[Math.floor(random() * POOL.length)]
      const fast = clusters(text, (t, sink) => {
        expect(visitGraphemesFast(t, sink)).toBe(true)
      })
      expect({ text, fast }).toEqual({ text, fast: clusters(text, visitGraphemesExactly) })
    }
  })

  it('hands scripts that need the full rules to Intl.Segmenter without visiting anything', () => {
    let visited = 0
    const sink = { take: () => visited++ }
    expect(visitGraphemesFast('ok 한국어', sink)).toBe(false)
    expect(visitGraphemesFast('क्ष', sink)).toBe(false)
    expect(visited).toBe(0)
    expect(clusters('ok 한국어', visitGraphemes)).toEqual(['o', 'k', ' ', '한', '국', '어'])
  })

  it('splits CR LF into two characters in both walks', () => {
    expect(clusters('a\r\nb', visitGraphemes)).toEqual(['a', '\r', '\n', 'b'])
    expect(clusters('a\r\nb', visitGraphemesExactly)).toEqual(['a', '\r', '\n', 'b'])
  })
})
