import type { Kysely } from 'kysely'
import { type Clock, nowIso } from '../clock'
import { randomToken } from '../crypto/tokens'
import type { Database, Db, Dialect } from '../db/database'
import { errors } from '../errors'
import { newId } from '../ids'
import { ProviderError } from '../provider/provider'
import { getProviderDefinition } from '../provider/registry'
import {
  type Connection,
  clearDefaultConnection,
  countPendingMessages,
  findConnectionByToken,
  findConnectionRowInOrg,
  hasDefaultConnection,
  insertConnection,
  listConnectionRows,
  lockOrgConnections,
  rowToConnection,
  updateConnectionRow,
} from './connection.repository'
import type { ConnectionRow } from './connection.table'
import { listNumbersOf, replaceNumbersOf } from './connection-number.repository'
import { checkNumbers, requireDroppedNumbersUnused, requireNumbersFree } from './connection-numbers'
import {
  alignFromWithSender,
  checkConfig,
  checkInboundMode,
  checkNoReplySender,
  checkSender,
  mergeConfig,
  normalizePollSince,
  requireProviderDefinition,
} from './connection-settings'
import type { ProviderResolver } from './provider-resolver'
import { hintSecret, openJson, SealedValueUnreadable, sealJson } from './secret-box'

export interface NewConnection {
  provider: string
  name: string
  sender: string
  /** Numbers it owns besides `sender`, E.164 (checked by `addConnection`). */
  numbers?: readonly string[] | undefined
  noReplySender?: string | null
  config: Record<string, unknown>
  isDefault?: boolean
  ratePerSecond?: number
  inboundMode?: 'webhook' | 'poll'
  pollSince?: string | null
}

/** Non-secret settings as they are, secrets as their last 4 characters. */
export function configHint(provider: string, config: Record<string, unknown>): Record<string, unknown> {
  const secrets = new Set(getProviderDefinition(provider)?.secretFields ?? [])
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, secrets.has(k) && typeof v === 'string' ? hintSecret(v) : v]),
  )
}

export async function createConnection(
  deps: { db: Db; clock: Clock; secretKey: Buffer },
  orgId: string,
  input: NewConnection,
): Promise<Connection> {
  const now = nowIso(deps.clock)
  const row = {
    id: newId(),
    org_id: orgId,
    provider: input.provider,
    name: input.name,
    config_encrypted: sealJson(deps.secretKey, input.config),
    config_hint: configHint(input.provider, input.config),
    sender: input.sender,
    no_reply_sender: input.noReplySender ?? null,
    is_default: input.isDefault ? 1 : 0,
    rate_per_second: input.ratePerSecond ?? 10,
    inbound_mode: input.inboundMode ?? 'webhook',
    webhook_token: randomToken(24),
    poll_cursor: null,
    poll_since: input.pollSince ?? null,
    last_polled_at: null,
    failover_connection_id: null,
    disabled_at: null,
    created_at: now,
    updated_at: now,
  } as const
  if (input.isDefault) {
    await clearDefaultConnection(deps.db, orgId)
  }
  await insertConnection(deps.db, row)
  if (input.numbers?.length) {
    await replaceNumbersOf(deps.db, { orgId, connectionId: row.id, numbers: input.numbers, at: now })
  }
  return rowToConnection(row)
}

/** Every new organization starts with the phone simulator as its default connection. */
export async function createSimulatorConnection(
  deps: { db: Db; clock: Clock; secretKey: Buffer; simulatorDeliveryDelayMs?: number },
  orgId: string,
): Promise<Connection> {
  return createConnection(deps, orgId, {
    provider: 'simulator',
    name: 'Phone simulator',
    sender: '+447700900001',
    config:
      deps.simulatorDeliveryDelayMs === undefined ? {} : { deliveryDelayMs: deps.simulatorDeliveryDelayMs },
    isDefault: true,
    ratePerSecond: 50,
  })
}

export interface ConnectionDeps {
  db: Kysely<Database>
  dialect: Dialect
  clock: Clock
  /** Seals settings (PARLEY_SECRET_KEY). */
  secretKey: Buffer
  /** Open stored settings: the current key, then PARLEY_SECRET_KEY_PREVIOUS. */
  readKeys: readonly Buffer[]
  /** Whether settings may carry `baseUrl` (PARLEY_ALLOW_PROVIDER_BASE_URL). */
  allowProviderBaseUrl: boolean
}

/** A connection from the API: every setting checked, and the organization always keeps one default. */
export async function addConnection(
  deps: ConnectionDeps,
  orgId: string,
  input: Omit<NewConnection, 'config'> & { config?: Record<string, unknown> | undefined },
): Promise<ConnectionWithNumbers> {
  const definition = requireProviderDefinition(input.provider)
  checkSender(definition.id, input.sender)
  const numbers = checkNumbers(input.numbers ?? [], input.sender)
  if (input.noReplySender) checkNoReplySender(definition.id, input.noReplySender)
  const config = alignFromWithSender(definition, input.config ?? {}, input.sender)
  checkConfig(definition, config, deps.allowProviderBaseUrl)
  const inboundMode = input.inboundMode ?? 'webhook'
  checkInboundMode(definition, inboundMode)
  const pollSince = normalizePollSince(input.pollSince) ?? null
  return deps.db.transaction().execute(async (trx) => {
    await lockOrgConnections(trx, deps.dialect, orgId)
    await requireNumbersFree(trx, { orgId, connectionId: null, sender: input.sender, numbers })
    const isDefault = input.isDefault === true || !(await hasDefaultConnection(trx, orgId))
    const connection = await createConnection(
      { db: trx, clock: deps.clock, secretKey: deps.secretKey },
      orgId,
      { ...input, numbers, config, inboundMode, pollSince, isDefault },
    )
    return { connection, numbers }
  })
}

/** A connection with the numbers it owns besides its sender. */
export interface ConnectionWithNumbers {
  connection: Connection
  numbers: string[]
}

export interface ConnectionChange {
  name?: string | undefined
  sender?: string | undefined
  /** Replaces its other numbers; omitted: unchanged. */
  numbers?: readonly string[] | undefined
  noReplySender?: string | null | undefined
  config?: Record<string, unknown> | undefined
  isDefault?: boolean | undefined
  ratePerSecond?: number | undefined
  inboundMode?: 'webhook' | 'poll' | undefined
  pollSince?: string | null | undefined
}

/**
 * The stored settings a change starts from. Settings no key opens are replaced whole: a change that
 * gives settings starts from none (so an admin mends the connection by entering them again), and one
 * that gives none is refused.
 */
function storedSettings(
  keys: readonly Buffer[],
  row: { name: string; config_encrypted: string },
  replacing: boolean,
): Record<string, unknown> {
  try {
    return openJson<Record<string, unknown>>(keys, row.config_encrypted)
  } catch (error) {
    if (!(error instanceof SealedValueUnreadable)) throw error
    if (replacing) return {}
    throw new errors.CONNECTION_CREDENTIALS_UNREADABLE(row.name)
  }
}

/** The provider resolver caches adapters by `updated_at`, so every change must move it forward. */
function nextVersion(now: string, previous: string): string {
  return now > previous ? now : new Date(Date.parse(previous) + 1).toISOString()
}

export async function changeConnection(
  deps: ConnectionDeps,
  orgId: string,
  id: string,
  change: ConnectionChange,
): Promise<ConnectionWithNumbers> {
  return deps.db.transaction().execute(async (trx) => {
    await lockOrgConnections(trx, deps.dialect, orgId)
    const row = await findConnectionRowInOrg(trx, orgId, id)
    if (!row) throw new errors.CONNECTION_NOT_FOUND(id)
    if (row.disabled_at) throw new errors.CONNECTION_DISABLED(row.name)
    const definition = requireProviderDefinition(row.provider)
    const sender = change.sender ?? row.sender
    if (change.sender !== undefined) checkSender(definition.id, sender)
    if (change.noReplySender) checkNoReplySender(definition.id, change.noReplySender)
    const numbers = await changedNumbers(trx, { orgId, row, sender, given: change.numbers })
    let config = mergeConfig(storedSettings(deps.readKeys, row, change.config !== undefined), change.config)
    if (change.config?.from === undefined)
      config = alignFromWithSender(definition, config, sender, row.sender)
    checkConfig(definition, config, deps.allowProviderBaseUrl)
    const inboundMode = change.inboundMode ?? row.inbound_mode
    checkInboundMode(definition, inboundMode)
    const pollSince = normalizePollSince(change.pollSince)
    if (change.isDefault === false && row.is_default === 1) {
      throw new errors.CONNECTION_DEFAULT_REQUIRED(
        `${row.name} is the default connection; make another connection the default instead`,
      )
    }
    if (change.isDefault === true && row.is_default === 0) await clearDefaultConnection(trx, orgId)
    const pollSinceChanged = pollSince !== undefined && pollSince !== row.poll_since
    const updated = await updateConnectionRow(trx, id, {
      name: change.name ?? row.name,
      sender,
      ...(change.noReplySender !== undefined ? { no_reply_sender: change.noReplySender } : {}),
      config_encrypted: sealJson(deps.secretKey, config),
      config_hint: configHint(row.provider, config),
      is_default: change.isDefault === true ? 1 : row.is_default,
      rate_per_second: change.ratePerSecond ?? row.rate_per_second,
      inbound_mode: inboundMode,
      // A new start date means a fresh synchronisation from it; replies already stored are skipped.
      ...(pollSinceChanged ? { poll_since: pollSince, poll_cursor: null } : {}),
      updated_at: nextVersion(nowIso(deps.clock), row.updated_at),
    })
    await replaceNumbersOf(trx, { orgId, connectionId: id, numbers, at: nowIso(deps.clock) })
    return { connection: rowToConnection(updated), numbers }
  })
}

/**
 * A connection's other numbers after a change: the ones given (checked), else the stored ones less
 * one that became the sender. A number another connection has is refused, and so is dropping one
 * (or the old sender) that an office or user sends from.
 */
async function changedNumbers(
  trx: Db,
  input: { orgId: string; row: ConnectionRow; sender: string; given: readonly string[] | undefined },
): Promise<string[]> {
  const { orgId, row, sender } = input
  const stored = (await listNumbersOf(trx, [row.id])).get(row.id) ?? []
  const numbers = input.given ? checkNumbers(input.given, sender) : stored.filter((n) => n !== sender)
  const kept = new Set([sender, ...numbers])
  if (sender !== row.sender || input.given) {
    await requireNumbersFree(trx, { orgId, connectionId: row.id, sender, numbers })
  }
  const connectionId = row.id
  if (!kept.has(row.sender))
    await requireDroppedNumbersUnused(trx, { orgId, connectionId, field: 'sender', dropped: [row.sender] })
  const dropped = stored.filter((n) => !kept.has(n))
  await requireDroppedNumbersUnused(trx, { orgId, connectionId, field: 'numbers', dropped })
  return numbers
}

/**
 * Disables a connection: it is no longer offered or chosen for new messages and no longer polled.
 * Messages already queued on it still go out through it (they are counted in the answer), and replies
 * its provider posts to its webhook URLs are still stored.
 */
export async function disableConnection(
  deps: ConnectionDeps,
  orgId: string,
  id: string,
): Promise<{ id: string; disabledAt: string; pendingMessages: number }> {
  return deps.db.transaction().execute(async (trx) => {
    await lockOrgConnections(trx, deps.dialect, orgId)
    const row = await findConnectionRowInOrg(trx, orgId, id)
    if (!row) throw new errors.CONNECTION_NOT_FOUND(id)
    let disabledAt = row.disabled_at
    if (!disabledAt) {
      if (row.is_default === 1) {
        throw new errors.CONNECTION_DEFAULT_REQUIRED(
          `${row.name} is the default connection; make another connection the default before disabling it`,
        )
      }
      const now = nowIso(deps.clock)
      disabledAt = now
      await updateConnectionRow(trx, id, { disabled_at: now, updated_at: nextVersion(now, row.updated_at) })
    }
    return { id, disabledAt, pendingMessages: await countPendingMessages(trx, id) }
  })
}

export interface ConnectionCheck {
  ok: boolean
  message: string
  balance?: number
  currency?: string
}

/** "Test connection": the provider's account check when it has one; a provider error is an answer, not a failure. */
export async function testConnection(
  deps: { db: Db; providers: ProviderResolver },
  orgId: string,
  id: string,
): Promise<ConnectionCheck> {
  const row = await findConnectionRowInOrg(deps.db, orgId, id)
  if (!row) throw new errors.CONNECTION_NOT_FOUND(id)
  const name = getProviderDefinition(row.provider)?.displayName ?? row.provider
  let provider: Awaited<ReturnType<ProviderResolver['forConnection']>>
  try {
    provider = await deps.providers.forConnection(row.id)
  } catch (error) {
    return { ok: false, message: `The stored ${name} settings cannot be used: ${messageOf(error)}` }
  }
  if (!provider.checkAccount) {
    return {
      ok: true,
      message: `The ${name} settings are complete; ${name} offers no account check, so send a test message to confirm the credentials`,
    }
  }
  try {
    const result = await provider.checkAccount(AbortSignal.timeout(20_000))
    return {
      ok: result.ok,
      message: result.message,
      ...(result.balance !== undefined ? { balance: result.balance } : {}),
      ...(result.currency !== undefined ? { currency: result.currency } : {}),
    }
  } catch (error) {
    const reason = error instanceof ProviderError ? error.message : `the check failed: ${messageOf(error)}`
    return { ok: false, message: `${name}: ${reason}` }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * A connection as its viewer may see it. Settings and webhook URLs are for managers only: the token in
 * those URLs is what authenticates unsigned providers' webhooks.
 */
export function connectionView(
  providers: ProviderResolver,
  { connection, numbers }: ConnectionWithNumbers,
  manager: boolean,
) {
  const definition = getProviderDefinition(connection.provider)
  const summary = {
    id: connection.id,
    provider: connection.provider,
    providerName: definition?.displayName ?? connection.provider,
    name: connection.name,
    sender: connection.sender,
    numbers,
    noReplySender: connection.noReplySender,
    isDefault: connection.isDefault,
    disabledAt: connection.disabledAt,
    createdAt: connection.createdAt,
  }
  if (!manager) return summary
  const webhookBase = providers.webhookBaseUrl(connection.provider, connection.webhookToken)
  return {
    ...summary,
    ratePerSecond: connection.ratePerSecond,
    inboundMode: connection.inboundMode,
    pollSince: connection.pollSince,
    lastPolledAt: connection.lastPolledAt,
    failoverConnectionId: connection.failoverConnectionId,
    configHint: connection.configHint,
    credentialsReadable: true,
    ...(definition
      ? { capabilities: definition.capabilitiesFor?.(connection.configHint) ?? definition.capabilities }
      : {}),
    webhookUrls: { inbound: `${webhookBase}/inbound`, status: `${webhookBase}/status` },
    updatedAt: connection.updatedAt,
  }
}

/** A stored connection as its viewer may see it; managers also learn whether its credentials still open. */
function viewOfRow(providers: ProviderResolver, row: ConnectionRow, numbers: string[], manager: boolean) {
  const view = connectionView(providers, { connection: rowToConnection(row), numbers }, manager)
  if (!manager || providers.credentialsReadable(row)) return view
  return {
    ...view,
    credentialsReadable: false,
    credentialsProblem: new errors.CONNECTION_CREDENTIALS_UNREADABLE(row.name).message,
  }
}

/** The organization's connections as a viewer (a manager or not) may see them. */
export async function connectionsFor(
  deps: { db: Db; providers: ProviderResolver },
  orgId: string,
  manager: boolean,
  options: { includeDisabled: boolean },
) {
  const rows = await listConnectionRows(deps.db, orgId, options)
  const numbers = await listNumbersOf(
    deps.db,
    rows.map((r) => r.id),
  )
  return { items: rows.map((row) => viewOfRow(deps.providers, row, numbers.get(row.id) ?? [], manager)) }
}

/** One connection as a viewer may see it; CONNECTION_NOT_FOUND unless it is one of `orgId`. */
export async function connectionFor(
  deps: { db: Db; providers: ProviderResolver },
  orgId: string,
  id: string,
  manager: boolean,
) {
  const row = await findConnectionRowInOrg(deps.db, orgId, id)
  if (!row) throw new errors.CONNECTION_NOT_FOUND(id)
  const numbers = (await listNumbersOf(deps.db, [row.id])).get(row.id) ?? []
  return viewOfRow(deps.providers, row, numbers, manager)
}

/**
 * Finds the connection a webhook URL's token names, whatever its organization (undefined when none
 * does). A burst of webhooks names the same few connections: each answer is remembered for two
 * seconds rather than queried per request, so a settings change reaches webhooks within that time.
 */
export function webhookConnectionLookup(db: Db): (token: string) => Promise<ConnectionRow | undefined> {
  const recent = new Map<string, { row: ConnectionRow | undefined; until: number }>()
  return async (token) => {
    const now = performance.now()
    const hit = recent.get(token)
    if (hit && hit.until > now) return hit.row
    const row = await findConnectionByToken(db, token)
    if (recent.size > 1000) recent.clear()
    recent.set(token, { row, until: now + 2000 })
    return row
  }
}
