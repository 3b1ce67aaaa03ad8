import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = join(root, 'web/dist/index.html')

function newestChange(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))))
}

/**
 * The end-to-end tests drive the built web app, so build it once per run when it is missing or
 * older than its sources (the server lists web/dist when the app is created).
 */
export default function buildWebApp(): void {
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((p) => join(root, p))
  const stale = !existsSync(built) || Math.max(...sources.map(newestChange)) > statSync(built).mtimeMs
  if (stale) execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' })
}
