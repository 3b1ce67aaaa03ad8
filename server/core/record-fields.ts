import { CUSTOM_FIELD_KEY_PATTERN } from '../../common/api/people'

/**
 * Pure normalisation shared by the API and the CSV import, so both store the same shapes.
 */

const CUSTOM_KEY = new RegExp(CUSTOM_FIELD_KEY_PATTERN)
// Deliberately loose: the mail server is the judge; this catches typos such as a missing "@".
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function isCustomFieldKey(key: string): boolean {
  return CUSTOM_KEY.test(key)
}

export function isEmail(value: string): boolean {
  return value.length <= 320 && EMAIL.test(value)
}

/** Lower case without accents: "Björn Åström" -> "bjorn astrom". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

export function searchTextOf(firstName: string, lastName: string, email: string | null): string {
  return foldText([firstName, lastName, email ?? ''].join(' ').trim())
}

export function tagKeyOf(tag: string): string {
  return foldText(tag.trim())
}

/** Trimmed, without empties, and without repeats that differ only in case or accents. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>()
  const kept: string[] = []
  for (const raw of tags) {
    const tag = raw.trim()
    const key = tagKeyOf(tag)
    if (tag === '' || seen.has(key)) continue
    seen.add(key)
    kept.push(tag)
  }
  return kept
}

/** The canonical IANA name ("europe/london" -> "Europe/London"), or undefined when Intl does not know it. */
export function canonicalTimeZone(value: string): string | undefined {
  const text = value.trim()
  if (text === '') return undefined
  // Newer engines also accept UTC offsets such as "+01:00"; a person's zone must be a named one.
  if (!/^[A-Za-z]/.test(text)) return undefined
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: text }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/** Empty or blank text means "no value". */
export function blankToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const text = value.trim()
  return text === '' ? null : text
}
