import { keywordAction } from './opt-out-keywords'

/**
 * Keyword rules (issue 13): a text whose FIRST WORD is a rule's keyword or one of its aliases, on the
 * number the rule listens on, triggers the rule's actions. Matching ignores case and the punctuation
 * people put after a word ("Jobs!", "jobs."), as FrontlineCloud's keyword activities do.
 */

/** The words carriers and Parley keep for opt-out, opt-in and help (STOP, START, HELP and their kin). */
export function isCarrierKeyword(word: string): boolean {
  return keywordAction(word) !== null
}

/** A keyword as it is stored and compared: upper case, NFKC, no surrounding punctuation. */
export function normalizeKeyword(word: string): string {
  return word
    .normalize('NFKC')
    .trim()
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '')
    .toUpperCase()
}

/** The first word of a text, normalized as keywords are; '' for a text with no word. */
export function firstWordOf(body: string): string {
  const first = body.normalize('NFKC').trim().split(/\s+/u)[0] ?? ''
  return normalizeKeyword(first)
}

/** A keyword is letters and digits (and inner - or _), 1 to 30 characters, no spaces. */
const KEYWORD_SHAPE = /^[\p{L}\p{N}](?:[\p{L}\p{N}_-]{0,28}[\p{L}\p{N}])?$/u

export interface RuleWords {
  id: string
  keyword: string
  aliases: readonly string[]
  enabled: boolean
}

export type KeywordProblem =
  | { code: 'KEYWORD_INVALID'; field: string; message: string }
  | { code: 'KEYWORD_RESERVED'; field: string; message: string }
  | { code: 'KEYWORD_TAKEN'; field: string; message: string }

/**
 * The first problem with a rule's keyword and aliases, or null: each must have a keyword's shape,
 * none may be a carrier keyword (STOP, START, HELP... keep precedence), none may repeat within the
 * rule, and none may be a word of another rule on the same number (`others`, the rule itself left out).
 */
export function keywordProblem(
  keyword: string,
  aliases: readonly string[],
  others: readonly RuleWords[],
): KeywordProblem | null {
  const words = [
    { field: 'keyword', raw: keyword },
    ...aliases.map((raw, i) => ({ field: `aliases[${i}]`, raw })),
  ]
  const taken = new Map<string, string>()
  for (const rule of others) for (const word of [rule.keyword, ...rule.aliases]) taken.set(word, rule.keyword)
  const seen = new Set<string>()
  for (const { field, raw } of words) {
    const word = normalizeKeyword(raw)
    if (!KEYWORD_SHAPE.test(word)) {
      return {
        code: 'KEYWORD_INVALID',
        field,
        message: `${field}: "${raw}" is not a keyword (one word of letters and digits, up to 30 characters)`,
      }
    }
    if (isCarrierKeyword(word)) {
      return {
        code: 'KEYWORD_RESERVED',
        field,
        message: `${field}: "${word}" is kept for opt-out, opt-in and help (STOP, START, HELP and their kin)`,
      }
    }
    if (seen.has(word)) {
      return { code: 'KEYWORD_INVALID', field, message: `${field}: "${word}" is given twice in this rule` }
    }
    seen.add(word)
    const owner = taken.get(word)
    if (owner !== undefined) {
      return {
        code: 'KEYWORD_TAKEN',
        field,
        message: `${field}: "${word}" already triggers the rule "${owner}" on this number`,
      }
    }
  }
  return null
}

/** Why a text to a number with rules triggered none of them: the "Did not trigger" reasons. */
export type KeywordMiss = 'no_match' | 'rule_off'

export type KeywordMatch<R extends RuleWords> =
  | { triggered: R }
  | { missed: KeywordMiss }
  /** The number has no rules, or the text is a carrier keyword: rules do not apply. */
  | null

/** What a received text does with the rules of the number it was sent to. */
export function matchKeywordRule<R extends RuleWords>(rules: readonly R[], body: string): KeywordMatch<R> {
  if (rules.length === 0 || keywordAction(body) !== null) return null
  const word = firstWordOf(body)
  const rule = word === '' ? undefined : rules.find((r) => r.keyword === word || r.aliases.includes(word))
  if (!rule) return { missed: 'no_match' }
  return rule.enabled ? { triggered: rule } : { missed: 'rule_off' }
}

/** The reason of a miss in words, for the "Did not trigger" view. */
export function keywordMissReason(miss: KeywordMiss, body: string, number: string): string {
  const word = firstWordOf(body)
  if (miss === 'rule_off') return `The keyword rule "${word}" on ${number} is turned off`
  return word === ''
    ? `The text has no first word to match the keyword rules on ${number}`
    : `"${word}" is not a keyword on ${number}`
}
