import { findConnectionRow, listEnabledConnectionsOf } from '../connection/connection.repository'
import type { ConnectionRow } from '../connection/connection.table'
import type { ProviderResolver } from '../connection/provider-resolver'
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../core/backoff'
import { canHandOver, handoverRange } from '../core/provider-schedule'
import { newId } from '../ids'
import {
  claimDueMessages,
  claimHandovers,
  findConnectionsWithDueMessages,
  findDeadStartedClaims,
  markStarted,
  requeueUnstartedOfDeadClaims,
} from '../message/message.repository'
import type { MessageRow } from '../message/message.table'
import { ProviderError, type SendResult, type SmsProvider } from '../provider/provider'
import { providerDefinitions } from '../provider/registry'
import type { ServiceDeps } from '../service-deps'
import { removeExpiredHeartbeats, removeHeartbeat, renewHeartbeat } from './dispatcher-heartbeat.repository'
import {
  type Acceptance,
  backToSchedule,
  recordAccepted,
  recordAcceptedBatch,
  recordFailure,
  recordHandoverFailure,
  recordUnknownBatch,
  requeue,
} from './send-outcome'
import { reserveSendTimes } from './send-pace.repository'

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
/** Rows marked started together are due within this much of the first one (see `sendClaimed`). */
const GROUP_SPAN_MS = 1000
/** Heartbeats of dispatchers that died this long ago are deleted (their claims no longer need them). */
const FORGET_DEAD_AFTER_MS = 24 * 3_600_000

export interface DispatcherOptions {
  /** Sends in flight at once per connection. */
  concurrency?: number
  /** A claim covers this many seconds of a connection's rate, so no lease runs out while it waits. */
  claimWindowSeconds?: number
  /**
   * How long a claim is held at most, whatever the heartbeat says; must exceed the provider timeout
   * plus the claim window. A claim of a dispatcher whose heartbeat stopped is settled sooner.
   */
  leaseMs?: number
  /** This process's dispatcher id, which its claims carry; a new one by default. */
  id?: string
  /** How often the dispatcher renews its heartbeat row. */
  heartbeatIntervalMs?: number
  /** How long a heartbeat holds: a dispatcher not heard of for this long is dead and its claims are settled. */
  heartbeatTtlMs?: number
  /**
   * A started row of a dead dispatcher is settled (looked up, or `unknown`) once it was started this
   * long ago: more than any provider call lasts (the HTTP time-out, 10 s) plus a group's wait for its
   * send times (one second), so no call of the dead dispatcher can still be under way.
   */
  inFlightLimitMs?: number
  /** How often scheduled messages are looked at for handing to providers that can hold them. */
  handoverIntervalMs?: number
  idleIntervalMs?: number
  backoff?: BackoffPolicy
  random?: () => number
  /**
   * Wall-clock time (epoch ms) for the connections' send times, which every dispatcher on the
   * database shares (see send-pace.repository.ts), and the wait for one of them; injected by tests.
   */
  pace?: { now(): number; waitUntil(ms: number): Promise<void> }
  /** Logs unexpected errors of the loop (the message outcome itself is always recorded). */
  onError?: (error: unknown) => void
}

/**
 * The outbox dispatcher. The message row is the job: claim due rows in a short statement (status
 * `sending`, this dispatcher's id and a lease), mark them started in small groups just before the
 * provider call, call the provider OUTSIDE any transaction, then record the outcome in a second
 * short one. Each dispatcher keeps a heartbeat row; the claims of one that died (its heartbeat ran
 * out) or hung past its lease are settled by the others: rows never started go back to the queue,
 * started ones are looked up at a provider that can be asked, else marked `unknown`: never resent
 * blindly.
 */
export class Dispatcher {
  private readonly options: Required<Omit<DispatcherOptions, 'onError'>> & Pick<DispatcherOptions, 'onError'>
  /** The id this process's claims carry. */
  readonly id: string
  private lastBeat = Number.NEGATIVE_INFINITY
  private beating: ReturnType<typeof setInterval> | null = null
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
      id: options.id ?? newId(),
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 2_000,
      heartbeatTtlMs: options.heartbeatTtlMs ?? 12_000,
      inFlightLimitMs: options.inFlightLimitMs ?? 15_000,
      handoverIntervalMs: options.handoverIntervalMs ?? 10_000,
      idleIntervalMs: options.idleIntervalMs ?? deps.config.dispatcherIntervalMs,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      random: options.random ?? Math.random,
      pace: options.pace ?? WALL_CLOCK_PACE,
      onError: options.onError,
    }
    this.id = this.options.id
  }

  /**
   * Renews this dispatcher's heartbeat: while it holds, its claims are its own; once it runs out
   * (the process died or hung), any dispatcher settles them at once instead of waiting for the lease.
   */
  async heartbeat(): Promise<void> {
    const now = this.deps.clock.now()
    this.lastBeat = now.getTime()
    await renewHeartbeat(this.deps.database.db, {
      id: this.id,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.options.heartbeatTtlMs).toISOString(),
    })
  }

  private async heartbeatIfDue(): Promise<void> {
    if (this.deps.clock.now().getTime() - this.lastBeat >= this.options.heartbeatIntervalMs)
      await this.heartbeat()
  }

  /** Claims and sends everything due now; returns how many messages it handled. */
  async runOnce(): Promise<number> {
    await this.heartbeatIfDue()
    await this.reconcileDeadClaims()
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
      claimedBy: this.id,
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
      claimedBy: this.id,
    })
    return this.sendClaimed(rows, connection)
  }

  /**
   * Marks a group of claimed rows started once the first one's send time has come; resolves with the
   * ids it marked. A row it could not mark (a reconcile gave it back to the queue because this
   * dispatcher looked dead) is not sent.
   */
  private async startGroup(ids: string[], sendTime: number): Promise<Set<string>> {
    await this.options.pace.waitUntil(sendTime)
    try {
      return new Set(
        await markStarted(this.deps.database.db, {
          ids,
          claimedBy: this.id,
          now: this.deps.clock.now().toISOString(),
        }),
      )
    } catch (error) {
      // Left unstarted, the rows go back to the queue when the lease runs out; none was sent.
      this.options.onError?.(error)
      return new Set()
    }
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
    // leaves its rows `sending` and started, which the reconcile settles as for any crash. A batch
    // also goes once its first acceptance is RECORD_WITHIN_MS old, so on a slow connection (a low
    // rate) the provider's first reports do not arrive long before the id they name is stored.
    let accepted: Acceptance[] = []
    let firstAcceptedAt = 0
    // Acceptances handed to a commit not yet done: a new group starts only once fewer than
    // ACCEPTED_BATCH are waiting, so a crash leaves few unrecorded however slow the database is.
    let recording = 0
    const flushes = new Set<Promise<void>>()
    const flush = async () => {
      const batch = accepted
      accepted = []
      recording += batch.length
      const done: Promise<void> = recordAcceptedBatch(this.deps, batch).finally(() => {
        recording -= batch.length
        flushes.delete(done)
      })
      flushes.add(done)
      await done
    }
    const waitForRecords = async () => {
      while (recording + accepted.length >= ACCEPTED_BATCH && flushes.size > 0) await Promise.race(flushes)
    }
    // Rows are marked started just before their provider call, one statement per group of up to
    // `concurrency` rows due within GROUP_SPAN_MS: after a crash only started rows (those in flight,
    // the rest of their group, and acceptances not yet recorded) may have reached a provider; the
    // others go back to the queue.
    let group = { end: 0, started: Promise.resolve(new Set<string>()) }
    const startedOf = (index: number): Promise<Set<string>> => {
      if (index >= group.end) {
        const first = sendTimes[index] ?? 0
        let end = index + 1
        while (
          end < rows.length &&
          end - index < this.options.concurrency &&
          (sendTimes[end] ?? 0) - first <= GROUP_SPAN_MS
        )
          end++
        const ids = rows.slice(index, end).map((r) => r.id)
        group = { end, started: waitForRecords().then(() => this.startGroup(ids, first)) }
      }
      return group.started
    }
    const worker = async () => {
      while (next < rows.length) {
        const index = next++
        const row = rows[index]
        if (!row) break
        const started = await startedOf(index)
        if (!started.has(row.id)) continue
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

  /**
   * Settles the claims of dispatchers that died (no live heartbeat) or hung past their lease. Rows
   * never started go back to the queue at once, in one statement. Started rows, once no call of
   * theirs can still be under way, are looked up at a provider that can be asked (`findSent`), else
   * (or when the lookup fails) become `unknown`: one notification per sender and connection.
   */
  private async reconcileDeadClaims(): Promise<void> {
    const now = this.deps.clock.now()
    const db = this.deps.database.db
    await requeueUnstartedOfDeadClaims(db, now.toISOString())
    const dead = await findDeadStartedClaims(db, {
      now: now.toISOString(),
      startedBefore: new Date(now.getTime() - this.options.inFlightLimitMs).toISOString(),
      limit: 1000,
    })
    const unknown: MessageRow[] = []
    for (const row of dead) {
      const provider = await this.providers.forConnection(row.connection_id ?? '').catch(() => null)
      if (!provider?.findSent) {
        unknown.push(row)
        continue
      }
      try {
        const found = await askProvider(provider, row)
        // A handover cut short: the provider holds it for its time (it still counts as scheduled).
        const held = Boolean(row.send_at && Date.parse(row.send_at) > now.getTime())
        if (found) await recordAccepted(this.deps, row, found, held)
        else await requeue(this.deps, row)
      } catch {
        // the question stays open (askProvider says why): a person decides
        unknown.push(row)
      }
    }
    await recordUnknownBatch(this.deps, unknown)
  }

  /** Runs until stop(): works while there is work, sleeps when idle, wakes early on `wake()`. */
  start(): void {
    if (this.running) return
    this.running = true
    // The heartbeat goes on while a long claim is being sent, so the claim is never taken for dead.
    this.beating = setInterval(() => {
      this.heartbeat().catch((error) => this.options.onError?.(error))
    }, this.options.heartbeatIntervalMs)
    this.beating.unref()
    this.loop = (async () => {
      await removeExpiredHeartbeats(
        this.deps.database.db,
        new Date(this.deps.clock.now().getTime() - FORGET_DEAD_AFTER_MS).toISOString(),
      ).catch((error) => this.options.onError?.(error))
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

  /** Finishes the claim under way, then removes the heartbeat: a stopped dispatcher holds nothing. */
  async stop(): Promise<void> {
    this.running = false
    if (this.beating) clearInterval(this.beating)
    this.beating = null
    this.wake()
    await this.loop
    await removeHeartbeat(this.deps.database.db, this.id).catch((error) => this.options.onError?.(error))
  }
}
