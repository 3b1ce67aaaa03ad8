import { findConnectionRow } from '../connection/connection.repository'
import type { ConnectionRow } from '../connection/connection.table'
import type { ProviderResolver } from '../connection/provider-resolver'
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../core/backoff'
import {
  claimDueMessages,
  findConnectionsWithDueMessages,
  findExpiredLeases,
} from '../message/message.repository'
import type { MessageRow } from '../message/message.table'
import { ProviderError, type SendResult } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import { RateLimiter } from './rate-limiter'
import { recordAccepted, recordAcceptedBatch, recordFailure, recordUnknown, requeue } from './send-outcome'

/** Acceptances recorded per commit. */
const ACCEPTED_BATCH = 32

export interface DispatcherOptions {
  /** Sends in flight at once per connection. */
  concurrency?: number
  /** A claim covers this many seconds of a connection's rate, so no lease runs out while it waits. */
  claimWindowSeconds?: number
  /** How long a claim is held; must exceed the provider timeout plus the claim window. */
  leaseMs?: number
  idleIntervalMs?: number
  backoff?: BackoffPolicy
  random?: () => number
  rateLimiter?: RateLimiter
  /** Logs unexpected errors of the loop (the message outcome itself is always recorded). */
  onError?: (error: unknown) => void
}

/**
 * The outbox dispatcher. The message row is the job: claim due rows in a short statement (status
 * `sending` + a lease), call the provider OUTSIDE any transaction, then record the outcome in a
 * second short one. Rows whose lease ran out (a crash between claim and record) are reconciled
 * with the provider when it can look a message up, else marked `unknown`: never resent blindly.
 */
export class Dispatcher {
  private readonly options: Required<Omit<DispatcherOptions, 'onError'>> & Pick<DispatcherOptions, 'onError'>
  private running = false
  private wakeUp: (() => void) | null = null
  private loop: Promise<void> | null = null

  constructor(
    private readonly deps: ServiceDeps,
    private readonly providers: ProviderResolver,
    options: DispatcherOptions = {},
  ) {
    this.options = {
      concurrency: options.concurrency ?? 16,
      claimWindowSeconds: options.claimWindowSeconds ?? 5,
      leaseMs: options.leaseMs ?? 60_000,
      idleIntervalMs: options.idleIntervalMs ?? deps.config.dispatcherIntervalMs,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      random: options.random ?? Math.random,
      rateLimiter: options.rateLimiter ?? new RateLimiter(),
      onError: options.onError,
    }
  }

  /** Claims and sends everything due now; returns how many messages it handled. */
  async runOnce(): Promise<number> {
    await this.reconcileExpiredLeases()
    const now = this.deps.clock.now().toISOString()
    const connectionIds = await findConnectionsWithDueMessages(this.deps.database.db, now)
    const counts = await Promise.all(connectionIds.map((id) => this.dispatchConnection(id)))
    return counts.reduce((a, b) => a + b, 0)
  }

  private async dispatchConnection(connectionId: string): Promise<number> {
    const connection = await findConnectionRow(this.deps.database.db, connectionId)
    if (!connection) return 0
    const now = this.deps.clock.now()
    const rows = await claimDueMessages(this.deps.database.db, this.deps.database.dialect, {
      connectionId,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.options.leaseMs).toISOString(),
      limit: Math.max(1, Math.min(1000, connection.rate_per_second * this.options.claimWindowSeconds)),
    })
    let next = 0
    // Acceptances are recorded in batches (one commit each); a crash before a batch is recorded
    // leaves its rows `sending` with a lease, which the reconcile settles as for any crash.
    let accepted: { row: MessageRow; result: SendResult }[] = []
    const flush = async () => {
      const batch = accepted
      accepted = []
      await recordAcceptedBatch(this.deps, batch)
    }
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]
        if (!row) break
        await this.options.rateLimiter.take(connectionId, connection.rate_per_second)
        const result = await this.sendOne(row, connection)
        if (result) {
          accepted.push({ row, result })
          if (accepted.length >= ACCEPTED_BATCH) await flush()
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, rows.length) }, worker))
    await flush()
    return rows.length
  }

  /** Sends one message; returns the provider's acceptance for the caller to record, or records the failure. */
  private async sendOne(row: MessageRow, connection: ConnectionRow): Promise<SendResult | null> {
    try {
      const provider = this.providers.forConnectionRow(connection)
      // After a time-out the provider may have the message already: ask before sending again.
      if (row.attempts > 1 && row.error_code === 'TIMEOUT' && provider.findByReference) {
        const found = await provider.findByReference(row.id)
        if (found) return found
      }
      const result = await provider.send({
        reference: row.id,
        to: row.to_number,
        from: row.from_number,
        body: row.body,
        statusCallbackUrl: `${this.providers.webhookBaseUrl(provider.id, connection.webhook_token)}/status`,
      })
      return result
    } catch (error) {
      await recordFailure(this.deps, row, error, this.options.backoff, this.options.random)
      return null
    }
  }

  private async reconcileExpiredLeases(): Promise<void> {
    const expired = await findExpiredLeases(this.deps.database.db, this.deps.clock.now().toISOString(), 100)
    for (const row of expired) {
      const provider = await this.providers.forConnection(row.connection_id ?? '').catch(() => null)
      if (!provider?.findByReference) {
        await recordUnknown(this.deps, row)
        continue
      }
      try {
        const found = await provider.findByReference(row.id)
        if (found) await recordAccepted(this.deps, row, found)
        else await requeue(this.deps, row)
      } catch (error) {
        if (!(error instanceof ProviderError)) this.options.onError?.(error)
        await recordUnknown(this.deps, row)
      }
    }
  }

  /** Runs until stop(): works while there is work, sleeps when idle, wakes early on `wake()`. */
  start(): void {
    if (this.running) return
    this.running = true
    this.loop = (async () => {
      while (this.running) {
        let handled = 0
        try {
          handled = await this.runOnce()
        } catch (error) {
          this.options.onError?.(error)
        }
        if (handled === 0 && this.running) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.options.idleIntervalMs)
            this.wakeUp = () => {
              clearTimeout(timer)
              resolve()
            }
          })
          this.wakeUp = null
        }
      }
    })()
  }

  wake(): void {
    this.wakeUp?.()
  }

  async stop(): Promise<void> {
    this.running = false
    this.wake()
    await this.loop
  }
}
