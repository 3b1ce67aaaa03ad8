import type { ConnectionRow } from '../connection/connection.table'
import type { ProviderResolver } from '../connection/provider-resolver'
import { withDefaultSettings } from '../core/org-settings'
import { readJson } from '../db/columns'
import type { InboundPipeline } from '../inbound/inbound-pipeline'
import { applyStatusUpdates } from '../message/status.service'
import type { SmsProvider, StatusUpdate } from '../provider/provider'
import { getProviderDefinition, providerDefinitions } from '../provider/registry'
import type { ServiceDeps } from '../service-deps'
import {
  claimPollTurn,
  listMessagesAwaitingStatus,
  listPollCandidates,
  type PollCandidate,
  savePollCursor,
} from './poller.repository'

export interface PollerOptions {
  /** How often to look for connections whose poll is due; intervals themselves are per organization. */
  tickMs?: number
  /** Most messages whose status is fetched per connection per turn. */
  statusBatchSize?: number
  /** Messages sent longer ago than this are no longer asked about. */
  statusWindowHours?: number
  /** Provider and storage errors: logged by the caller and retried on the next turn. */
  onError?: (error: unknown, connectionId: string | null) => void
}

export interface PollReport {
  /** Connections polled in this run (turns taken). */
  connections: number
  received: number
  duplicates: number
  statusChanges: number
  errors: number
}

const MINUTE_MS = 60_000

/**
 * Fetches replies (and, where no receipts arrive, delivery statuses) for connections that poll, once per
 * the organization's `pollIntervalMinutes`. Each connection's turn is claimed in the database, so with
 * several processes exactly one polls it. Replies go through the inbound pipeline, the webhook's own path,
 * so a reply that also arrived by webhook is stored once. Errors never escape a turn: they are reported
 * and the next turn tries again from the same cursor.
 */
export class Poller {
  private readonly options: Required<Omit<PollerOptions, 'onError'>> & Pick<PollerOptions, 'onError'>
  private abort = new AbortController()
  private running = false
  private loop: Promise<void> | null = null
  private wakeUp: (() => void) | null = null

  constructor(
    private readonly deps: ServiceDeps & { inbound: InboundPipeline },
    private readonly providers: ProviderResolver,
    options: PollerOptions = {},
  ) {
    this.options = {
      tickMs: options.tickMs ?? 15_000,
      statusBatchSize: options.statusBatchSize ?? 50,
      statusWindowHours: options.statusWindowHours ?? 72,
      onError: options.onError,
    }
  }

  async runOnce(): Promise<PollReport> {
    const report: PollReport = { connections: 0, received: 0, duplicates: 0, statusChanges: 0, errors: 0 }
    let candidates: PollCandidate[]
    try {
      candidates = await listPollCandidates(this.deps.database.db, statusOnlyProviders())
    } catch (error) {
      this.options.onError?.(error, null)
      report.errors += 1
      return report
    }
    const now = this.deps.clock.now()
    const due = candidates.filter((c) => isDue(c, now))
    await Promise.all(due.map((candidate) => this.pollConnection(candidate, now, report)))
    return report
  }

  private async pollConnection(candidate: PollCandidate, now: Date, report: PollReport): Promise<void> {
    const claimedAt = now.toISOString()
    try {
      const row = await claimPollTurn(this.deps.database.db, {
        connectionId: candidate.id,
        now: claimedAt,
        dueBefore: new Date(now.getTime() - intervalMs(candidate)).toISOString(),
      })
      if (!row) return
      report.connections += 1
      const provider = await this.providers.forConnection(row.id)
      const fetchInbound = provider.fetchInbound?.bind(provider)
      if (row.inbound_mode === 'poll' && provider.capabilities.inboundPolling && fetchInbound) {
        await this.pollReplies(row, fetchInbound, claimedAt, report)
      }
      const fetchStatus = provider.fetchStatus?.bind(provider)
      if (fetchStatus && needsStatusPolling(row, provider)) {
        report.statusChanges += await this.pollStatuses(row, fetchStatus, now)
      }
    } catch (error) {
      report.errors += 1
      this.options.onError?.(error, candidate.id)
    }
  }

  private async pollReplies(
    row: ConnectionRow,
    fetchInbound: NonNullable<SmsProvider['fetchInbound']>,
    claimedAt: string,
    report: PollReport,
  ): Promise<void> {
    const since = row.poll_since
    const cursor = row.poll_cursor ?? (since ? startCursorOf(row.provider, since) : null)
    const result = await fetchInbound(cursor, this.abort.signal)
    const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY
    // "Date to start synchronising from": nothing received before it is imported by polling.
    const fresh = result.messages.filter((sms) => !sms.receivedAt || Date.parse(sms.receivedAt) >= sinceMs)
    const outcomes = await Promise.all(fresh.map((sms) => this.deps.inbound.submit({ connection: row, sms })))
    for (const outcome of outcomes) {
      if (outcome.duplicate) report.duplicates += 1
      else report.received += 1
    }
    // Only after every reply is stored: a failure above leaves the cursor, so the next turn fetches again.
    await savePollCursor(this.deps.database.db, {
      connectionId: row.id,
      claimedAt,
      cursor: result.cursor ?? cursor,
    })
  }

  private async pollStatuses(
    row: ConnectionRow,
    fetchStatus: NonNullable<SmsProvider['fetchStatus']>,
    now: Date,
  ): Promise<number> {
    const ids = await listMessagesAwaitingStatus(this.deps.database.db, {
      orgId: row.org_id,
      connectionId: row.id,
      sentAfter: new Date(now.getTime() - this.options.statusWindowHours * 60 * MINUTE_MS).toISOString(),
      limit: this.options.statusBatchSize,
    })
    const updates: StatusUpdate[] = []
    let failure: unknown = null
    for (const id of ids) {
      try {
        const update = await fetchStatus(id, this.abort.signal)
        if (update) updates.push(update)
      } catch (error) {
        failure = error
        break
      }
    }
    const changed = await applyStatusUpdates(this.deps, row.id, updates)
    if (failure) throw failure
    return changed
  }

  /** Runs a turn every `tickMs` until stop(). */
  start(): void {
    if (this.running) return
    this.running = true
    if (this.abort.signal.aborted) this.abort = new AbortController()
    this.loop = (async () => {
      while (this.running) {
        await this.runOnce()
        if (!this.running) break
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.tickMs)
          this.wakeUp = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        this.wakeUp = null
      }
    })()
  }

  /** Stops the loop and cancels provider calls in flight; their turn is retried after the interval. */
  async stop(): Promise<void> {
    this.running = false
    this.abort.abort()
    this.wakeUp?.()
    await this.loop
  }
}

/** Providers that never push statuses but can be asked: their connections poll even in webhook mode. */
function statusOnlyProviders(): string[] {
  return Object.values(providerDefinitions)
    .filter((d) => d.capabilities.statusPolling && !d.capabilities.deliveryReceipts)
    .map((d) => d.id)
}

/**
 * Status by poll when the provider sends no receipts, or when the connection polls for replies: a
 * Parley the provider cannot reach by webhook gets no receipts either.
 */
function needsStatusPolling(row: ConnectionRow, provider: SmsProvider): boolean {
  const { statusPolling, deliveryReceipts } = provider.capabilities
  return statusPolling && (!deliveryReceipts || row.inbound_mode === 'poll')
}

function intervalMs(candidate: PollCandidate): number {
  const settings = withDefaultSettings(readJson(candidate.settings, {}))
  const minutes = Number.isFinite(settings.pollIntervalMinutes) ? settings.pollIntervalMinutes : 10
  return Math.max(1, minutes) * MINUTE_MS
}

function isDue(candidate: PollCandidate, now: Date): boolean {
  if (!candidate.last_polled_at) return true
  return Date.parse(candidate.last_polled_at) <= now.getTime() - intervalMs(candidate)
}

/**
 * The first poll of a connection starts from its "date to start synchronising from", in the
 * adapter's own cursor format (`pollCursorFrom`). An adapter without one (BulkSMS, whose cursor is a
 * message id) starts from its own look-back window and the poll drops anything older than the date.
 */
function startCursorOf(providerId: string, since: string): string | null {
  const at = new Date(since)
  if (Number.isNaN(at.getTime())) return null
  return getProviderDefinition(providerId)?.pollCursorFrom?.(at) ?? null
}
