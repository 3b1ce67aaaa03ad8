/**
 * The merge fields a template may use, as `root.field` (Liquid: `{{ person.first_name }}`).
 * `person.custom.<key>` reaches a person's custom fields. Pure data, no I/O.
 */
export const MERGE_FIELDS = {
  person: ['first_name', 'last_name', 'full_name', 'mobile', 'email', 'job_title', 'kind'],
  company: ['name', 'phone', 'website'],
  job: ['title', 'status'],
  placement: ['start_date'],
  interview: ['link', 'title', 'location', 'date', 'time', 'slots', 'duration_minutes', 'expires'],
  user: ['name', 'first_name', 'email', 'mobile'],
  office: ['name', 'reply_number'],
  organization: ['name'],
} as const satisfies Record<string, readonly string[]>

export type MergeRoot = keyof typeof MERGE_FIELDS

/** Values for one render: a missing or empty value is `null` and is reported if the text prints it. */
export type MergeValues = {
  [R in MergeRoot]?: { [F in (typeof MERGE_FIELDS)[R][number]]?: string | null } & (R extends 'person'
    ? { custom?: Record<string, string | null> }
    : unknown)
}

function isRoot(name: string): name is MergeRoot {
  return Object.hasOwn(MERGE_FIELDS, name)
}

/** Edit distance, to suggest `job.title` for `job.titl`. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of candidates) {
    const d = distance(name, candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

const CUSTOM_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/

/**
 * Checks one variable path used by a template. Returns the canonical dotted path, or why it is not
 * a merge field (with a suggestion when a known name is close).
 */
export function checkFieldPath(
  segments: readonly (string | number)[],
): { path: string } | { problem: string } {
  const [root, field, key, ...rest] = segments.map(String)
  const written = segments.join('.')
  if (root === undefined || !isRoot(root)) {
    const hint = root === undefined ? undefined : closest(root, Object.keys(MERGE_FIELDS))
    const roots = Object.keys(MERGE_FIELDS).join(', ')
    return {
      problem: `unknown field "${written}"${hint ? ` (did you mean "${hint}"?)` : ''}; fields start with ${roots}`,
    }
  }
  const fields: readonly string[] = MERGE_FIELDS[root]
  if (field === undefined) {
    return { problem: `"${root}" is a group of fields; use one of them, e.g. ${root}.${fields[0]}` }
  }
  if (root === 'person' && field === 'custom') {
    if (key === undefined || !CUSTOM_KEY.test(key) || rest.length > 0) {
      return {
        problem: `"${written}": a custom field is written person.custom.<key>, e.g. person.custom.shift`,
      }
    }
    return { path: `person.custom.${key}` }
  }
  if (!fields.includes(field)) {
    const hint = closest(field, fields)
    return {
      problem: `unknown field "${written}"${hint ? ` (did you mean "${root}.${hint}"?)` : ''}; ${root} has ${fields.join(', ')}`,
    }
  }
  if (key !== undefined) return { problem: `"${written}": ${root}.${field} is text and has no parts` }
  return { path: `${root}.${field}` }
}

/** A dotted path split once, for looking up many times. */
export interface FieldRef {
  path: string
  root: string
  field: string
  key: string | undefined
}

export function fieldRef(path: string): FieldRef {
  const [root = '', field = '', ...rest] = path.split('.')
  return { path, root, field, key: rest.length > 0 ? rest.join('.') : undefined }
}

/** The value of a field in `values`, or null when absent or blank. */
export function fieldValue(values: MergeValues, ref: FieldRef): string | null {
  const group = (values as Record<string, Record<string, unknown> | undefined>)[ref.root]
  let value: unknown = group?.[ref.field]
  if (ref.key !== undefined) value = (value as Record<string, unknown> | undefined)?.[ref.key]
  if (typeof value !== 'string' || value.trim() === '') return null
  return value
}

/** The value of a dotted path in `values`, or null when absent or blank. */
export function valueAt(values: MergeValues, path: string): string | null {
  return fieldValue(values, fieldRef(path))
}
