import { readdirSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'

/**
 * The rules between the server's layers (docs/architecture.md, "Layers and the rules between them"),
 * checked over the source text: each import is resolved to a repository-relative path and each file
 * is searched for what its layer may not hold. `npm test` runs them (layer-rules.test.ts).
 */

export interface SourceFile {
  /** Repository-relative, with forward slashes: `server/person/person.routes.ts`. */
  path: string
  text: string
}

export interface Violation {
  rule: string
  path: string
  line: number
  found: string
}

interface Import {
  /** As written: `./person.repository`, `fastify`. */
  specifier: string
  /** Repository-relative for our own modules (no extension); the package name otherwise. */
  target: string
  line: number
  /** `import type` / `export type`: erased when compiled, so it never makes a load-time cycle. */
  typeOnly: boolean
}

export interface LayerRule {
  name: string
  /** What the rule protects, for the failure message. */
  why: string
  appliesTo(path: string): boolean
  check(file: SourceFile, imports: Import[]): Omit<Violation, 'rule' | 'path'>[]
}

const isTest = (path: string) => /\.test\.ts$/.test(path) || path.startsWith('server/test/')
const isFake = (path: string) => /\.fake[\w-]*\.ts$/.test(path)
const isRepository = (target: string) => /\.repository$/.test(target) || target.startsWith('server/db/')
const isOurs = (target: string) => /^(server|common|web|bench)\//.test(target)

/** Node built-ins that reach outside the process (files, network, processes, workers). */
const NODE_IO =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads)$/
/** The packages that talk to a database or serve HTTP. */
const STORAGE_OR_HTTP_SERVER = /^(kysely|pg|better-sqlite3|fastify|@fastify\/.*)$/

/** Kysely's query builders and raw SQL: what only a repository (or server/db) may write. */
const QUERY =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(`|\.(raw|ref|lit|id|join|table|val)\()/

/** Provider ids as string literals: only server/provider and its registry may name them. */
const PROVIDER_ID = /(['"`])(twilio|firetext|bulksms|vonage|smpp)\1/

function lineOf(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** Every `import`/`export ... from`, side-effect import and `import()` of a file. */
export function importsOf(file: SourceFile): Import[] {
  const found: Import[] = []
  const patterns = [
    /(?<=^|[\s;])(?:import|export)\s[^'"`;]*?\sfrom\s*(['"])([^'"]+)\1/g,
    /(?<=^|[\s;])import\s*(['"])([^'"]+)\1/g,
    /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g,
  ]
  for (const pattern of patterns) {
    for (const match of file.text.matchAll(pattern)) {
      const specifier = match[2] as string
      const target = specifier.startsWith('.')
        ? posix.join(posix.dirname(file.path), specifier).replace(/\.(ts|js|tsx)$/, '')
        : specifier
      const typeOnly = /^(import|export)\s+type\s/.test(match[0])
      found.push({ specifier, target, line: lineOf(file.text, match.index ?? 0), typeOnly })
    }
  }
  return found
}

function importsMatching(imports: Import[], forbidden: (target: string) => boolean) {
  return imports
    .filter((i) => forbidden(i.target))
    .map((i) => ({ line: i.line, found: `import of ${i.specifier}` }))
}

function textMatching(file: SourceFile, pattern: RegExp) {
  const found: { line: number; found: string }[] = []
  const global = new RegExp(pattern.source, 'g')
  for (const match of file.text.matchAll(global)) {
    found.push({ line: lineOf(file.text, match.index ?? 0), found: match[0] })
  }
  return found
}

export const LAYER_RULES: LayerRule[] = [
  {
    name: 'routes-only-translate-http',
    why: 'a route turns HTTP into a service call and back; storage is reached through a service',
    appliesTo: (path) => path.endsWith('.routes.ts'),
    check: (_file, imports) => importsMatching(imports, isRepository),
  },
  {
    name: 'services-know-no-http',
    why: 'a service is called from routes, workers and the command line alike, so it cannot depend on Fastify',
    appliesTo: (path) => path.endsWith('.service.ts'),
    check: (_file, imports) =>
      importsMatching(
        imports,
        (target) => /^(fastify|@fastify\/.*)$/.test(target) || target.endsWith('.routes'),
      ),
  },
  {
    name: 'core-is-pure',
    why: 'server/core is the domain rules with no I/O; it imports only itself, common/ and pure libraries',
    appliesTo: (path) => path.startsWith('server/core/'),
    check: (_file, imports) =>
      importsMatching(
        imports,
        (target) =>
          (isOurs(target) && !target.startsWith('server/core/') && !target.startsWith('common/')) ||
          NODE_IO.test(target) ||
          STORAGE_OR_HTTP_SERVER.test(target),
      ),
  },
  {
    name: 'providers-know-no-storage-or-http-server',
    why: 'an adapter speaks to one provider; storing, routing and serving belong to the layers that call it',
    appliesTo: (path) => path.startsWith('server/provider/') && !isFake(path),
    check: (_file, imports) =>
      importsMatching(
        imports,
        (target) =>
          STORAGE_OR_HTTP_SERVER.test(target) ||
          (target.startsWith('server/') &&
            !target.startsWith('server/provider/') &&
            (isRepository(target) || /\.(service|routes)$/.test(target))),
      ),
  },
  {
    name: 'sql-only-in-repositories',
    why: 'every query lives in a *.repository.ts file (or server/db), so storage can be read in one place',
    appliesTo: (path) => !path.endsWith('.repository.ts') && !path.startsWith('server/db/'),
    check: (file) => textMatching(file, QUERY),
  },
  {
    name: 'only-entry-points-import-the-app',
    why: 'app.ts imports every routes file; what it is given is AppDeps in service-deps.ts, so nothing it builds imports it back',
    appliesTo: (path) => path !== 'server/main.ts' && !path.startsWith('server/cli/'),
    check: (_file, imports) => importsMatching(imports, (target) => target === 'server/app'),
  },
  {
    name: 'provider-ids-only-in-provider',
    why: 'what is special about a provider sits behind its ProviderDefinition in server/provider',
    appliesTo: (path) => !path.startsWith('server/provider/') && !path.startsWith('server/db/migrations/'),
    check: (file) => textMatching(file, PROVIDER_ID),
  },
]

/** `server/person/person.service.ts` -> `server/person`; a file at the top of server/ is its own unit. */
function folderOf(path: string): string {
  const parts = path.split('/')
  return parts.length > 2 ? parts.slice(0, 2).join('/') : path.replace(/\.(ts|js)$/, '')
}

export const FOLDER_CYCLE_RULE = {
  name: 'no-folder-cycles',
  why: 'a folder that imports one that imports it back cannot be read, tested or moved on its own',
}

type Edges = Map<string, Map<string, { path: string; line: number; specifier: string }>>

/** Folder -> folder runtime imports, each with the first import that makes it. */
function folderEdges(files: { path: string; imports: Import[] }[]): Edges {
  const edges: Edges = new Map()
  for (const file of files) {
    const from = folderOf(file.path)
    for (const i of file.imports) {
      if (i.typeOnly || !i.target.startsWith('server/')) continue
      const to = folderOf(i.target)
      if (to === from) continue
      const out = edges.get(from) ?? new Map()
      edges.set(from, out)
      if (!out.has(to)) out.set(to, { path: file.path, line: i.line, specifier: i.specifier })
    }
  }
  return edges
}

/** Each folder's strongly connected component (Tarjan); folders in no cycle are left out. */
function cycleComponents(edges: Edges): Map<string, number> {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const component = new Map<string, number>()
  let counter = 0
  const visit = (node: string) => {
    index.set(node, counter)
    low.set(node, counter++)
    stack.push(node)
    onStack.add(node)
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number))
      } else if (onStack.has(next))
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number))
    }
    if (low.get(node) !== index.get(node)) return
    const members: string[] = []
    let member: string
    do {
      member = stack.pop() as string
      onStack.delete(member)
      members.push(member)
    } while (member !== node)
    if (members.length > 1) for (const m of members) component.set(m, index.get(node) as number)
  }
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node)
  return component
}

/** One violation per folder edge inside an import cycle, at the first import that makes it. */
export function folderCycles(files: { path: string; imports: Import[] }[]): Violation[] {
  const edges = folderEdges(files)
  const component = cycleComponents(edges)
  const violations: Violation[] = []
  for (const [from, out] of edges) {
    for (const [to, at] of out) {
      const c = component.get(from)
      if (c === undefined || component.get(to) !== c) continue
      violations.push({
        rule: FOLDER_CYCLE_RULE.name,
        path: at.path,
        line: at.line,
        found: `${from} -> ${to} (${at.specifier})`,
      })
    }
  }
  return violations.sort((a, b) => a.found.localeCompare(b.found))
}

/** The violations of `rules` in `files`; tests, test helpers and this checker are exempt. */
export function checkLayers(files: SourceFile[], rules: LayerRule[] = LAYER_RULES): Violation[] {
  const violations: Violation[] = []
  const graph: { path: string; imports: Import[] }[] = []
  for (const file of files) {
    if (isTest(file.path) || file.path.startsWith('server/architecture/')) continue
    const imports = importsOf(file)
    graph.push({ path: file.path, imports })
    for (const rule of rules) {
      if (!rule.appliesTo(file.path)) continue
      for (const found of rule.check(file, imports))
        violations.push({ rule: rule.name, path: file.path, ...found })
    }
  }
  return [...violations, ...folderCycles(graph)]
}

/** The server's TypeScript sources under `root` (the repository). */
export function readServerSources(root: string): SourceFile[] {
  const files: SourceFile[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts')) files.push({ path, text: readFileSync(join(root, path), 'utf8') })
    }
  }
  walk('server')
  return files
}

export function describeViolation(v: Violation): string {
  const rule = [...LAYER_RULES, FOLDER_CYCLE_RULE].find((r) => r.name === v.rule)
  return `${v.rule}: ${v.path}:${v.line} ${v.found}${rule ? ` (${rule.why})` : ''}`
}
