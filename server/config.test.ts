import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, keyFilePathFor, loadConfig } from './config'
import { readOrCreateKeyFile } from './secret-key-file'

const A = 'aa'.repeat(32)
const B = 'bb'.repeat(32)

describe('the secret key in the configuration', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('refuses to start on PostgreSQL without PARLEY_SECRET_KEY, saying how to make one', () => {
    const load = () => loadConfig({ DATABASE_URL: 'postgres://parley@db:5432/parley' })
    expect(load).toThrow(ConfigError)
    expect(load).toThrow(/PARLEY_SECRET_KEY is required with PostgreSQL.*openssl rand -hex 32/)
    expect(
      loadConfig({ DATABASE_URL: 'postgres://parley@db:5432/parley', PARLEY_SECRET_KEY: A }).secretKey,
    ).toEqual(Buffer.from(A, 'hex'))
  })

  it('reads the previous keys, and refuses one that is not 32 bytes', () => {
    const config = loadConfig({
      PARLEY_SECRET_KEY: B,
      PARLEY_SECRET_KEY_PREVIOUS: ` ${A}, ${'cc'.repeat(32)} `,
    })
    expect(config.previousSecretKeys).toEqual([Buffer.from(A, 'hex'), Buffer.from('cc'.repeat(32), 'hex')])
    expect(() => loadConfig({ PARLEY_SECRET_KEY: B, PARLEY_SECRET_KEY_PREVIOUS: `${A},short` })).toThrow(
      /PARLEY_SECRET_KEY_PREVIOUS \(key 2\) must be 32 bytes/,
    )
  })

  it('makes a key per process for an in-memory database, and reads the key file for a SQLite file', () => {
    const memory = loadConfig({ DATABASE_URL: 'sqlite::memory:' })
    expect(memory.secretKeySource).toEqual({ kind: 'process' })
    expect(memory.secretKey).toHaveLength(32)
    expect(keyFilePathFor('sqlite:data/parley.db')).toBe('data/parley.key')
    expect(keyFilePathFor('sqlite:/srv/parley')).toBe('/srv/parley.key')
    expect(keyFilePathFor('postgres://db/parley')).toBeNull()
    const read: string[] = []
    const config = loadConfig(
      { DATABASE_URL: 'sqlite:/srv/parley/parley.db' },
      {
        readKeyFile: (path) => {
          read.push(path)
          return { key: Buffer.from(A, 'hex'), created: false }
        },
      },
    )
    expect(read).toEqual(['/srv/parley/parley.key'])
    expect(config.secretKey).toEqual(Buffer.from(A, 'hex'))
    expect(config.secretKeySource).toEqual({ kind: 'file', path: '/srv/parley/parley.key', created: false })
  })

  it('makes the key file once, readable by its owner only, and reads the same key after', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-keyfile-'))
    const path = join(dir, 'nested', 'parley.key')
    const made = readOrCreateKeyFile(path)
    expect(made.created).toBe(true)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readOrCreateKeyFile(path)).toEqual({ key: made.key, created: false })
    writeFileSync(path, 'not a key\n')
    expect(() => readOrCreateKeyFile(path)).toThrow(/must hold 64 hex characters/)
  })
})
