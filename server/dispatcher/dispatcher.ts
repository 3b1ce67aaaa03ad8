import { findConnectionRow, listEnabledConnectionsOf } from '../connection/connection.repository'
import type { ConnectionRow } from '../connection/connection.table'
import type { ProviderResolver } from '../connection/provider-resolver'
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../core/backoff'
import { canHandOver, handoverRange } from '../core/provider-schedule'
import {
  claimDueMessages,
  claimHandovers,
  findConnectionsWithDueMessages,
  findExpiredLeases,
} from '../message/message.repository'
import type { MessageRow } from '../message/message.table'
import { ProviderError, type SendResult, type SmsProvider } from '../provider/provider'
import { providerDefinitions } from '../provider/registry'
import type { ServiceDeps } from '../service-deps'
import {
  type Acceptance,
  backToSchedule,
  recordAccepted,
  recordAcceptedBatch,
  recordFailure,
  recordHandoverFailure,
  recordUnknown,
  requeue,
} from './send-outcome'
import { reserveSendTimes } from './send-pace'

/**
 * Asks the provider whether it has a message an earlier attempt may have given it. A lookup that fails
 * leaves the question open: it is an OUTCOME_UNKNOWN too, never a reason to send (or fail over) blindly.
 */
async function askProvider(provider: SmsProvider, row: MessageRow): Promise<SendResult | null> {
  try {
    // Sent no earlier than it was created; the adapter allows for the provider's clock.
    return (
      (await provider.findSent?.({
        reference: row.id,
        to: row.to_number,
        from: row.from_number,
        body: row.body,
        after: row.created_at,
      })) ?? null
    )
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ProviderError({
      code: 'OUTCOME_UNKNOWN',
      retryable: false,
      message: `could not ask the provider whether it has the text (${reason})`,
    })
  }
}

/** Acceptances recorded per commit. */
const ACCEPTED_BATCH = 32
const WALL_CLOCK_PACE = {
  now: () => Date.now(),
  waitUntil: async (ms: number) => {
    const wait = ms - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  },
}

/** The longest an acceptance waits for its batch to be recorded (see `sendClaimed`). */
const RECORD_WITHIN_MS = 200

export interface DispatcherOptions {
  /** Sends in flight at once per connection. */
  concurrency?: number
  /** A claim covers this many seconds of a connection's rate, so no lease runs out while it waits. */
  claimWindowSeconds?: number
  /** How long a claim is held; must exceed the provider timeout plus the claim window. */
  leaseMs?: number
  /** How often scheduled messages are looked at for handing to providers that can hold them. */
  handoverIntervalMs?: number
  idleIntervalMs?: number
  backoff?: BackoffPolicy
  random?: () => number
  /**
   * Wall-clock time (epoch ms) for the connections' send times, which every dispatcher on the
   * database shares (see send-pace.ts), and the wait for one of them; injected by tests.
   */
  pace?: { now(): number; waitUntil(ms: number): Promise<void> }
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
  private lastHandover = Number.NEGATIVE_INFINITY

  constructor(
    private readonly deps: ServiceDeps,
    private readonly providers: ProviderResolver,
    options: DispatcherOptions = {},
  ) {
    this.options = {
      concurrency: options.concurrency ?? 16,
      claimWindowSeconds: options.claimWindowSeconds ?? 5,
      leaseMs: options.leaseMs ?? 60_000,
      handoverIntervalMs: options.handoverIntervalMs ?? 10_000,
      idleIntervalMs: options.idleIntervalMs ?? deps.config.dispatcherIntervalMs,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      random: options.random ?? Math.random,
      pace: options.pace ?? WALL_CLOCK_PACE,
      onError: options.onError,
    }
  }

  /** Claims and sends everything due now; returns how many messages it handled. */
  async runOnce(): Promise<number> {
    await this.reconcileExpiredLeases()
    const now = this.deps.clock.now().toISOString()
    const connectionIds = await findConnectionsWithDueMessages(this.deps.database.db, now)
    const counts = await Promise.all(connectionIds.map((id) => this.dispatchConnection(id)))
    const handedOver = await this.handOverScheduled()
    return counts.reduce((a, b) => a + b, handedOver)
  }

  private claimLimit(connection: ConnectionRow): number {
    return Math.max(1, Math.min(1000, connection.rate_per_second * this.options.claimWindowSeconds))
  }

  private async dispatchConnection(connectionId: string): Promise<number> {
    const connection = await findConnectionRow(this.deps.database.db, connectionId)
    if (!connection) return 0
    const now = this.deps.clock.now()
    const rows = await claimDueMessages(this.deps.database.db, this.deps.database.dialect, {
      connectionId,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.options.leaseMs).toISOString(),
      limit: this.claimLimit(connection),
    })
    return this.sendClaimed(rows, connection)
  }

  /**
   * Provider-side scheduling: one-to-one messages scheduled inside the window of a provider that can
   * hold them are handed over now, with their send time, so they go out even if Parley is down then.
   * The rest stay on Parley's scheduler. Runs every `handoverIntervalMs` at most.
   */
  private async handOverScheduled(): Promise<number> {
    const now = this.deps.clock.now()
    if (now.getTime() - this.lastHandover < this.options.handoverIntervalMs) return 0
    this.lastHandover = now.getTime()
    const schedulers = Object.values(providerDefinitions).flatMap((d) =>
      d?.capabilities.providerScheduling ? [d.id] : [],
    )
    let handled = 0
    for (const connection of await listEnabledConnectionsOf(this.deps.database.db, schedulers)) {
      try {
        handled += await this.handOverFor(connection, now)
      } catch (error) {
        // One connection's fault (settings that no longer decrypt...) must not stop the others.
        this.options.onError?.(error)
      }
    }
    return handled
  }

  private async handOverFor(connection: ConnectionRow, now: Date): Promise<number> {
    const window = this.providers.forConnectionRow(connection).scheduling?.window
    const range = window ? handoverRange(now, window) : null
    if (!range) return 0
    const rows = await claimHandovers(this.deps.database.db, this.deps.database.dialect, {
      connectionId: connection.id,
      ...range,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.options.leaseMs).toISOString(),
      limit: this.claimLimit(connection),
    })
    return this.sendClaimed(rows, connection)
  }

  private async sendClaimed(rows: MessageRow[], connection: ConnectionRow): Promise<number> {
    if (rows.length === 0) return 0
    // The connection's rate, across every dispatcher process: one send time per claimed row.
    const sendTimes = await reserveSendTimes(this.deps.database.db, this.deps.database.dialect, {
      connectionId: connection.id,
      count: rows.length,
      ratePerSecond: connection.rate_per_second,
      nowMs: this.options.pace.now(),
    })
    let next = 0
    // Acceptances are recorded in batches (one commit each); a crash before a batch is recorded
    // leaves its rows `sending` with a lease, which the reconcile settles as for any crash. A batch
    // also goes once its first acceptance is RECORD_WITHIN_MS old, so on a slow connection (a low
    // rate) the provider's first reports do not arrive long before the id they name is stored.
    let accepted: Acceptance[] = []
    let firstAcceptedAt = 0
    const flush = async () => {
      const batch = accepted
      accepted = []
      await recordAcceptedBatch(this.deps, batch)
    }
    const worker = async () => {
      while (next < rows.length) {
        const index = next++
        const row = rows[index]
        if (!row) break
        await this.options.pace.waitUntil(sendTimes[index] ?? 0)
        const acceptance = await this.sendOne(row, connection)
        if (acceptance) {
          if (accepted.length === 0) firstAcceptedAt = performance.now()
          accepted.push(acceptance)
          const due = performance.now() - firstAcceptedAt >= RECORD_WITHIN_MS
          if (accepted.length >= ACCEPTED_BATCH || due) await flush()
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, rows.length) }, worker))
    await flush()
    return rows.length
  }

  /**
   * Sends one message, or hands it over to be held when its time is inside the provider's window;
   * returns the acceptance for the caller to record, or records the failure. A message whose time
   * has not come and that the provider cannot hold goes back to Parley's scheduler unsent.
   */
  private async sendOne(row: MessageRow, connection: ConnectionRow): Promise<Acceptance | null> {
    const now = this.deps.clock.now()
    let provider: SmsProvider | undefined
    let handover = false
    try {
      provider = this.providers.forConnectionRow(connection)
      handover = Boolean(provider.scheduling && canHandOver(row.send_at, now, provider.scheduling.window))
      if (!handover && row.send_at && Date.parse(row.send_at) > now.getTime()) {
        await backToSchedule(this.deps, row)
        return null
      }
      // After an attempt whose outcome is unknown the provider may have the message: ask before sending again.
      if (row.error_code === 'OUTCOME_UNKNOWN' && provider.findSent) {
        const found = await askProvider(provider, row)
        if (found) return { row, result: found, held: handover }
      }
      const result = await provider.send({
        reference: row.id,
        to: row.to_number,
        from: row.from_number,
        body: row.body,
        statusCallbackUrl: `${this.providers.webhookBaseUrl(provider.id, connection.webhook_token)}/status`,
        ...(handover && row.send_at ? { sendAt: row.send_at } : {}),
      })
      return { row, result, held: handover }
    } catch (error) {
      if (handover) {
        await recordHandoverFailure(this.deps, row, error, Boolean(provider?.findSent))
      } else {
        await recordFailure(
          this.deps,
          row,
          error,
          this.options.backoff,
          this.options.random,
          Boolean(provider?.findSent),
        )
      }
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
        // A handover cut short: the provider holds it for its time (it still counts as scheduled).
        const held = Boolean(row.send_at && Date.parse(row.send_at) > this.deps.clock.now().getTime())
        if (found) await recordAccepted(this.deps, row, found, held)
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
