import { type FieldRef, fieldRef, fieldValue, type MergeValues } from './merge-fields'

/**
 * Most mailshot texts are plain words with `{{ field }}` or `{{ field | default: "text" }}` in
 * them. For those, filling in is string concatenation, which is an order of magnitude quicker than
 * running the Liquid engine 100,000 times. Anything else (tags, other filters, whitespace control)
 * goes through the engine, and the engine checks each fast-path text once before it is trusted.
 */

type Part = { text: string } | { ref: FieldRef; fallback: string | null }

const OUTPUT = /\{\{\s*([A-Za-z_][\w.-]*)\s*(?:\|\s*default\s*:\s*(?:"([^"{}]*)"|'([^'{}]*)')\s*)?\}\}/g

/** The parts of a plain text, or null when it uses anything beyond fields and literal defaults. */
export function parsePlainTemplate(source: string): Part[] | null {
  const parts: Part[] = []
  let last = 0
  for (const match of source.matchAll(OUTPUT)) {
    const text = source.slice(last, match.index)
    if (text.includes('{{') || text.includes('{%') || text.includes('}}') || text.includes('%}')) return null
    if (text) parts.push({ text })
    parts.push({ ref: fieldRef(match[1]!), fallback: match[2] ?? match[3] ?? null })
    last = match.index + match[0].length
  }
  const rest = source.slice(last)
  if (rest.includes('{{') || rest.includes('{%') || rest.includes('}}') || rest.includes('%}')) return null
  if (rest) parts.push({ text: rest })
  return parts
}

export function renderPlainTemplate(
  parts: readonly Part[],
  values: MergeValues,
): { text: string; missing: string[] } {
  let text = ''
  const missing: string[] = []
  for (const part of parts) {
    if ('text' in part) {
      text += part.text
      continue
    }
    const value = fieldValue(values, part.ref)
    if (value !== null) text += value
    else if (part.fallback !== null) text += part.fallback
    else if (!missing.includes(part.ref.path)) missing.push(part.ref.path)
  }
  return { text: text.trim(), missing }
}
