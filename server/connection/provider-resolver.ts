import type { Db } from '../db/database'
import { errors } from '../errors'
import type { HttpClient, ProviderContext, SmsProvider, StatusUpdate } from '../provider/provider'
import { getProviderDefinition } from '../provider/registry'
import { findConnectionRow } from './connection.repository'
import type { ConnectionRow } from './connection.table'
import { openJson, SealedValueUnreadable } from './secret-box'

export interface ProviderResolverOptions {
  db: Db
  /** PARLEY_SECRET_KEY first, then PARLEY_SECRET_KEY_PREVIOUS: any of them may open stored settings. */
  secretKeys: readonly Buffer[]
  http: HttpClient
  publicBaseUrl: string
  /** Status updates pushed by in-process providers (the simulator), for the status path. */
  deliverStatus: (connectionId: string, updates: StatusUpdate[]) => void
}

/**
 * Builds the provider adapter for a connection (decrypting its settings) and caches it until the
 * connection changes. The only place credentials are decrypted for use. Settings no key opens make
 * that connection alone unusable: `CONNECTION_CREDENTIALS_UNREADABLE`, never a crash of the caller.
 */
export class ProviderResolver {
  private readonly cache = new Map<string, { version: string; provider: SmsProvider }>()
  constructor(private readonly options: ProviderResolverOptions) {}

  webhookBaseUrl(provider: string, token: string): string {
    return `${this.options.publicBaseUrl}/webhooks/${provider}/${token}`
  }

  async forConnection(connectionId: string): Promise<SmsProvider> {
    const row = await findConnectionRow(this.options.db, connectionId)
    if (!row) throw new Error(`Connection ${connectionId} not found`)
    return this.forConnectionRow(row)
  }

  /** The adapter for a connection row the caller has just read (saves reading it again). */
  forConnectionRow(row: ConnectionRow): SmsProvider {
    const connectionId = row.id
    const cached = this.cache.get(connectionId)
    if (cached && cached.version === row.updated_at) return cached.provider
    const definition = getProviderDefinition(row.provider)
    if (!definition) throw new Error(`Connection ${connectionId} uses unknown provider "${row.provider}"`)
    const config = this.openSettings(row)
    const { baseUrl, ...providerConfig } = config
    const context: ProviderContext = {
      http: this.options.http,
      webhookBaseUrl: this.webhookBaseUrl(row.provider, row.webhook_token),
      deliverStatus: (updates) => this.options.deliverStatus(connectionId, updates),
      ...(typeof baseUrl === 'string' ? { baseUrl } : {}),
    }
    const provider = definition.create(providerConfig, context)
    this.cache.set(connectionId, { version: row.updated_at, provider })
    return provider
  }

  /** Whether the connection's stored settings open with the configured keys (the connections list shows it). */
  credentialsReadable(row: ConnectionRow): boolean {
    if (this.cache.get(row.id)?.version === row.updated_at) return true
    try {
      this.openSettings(row)
      return true
    } catch (error) {
      if (error instanceof errors.CONNECTION_CREDENTIALS_UNREADABLE) return false
      throw error
    }
  }

  private openSettings(row: ConnectionRow): Record<string, unknown> {
    try {
      return openJson<Record<string, unknown>>(this.options.secretKeys, row.config_encrypted)
    } catch (error) {
      if (error instanceof SealedValueUnreadable) throw new errors.CONNECTION_CREDENTIALS_UNREADABLE(row.name)
      throw error
    }
  }
}
