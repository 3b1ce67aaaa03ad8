import { Drop, Liquid, type LiquidOptions, type Template } from 'liquidjs'
import { checkFieldPath, type MergeValues, valueAt } from './merge-fields'
import { parsePlainTemplate, renderPlainTemplate } from './template-fast-path'

/**
 * Liquid with strict variables and filters, no file access, and tracking of empty fields: a field
 * with no value renders as a nil-like drop, so `{% if %}` and `| default` treat it as empty, and
 * it is reported as missing only when the text actually prints it.
 */

export interface TemplateProblem {
  message: string
  /** 1-based; null when the engine did not say where. */
  line: number | null
  column: number | null
}

export function describeProblem(problem: TemplateProblem): string {
  return problem.line === null
    ? problem.message
    : `line ${problem.line}, column ${problem.column}: ${problem.message}`
}

export class TemplateCompileError extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(problems.map(describeProblem).join('; '))
  }
}

export class TemplateRenderError extends Error {}

export interface CompiledTemplate {
  readonly source: string
  readonly templates: Template[]
  /** Every merge field the text uses, as canonical dotted paths, in order of first use. */
  readonly fields: readonly string[]
  /** Set when the text is plain words and fields, filled in without the engine (see template-fast-path.ts). */
  readonly plain: ReturnType<typeof parsePlainTemplate>
}

class EmptyField extends Drop {
  constructor(
    readonly path: string,
    private readonly printed: Set<string>,
  ) {
    super()
  }
  override valueOf(): null {
    return null
  }
  markPrinted(): void {
    this.printed.add(this.path)
  }
}

type FilterFn = (this: unknown, value: unknown, ...args: unknown[]) => unknown

/** A filter that turns an empty field into empty text keeps it an empty field, so `| upcase` is still reported. */
function emptyAware(filter: FilterFn): FilterFn {
  return function (this: unknown, value: unknown, ...args: unknown[]) {
    if (!(value instanceof EmptyField)) return filter.call(this, value, ...args)
    const out = filter.call(this, null, ...args)
    return out === '' || out === null || out === undefined ? value : out
  }
}

function createEngine(): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // An empty in-memory file set: include/render/layout can never read the server's disk.
    templates: {},
    parseLimit: 50_000,
    renderLimit: 1_000,
    memoryLimit: 10_000_000,
    // Liquid stringifies whatever this returns; only empty fields are replaced.
    outputEscape: ((value: unknown) => {
      if (value instanceof EmptyField) {
        value.markPrinted()
        return ''
      }
      return value
    }) as LiquidOptions['outputEscape'],
  })
  for (const tag of ['include', 'render', 'layout', 'block']) delete liquid.tags[tag]
  // `raw` would bypass the output hook that reports empty fields; texts are never HTML-escaped anyway.
  liquid.unregisterFilter('raw')
  for (const [name, impl] of Object.entries(liquid.filters)) {
    if (typeof impl === 'function') liquid.registerFilter(name, emptyAware(impl as FilterFn))
    else if (typeof impl.handler === 'function') {
      liquid.registerFilter(name, { ...impl, handler: emptyAware(impl.handler as FilterFn) })
    }
  }
  return liquid
}

const engine = createEngine()

const POSITION = /,? ?line:(\d+), col:(\d+)\s*$/

function problemOf(error: unknown): TemplateProblem {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
  const match = POSITION.exec(text)
  return {
    message: text.replace(POSITION, ''),
    line: match ? Number(match[1]) : null,
    column: match ? Number(match[2]) : null,
  }
}

/** Parses and checks a template; throws TemplateCompileError listing every problem with its position. */
export function compileTemplate(source: string): CompiledTemplate {
  let templates: Template[]
  try {
    templates = engine.parse(source)
  } catch (error) {
    throw new TemplateCompileError([problemOf(error)])
  }
  const problems: TemplateProblem[] = []
  const fields: string[] = []
  const analysis = engine.analyzeSync(templates, { partials: false })
  const uses = Object.values(analysis.globals)
    .flat()
    .sort((a, b) => a.location.row - b.location.row || a.location.col - b.location.col)
  for (const variable of uses) {
    const { row, col } = variable.location
    const segments = variable.segments
    if (segments.some((s) => typeof s !== 'string' && typeof s !== 'number')) {
      problems.push({
        message: `"${variable.toString()}": field names must be written out, not computed`,
        line: row,
        column: col,
      })
      continue
    }
    const checked = checkFieldPath(segments as (string | number)[])
    if ('problem' in checked) problems.push({ message: checked.problem, line: row, column: col })
    else if (!fields.includes(checked.path)) fields.push(checked.path)
  }
  if (problems.length > 0) throw new TemplateCompileError(problems)
  const compiled = { source, templates, fields, plain: null }
  return { ...compiled, plain: checkedPlainParts(compiled) }
}

function sampleValues(fields: readonly string[], fill: (i: number) => string | null): MergeValues {
  const values: Record<string, Record<string, unknown>> = {}
  fields.forEach((path, i) => {
    const [root = '', field = '', ...rest] = path.split('.')
    const group = values[root] ?? {}
    values[root] = group
    if (rest.length === 0) group[field] = fill(i)
    else group[field] = { ...(group[field] as object), [rest.join('.')]: fill(i) }
  })
  return values as MergeValues
}

/** The fast path is used only if it gives the engine's answer with every field set and with none. */
function checkedPlainParts(compiled: CompiledTemplate): CompiledTemplate['plain'] {
  const parts = parsePlainTemplate(compiled.source)
  if (!parts) return null
  for (const fill of [(i: number) => `value ${i}`, () => null]) {
    const values = sampleValues(compiled.fields, fill)
    const fast = renderPlainTemplate(parts, values)
    const full = renderTemplate(compiled, values)
    if (fast.text !== full.text || fast.missing.join() !== full.missing.join()) return null
  }
  return parts
}

function buildScope(fields: readonly string[], values: MergeValues, printed: Set<string>) {
  const scope: Record<string, Record<string, unknown>> = {}
  for (const path of fields) {
    const [root = '', field = '', ...rest] = path.split('.')
    const value = valueAt(values, path) ?? new EmptyField(path, printed)
    const group = scope[root] ?? {}
    scope[root] = group
    if (rest.length === 0) group[field] = value
    else {
      const nested = (group[field] ?? {}) as Record<string, unknown>
      nested[rest.join('.')] = value
      group[field] = nested
    }
  }
  return scope
}

/**
 * Renders for one recipient. `missing` lists the fields the text printed while they had no value,
 * so the caller can skip or warn; the text is trimmed (tags leave blank lines behind).
 */
export function renderTemplate(
  compiled: CompiledTemplate,
  values: MergeValues,
): { text: string; missing: string[] } {
  if (compiled.plain) return renderPlainTemplate(compiled.plain, values)
  const printed = new Set<string>()
  let text: string
  try {
    text = String(engine.renderSync(compiled.templates, buildScope(compiled.fields, values, printed)))
  } catch (error) {
    throw new TemplateRenderError(describeProblem(problemOf(error)))
  }
  return { text: text.trim(), missing: compiled.fields.filter((f) => printed.has(f)) }
}

/** True when the text prints `path` somewhere (e.g. an invitation must carry `interview.link`). */
export function usesField(compiled: CompiledTemplate, path: string): boolean {
  return compiled.fields.includes(path)
}
