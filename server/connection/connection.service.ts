import { randomToken } from '../auth/tokens'
import { type Clock, nowIso } from '../clock'
import type { Db } from '../db/database'
import { newId } from '../ids'
import { getProviderDefinition } from '../provider/registry'
import { type Connection, insertConnection, rowToConnection } from './connection.repository'
import { hintSecret, sealJson } from './secret-box'

export interface NewConnection {
  provider: string
  name: string
  sender: string
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
    await deps.db.updateTable('connections').set({ is_default: 0 }).where('org_id', '=', orgId).execute()
  }
  await insertConnection(deps.db, row)
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
