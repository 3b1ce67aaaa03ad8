/**
 * Characters no text in Parley may hold: NUL (U+0000), which PostgreSQL cannot store in a text column
 * while SQLite can, and a lone UTF-16 surrogate (a JSON "\ud800" with no pair), which is no character
 * at all and which each database replaces in its own way. Refusing both at the door keeps what is
 * stored the same on both dialects.
 */
export type TextProblem = 'a NUL character (U+0000)' | 'a lone UTF-16 surrogate (not a character)'

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function textProblem(value: string): TextProblem | null {
  if (value.includes('\u0000')) return 'a NUL character (U+0000)'
  if (LONE_SURROGATE.test(value)) return 'a lone UTF-16 surrogate (not a character)'
  return null
}

/**
 * The first string in `value` (a parsed JSON body, a query or params object) with a problem, with
 * where it is: `name`, `people/2/lastName`; keys are checked as well as values.
 */
export function findTextProblem(value: unknown, path = ''): { path: string; problem: TextProblem } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    return problem ? { path, problem } : null
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findTextProblem(value[i], `${path}/${i}`)
      if (found) return found
    }
    return null
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key)
      if (keyProblem)
        return { path: `${path} key "${key.replaceAll('\u0000', '\\u0000')}"`, problem: keyProblem }
      const found = findTextProblem(item, `${path}/${key}`)
      if (found) return found
    }
  }
  return null
}

/**
 * A text received from a provider, made storable: a candidate's reply is never refused for a byte,
 * so NULs are removed and lone surrogates become U+FFFD; `cleaned` says whether anything changed.
 */
export function cleanReceivedText(value: string): { text: string; cleaned: boolean } {
  if (textProblem(value) === null) return { text: value, cleaned: false }
  const text = value.replaceAll('\u0000', '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD')
  return { text, cleaned: true }
}
