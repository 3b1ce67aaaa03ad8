import { randomBytes } from 'node:crypto'

/** Every setting Parley reads from the environment, validated once and frozen. See `.env.example`. */
export interface Config {
  readonly port: number
  readonly host: string
  /** `sqlite:<file>`, `sqlite::memory:` or `postgres://...` */
  readonly databaseUrl: string
  /** Base URL the outside world uses to reach this server (webhook signatures, links in texts). */
  readonly publicBaseUrl: string
  /** 32-byte key (hex or base64) that encrypts provider credentials and signs links. */
  readonly secretKey: Buffer
  /** Older keys (PARLEY_SECRET_KEY_PREVIOUS): what they sealed or signed still reads; nothing new uses them. */
  readonly previousSecretKeys: readonly Buffer[]
  /** Where the key came from: the environment, the key file beside a SQLite database, or made for this process. */
  readonly secretKeySource: SecretKeySource
  readonly adminPassword: string | undefined
  readonly logLevel: string
  readonly bodyLimitBytes: number
  readonly sessionTtlHours: number
  readonly loginRateLimitPerMinute: number
  /** Run the dispatcher and poller inside the `serve` process (the default for SQLite). */
  readonly runWorker: boolean
  readonly dispatcherIntervalMs: number
  /** How long received texts gather after their webhooks are answered before they are stored together. */
  readonly inboundGatherMs: number
  /** A received text not stored by then (its process died) is stored by a worker's sweep. */
  readonly inboundOrphanAfterMs: number
  readonly trustProxy: boolean
  /** How long the phone simulator waits before reporting a message delivered. */
  readonly simulatorDeliveryDelayMs: number
  /** Let connection settings carry `baseUrl` (regional endpoints, loopback fakes); off by default. */
  readonly allowProviderBaseUrl: boolean
  /** SMTP server for forwarded texts (`smtp://user:pass@host:587`); none: e-mails wait, pending, with the reason. */
  readonly smtpUrl: string | undefined
  /** The From: address of the e-mails Parley sends. */
  readonly emailFrom: string
}

export type SecretKeySource =
  | { kind: 'env' }
  | { kind: 'file'; path: string; created: boolean }
  | { kind: 'process' }

/** Reads the key file at `path`, creating it first if there is none (see secret-key-file.ts). */
export type KeyFileReader = (path: string) => { key: Buffer; created: boolean }

export class ConfigError extends Error {}

/** How to make a key, for messages that ask for one. */
export const KEY_HOWTO = 'generate one with `openssl rand -hex 32` (or `npm run -s parley -- keys generate`)'

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  }
  return value
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false
  throw new ConfigError(`${name} must be true or false, got "${raw}"`)
}

function parseKey(name: string, raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  if (key.length !== 32) {
    throw new ConfigError(`${name} must be 32 bytes as 64 hex characters or base64; ${KEY_HOWTO}`)
  }
  return key
}

/** The SQLite file of a `sqlite:<file>` URL, or null for memory and PostgreSQL. */
function sqliteFile(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return null
  const file = databaseUrl.slice('sqlite:'.length)
  return file === '' || file === ':memory:' ? null : file
}

/** The key file kept beside a SQLite database: `data/parley.db` has `data/parley.key`. */
export function keyFilePathFor(databaseUrl: string): string | null {
  const file = sqliteFile(databaseUrl)
  if (file === null) return null
  const slash = file.lastIndexOf('/') + 1
  const dot = file.lastIndexOf('.')
  return `${dot > slash ? file.slice(0, dot) : file}.key`
}

/**
 * PARLEY_SECRET_KEY when set. Without it: a SQLite file's key file (made once, then read on every
 * start, so what it sealed and signed survives restarts); a key per process for `sqlite::memory:`;
 * and a refusal on PostgreSQL, where every instance must share one key.
 */
function resolveSecretKey(
  env: NodeJS.ProcessEnv,
  databaseUrl: string,
  readKeyFile: KeyFileReader | undefined,
): { key: Buffer; source: SecretKeySource } {
  const raw = env.PARLEY_SECRET_KEY
  if (raw !== undefined && raw !== '')
    return { key: parseKey('PARLEY_SECRET_KEY', raw), source: { kind: 'env' } }
  if (!databaseUrl.startsWith('sqlite:')) {
    throw new ConfigError(
      `PARLEY_SECRET_KEY is required with PostgreSQL (every instance must use the same key): ${KEY_HOWTO}, and set it on every instance`,
    )
  }
  const path = keyFilePathFor(databaseUrl)
  if (path === null) return { key: randomBytes(32), source: { kind: 'process' } }
  if (!readKeyFile) {
    throw new ConfigError(`PARLEY_SECRET_KEY is not set and the key file ${path} was not read`)
  }
  const { key, created } = readKeyFile(path)
  return { key, source: { kind: 'file', path, created } }
}

function parsePreviousKeys(raw: string | undefined): Buffer[] {
  if (raw === undefined || raw.trim() === '') return []
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part, i) => parseKey(`PARLEY_SECRET_KEY_PREVIOUS (key ${i + 1})`, part))
}

/** Every key that may read: the current one first, then the previous ones. */
export function readingKeys(config: Pick<Config, 'secretKey' | 'previousSecretKeys'>): readonly Buffer[] {
  return [config.secretKey, ...config.previousSecretKeys]
}

/**
 * Reads the configuration. Pure but for `readKeyFile`, which the commands pass (secret-key-file.ts)
 * for a SQLite database started without PARLEY_SECRET_KEY.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { readKeyFile?: KeyFileReader } = {},
): Config {
  const port = int(env, 'PORT', 3000, 0, 65535)
  const host = env.HOST || '0.0.0.0'
  const databaseUrl = env.DATABASE_URL || 'sqlite:data/parley.db'
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl.split(':')[0]}:..."`,
    )
  }
  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '')
  try {
    new URL(publicBaseUrl)
  } catch {
    throw new ConfigError(`PUBLIC_BASE_URL must be an absolute URL, got "${publicBaseUrl}"`)
  }
  const smtpUrl = env.SMTP_URL || undefined
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${smtpUrl.split(':')[0]}:..."`)
  }
  const secret = resolveSecretKey(env, databaseUrl, options.readKeyFile)
  return Object.freeze({
    port,
    host,
    databaseUrl,
    publicBaseUrl,
    secretKey: secret.key,
    previousSecretKeys: Object.freeze(parsePreviousKeys(env.PARLEY_SECRET_KEY_PREVIOUS)),
    secretKeySource: secret.source,
    adminPassword: env.PARLEY_ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 10_000),
    runWorker: bool(env, 'PARLEY_RUN_WORKER', true),
    dispatcherIntervalMs: int(env, 'DISPATCHER_INTERVAL_MS', 500, 10, 60_000),
    inboundGatherMs: int(env, 'INBOUND_GATHER_MS', 10, 0, 60_000),
    inboundOrphanAfterMs: int(env, 'INBOUND_ORPHAN_AFTER_MS', 30_000, 1_000, 3_600_000),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    simulatorDeliveryDelayMs: int(env, 'SIMULATOR_DELIVERY_DELAY_MS', 1500, 0, 60_000),
    allowProviderBaseUrl: bool(env, 'PARLEY_ALLOW_PROVIDER_BASE_URL', false),
    smtpUrl,
    emailFrom: env.EMAIL_FROM || `Parley <parley@${new URL(publicBaseUrl).hostname}>`,
  })
}
