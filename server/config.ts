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
  readonly secretKeyGenerated: boolean
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
}

export class ConfigError extends Error {}

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

function parseSecretKey(raw: string | undefined): { key: Buffer; generated: boolean } {
  if (raw === undefined || raw === '') return { key: randomBytes(32), generated: true }
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  if (key.length !== 32) {
    throw new ConfigError('PARLEY_SECRET_KEY must be 32 bytes as 64 hex characters or base64')
  }
  return { key, generated: false }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
  const secret = parseSecretKey(env.PARLEY_SECRET_KEY)
  return Object.freeze({
    port,
    host,
    databaseUrl,
    publicBaseUrl,
    secretKey: secret.key,
    secretKeyGenerated: secret.generated,
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
  })
}
