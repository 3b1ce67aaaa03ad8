import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { type Config, ConfigError, KEY_HOWTO, loadConfig } from './config'

/**
 * The key file beside a SQLite database started without PARLEY_SECRET_KEY: 64 hex characters and a
 * newline, mode 0600. It is made once and read on every later start. Two processes starting at once
 * agree on one key: each writes its own temporary file completely, then links it to the key file's
 * name, which only the first link can take; the other reads the winner's key.
 */
export function readOrCreateKeyFile(path: string): { key: Buffer; created: boolean } {
  const existing = readKeyFile(path)
  if (existing) return { key: existing, created: false }
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  const key = randomBytes(32)
  const fd = openSync(temporary, 'wx', 0o600)
  try {
    writeSync(fd, `${key.toString('hex')}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(temporary, path)
    return { key, created: true }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const winner = readKeyFile(path)
    if (!winner) throw new ConfigError(`The key file ${path} is empty or unreadable`)
    return { key: winner, created: false }
  } finally {
    unlinkSync(temporary)
  }
}

function readKeyFile(path: string): Buffer | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new ConfigError(`Cannot read the key file ${path}: ${(error as Error).message}`)
  }
  const hex = text.trim()
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new ConfigError(
      `The key file ${path} must hold 64 hex characters; restore it from the backup taken with the database, or ${KEY_HOWTO} and set PARLEY_SECRET_KEY`,
    )
  }
  return Buffer.from(hex, 'hex')
}

/** The configuration of a command: `loadConfig` with the SQLite key file read (or made) where needed. */
export function loadCommandConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(env, { readKeyFile: readOrCreateKeyFile })
}

/** One line for start-up saying where the secret key comes from. */
export function describeSecretKey(config: Config): string {
  const previous = config.previousSecretKeys.length
  const also = previous ? `; ${previous} previous key(s) still read (PARLEY_SECRET_KEY_PREVIOUS)` : ''
  const source = config.secretKeySource
  if (source.kind === 'env') return `Secret key: PARLEY_SECRET_KEY${also}`
  if (source.kind === 'process')
    return `Secret key: made for this process (in-memory database; nothing outlives it)${also}`
  return `Secret key: ${source.created ? 'created' : 'read from'} ${source.path} (back it up with the database; set PARLEY_SECRET_KEY to use another)${also}`
}
