import { type BackoffPolicy, retryDelayMs } from '../core/backoff'
import { cleanReceivedText } from '../core/text-hygiene'
import { forwardReceived } from '../forwarding/forward-received.service'
import { newId } from '../ids'
import { answerKeyword } from '../outbound/keyword-answer.service'
import type { ServiceDeps } from '../service-deps'
import { compareText } from './collections'
import { runWrites } from './inbound.repository'
import { type InboundItem, type InboundOutcome, receiveInboundBatch } from './inbound.service'
import { type Assembled, assembleParts } from './inbound-parts'
import {
  claimDueReceipts,
  countAttempts,
  deleteReceipts,
  insertReceipts,
  itemOfReceipt,
  markReceiptsFailed,
  type NewReceipt,
  receiptRowOf,
} from './inbound-receipt.repository'
import type { InboundReceiptRow } from './inbound-receipt.table'

export interface InboundPipelineOptions {
  /** Receipts stored per statement (and commit). */
  maxReceiptBatch?: number
  /**
   * Receipt statements at once. PostgreSQL: 2, so the texts that arrive while one batch waits for
   * its commit go out in the next rather than after it. SQLite commits without waiting: 1.
   */
  receiptConcurrency?: number
  /** Texts put in conversations per transaction. */
  maxStoreBatch?: number
  /** How long receipts gather before they are stored as messages, unless a full batch is waiting. */
  gatherMs?: number
  /** The longest a receipt waits for step 2 while webhooks keep coming. */
  maxWaitMs?: number
  /**
   * Receipts waiting for step 2 beyond which it runs even while webhooks keep coming, and new
   * webhooks wait for room.
   */
  maxBacklog?: number
  /**
   * Step-2 transactions at once. PostgreSQL: 2, so one batch is worked on while the other waits on
   * its round trips (a third measured no better on two cores); batches lock their conversations in
   * one order, and a text never moves its conversation back (see `upsertConversations`). SQLite has
   * one writer: 1.
   */
  storeConcurrency?: number
  /** A receipt not stored as a message by then is taken up by the sweep (its process died). */
  orphanAfterMs?: number
  backoff?: BackoffPolicy
  onError?: (error: unknown, receipt?: Pick<InboundReceiptRow, 'id' | 'connection_id'>) => void
}

interface Waiting {
  item: InboundItem
  resolve(outcome: { duplicate: boolean }): void
  reject(error: unknown): void
}

interface Received {
  receiptId: string
  item: InboundItem
  /** When its webhook was answered (performance.now()). */
  at: number
}

/** Failed receipts are tried again after 5 s, 10 s... up to an hour, for as long as it takes. */
const RECEIPT_BACKOFF: BackoffPolicy = {
  baseMs: 5_000,
  maxMs: 3_600_000,
  maxAttempts: Number.POSITIVE_INFINITY,
}

/**
 * Received texts in two steps, so a provider's webhook is answered as soon as its text is safe:
 *
 * 1. **Receipt**: texts that arrive together are stored as they came, one row each, in one statement
 *    and one commit (group commit); the unique key on connection + provider id makes a retry or a
 *    copy already made into a message a duplicate. Each webhook is answered after that commit.
 * 2. **Store**: the receipts of the last few milliseconds are then put in their conversations, with
 *    their people, notifications and events, in one transaction (`receiveInboundBatch`): bigger
 *    batches than webhooks arrive in, so less work per text. The receipts are deleted right after
 *    its commit, not in it, so a copy of a text that comes while the text is being stored still
 *    meets its receipt and is a duplicate: deleted in the transaction, the receipt would be gone the
 *    moment the commit made the message visible, and on PostgreSQL a copy waiting on the receipt's
 *    key then gets in, its check for the message having read before the commit.
 *
 * A text is never lost between the two: a receipt whose process dies before step 2, or whose step 2
 * failed, is still in its table and `sweep()` (run by every worker) stores it later. A batch that
 * fails in step 2 is retried text by text, so one bad text cannot hold up the others. A receipt
 * whose delete fails after its text was stored stays as it was (not a failure: its text is safe)
 * and the sweep later finds its text stored and deletes it.
 */
export class InboundPipeline {
  private readonly options: Required<Omit<InboundPipelineOptions, 'onError'>> &
    Pick<InboundPipelineOptions, 'onError'>
  private receiving: Waiting[] = []
  private receiptWriters = 0
  private received: Received[] = []
  private storesRunning = 0
  private gatherTimer: NodeJS.Timeout | null = null
  private idle: (() => void)[] = []
  private waitingForRoom: (() => void)[] = []
  private lastSubmitAt = Number.NEGATIVE_INFINITY
  /** Answers to keywords sent one after the other, in the order their texts were stored. */
  private answering: Promise<void> = Promise.resolve()
  private answersWaiting = 0
  /** Texts answered for and not yet through step 2 here, by connection and provider id. */
  private pending = new Map<string, (() => void)[]>()

  constructor(
    private readonly deps: ServiceDeps,
    options: InboundPipelineOptions = {},
  ) {
    this.options = {
      maxReceiptBatch: options.maxReceiptBatch ?? 256,
      maxStoreBatch: options.maxStoreBatch ?? 256,
      gatherMs: options.gatherMs ?? deps.config.inboundGatherMs,
      maxWaitMs: options.maxWaitMs ?? 1_000,
      maxBacklog: options.maxBacklog ?? 10_000,
      storeConcurrency: options.storeConcurrency ?? (deps.database.dialect === 'postgres' ? 2 : 1),
      receiptConcurrency: options.receiptConcurrency ?? (deps.database.dialect === 'postgres' ? 2 : 1),
      orphanAfterMs: options.orphanAfterMs ?? deps.config.inboundOrphanAfterMs,
      backoff: options.backoff ?? RECEIPT_BACKOFF,
      onError: options.onError,
    }
  }

  /** Step 1 for one text: resolves once its receipt is committed, or says it was had before. */
  submit(received: InboundItem): Promise<{ duplicate: boolean }> {
    this.lastSubmitAt = performance.now()
    const item = storable(received)
    return new Promise((resolve, reject) => {
      this.receiving.push({ item, resolve, reject })
      if (this.receiptWriters >= this.options.receiptConcurrency) return
      this.receiptWriters += 1
      // Start on the next turn of the event loop, once the requests already read from the sockets
      // have queued their texts: starting at once would store one text per statement.
      setImmediate(() => void this.drainReceipts())
    })
  }

  /** Resolves when every text submitted so far is stored as a message (or failed and kept). */
  settled(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /**
   * Resolves once this process has been through step 2 with the text (stored, or kept as a receipt
   * because it failed or waits for its other parts); at once if it holds no such text. Unlike
   * `settled()`, it does not wait for texts that keep arriving after it.
   */
  whenStored(connectionId: string, providerMessageId: string): Promise<void> {
    const waiters = this.pending.get(pendingKey(connectionId, providerMessageId))
    if (!waiters) return Promise.resolve()
    return new Promise((resolve) => waiters.push(resolve))
  }

  /**
   * Stores the receipts that are due: left by a process that died before storing them, or failed
   * before and due again; only those of `only` when given (an admin's "try again now"). Returns how
   * many it took.
   */
  async sweep(options: { limit?: number; only?: readonly string[] } = {}): Promise<number> {
    const now = this.deps.clock.now()
    const rows = await claimDueReceipts(this.deps.database.db, this.deps.database.dialect, {
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.options.orphanAfterMs).toISOString(),
      limit: options.limit ?? 500,
      ...(options.only ? { only: options.only } : {}),
    })
    if (rows.length === 0) return 0
    // Counted as a store under way, so `settled()` waits for it too.
    this.storesRunning += 1
    try {
      await this.store(rows.map(receivedOf))
    } finally {
      this.storesRunning -= 1
      this.notifyIfIdle()
    }
    return rows.length
  }

  private isIdle(): boolean {
    return (
      this.receiptWriters === 0 &&
      this.receiving.length === 0 &&
      this.received.length === 0 &&
      this.storesRunning === 0 &&
      this.answersWaiting === 0 &&
      this.gatherTimer === null
    )
  }

  private roomForMore(): Promise<void> {
    return new Promise((resolve) => this.waitingForRoom.push(resolve))
  }

  private notifyIfRoom(): void {
    if (this.received.length >= this.options.maxBacklog) return
    const waiting = this.waitingForRoom
    this.waitingForRoom = []
    for (const resolve of waiting) resolve()
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return
    const waiting = this.idle
    this.idle = []
    for (const resolve of waiting) resolve()
  }

  private async drainReceipts(): Promise<void> {
    try {
      while (this.receiving.length > 0) {
        // Backpressure: while step 2 is `maxBacklog` behind, webhooks wait for room (and providers
        // slow down) rather than memory growing without end.
        if (this.received.length >= this.options.maxBacklog) await this.roomForMore()
        const batch = this.receiving.splice(0, this.options.maxReceiptBatch)
        try {
          this.accept(batch, await this.writeReceipts(batch))
        } catch {
          // One text the database refuses (a character it cannot store...) must not fail the others.
          for (const waiting of batch) {
            await this.writeReceipts([waiting]).then(
              (receipts) => this.accept([waiting], receipts),
              waiting.reject,
            )
          }
        }
      }
    } finally {
      this.receiptWriters -= 1
      this.notifyIfIdle()
    }
  }

  /** The receipts of a batch, keyed by the waiting entry of each text stored now. */
  private async writeReceipts(batch: readonly Waiting[]): Promise<Map<Waiting, Received>> {
    const now = this.deps.clock.now()
    const at = now.toISOString()
    const orphanAt = new Date(now.getTime() + this.options.orphanAfterMs).toISOString()
    const seen = new Set<string>()
    const rows: NewReceipt[] = []
    const byId = new Map<string, Waiting>()
    for (const waiting of batch) {
      const { connection, sms } = waiting.item
      const key = `${connection.id} ${sms.providerMessageId}`
      // The second copy of a provider id in one batch is a duplicate, as a later retry would be.
      if (seen.has(key)) continue
      seen.add(key)
      const id = newId()
      byId.set(id, waiting)
      rows.push(receiptRowOf(waiting.item, id, at, orphanAt))
    }
    const stored = await insertReceipts(this.deps.database, rows)
    const out = new Map<Waiting, Received>()
    for (const id of stored) {
      const waiting = byId.get(id)
      if (waiting) out.set(waiting, { receiptId: id, item: { ...waiting.item, id }, at: performance.now() })
    }
    return out
  }

  private accept(batch: readonly Waiting[], receipts: ReadonlyMap<Waiting, Received>): void {
    for (const waiting of batch) {
      const received = receipts.get(waiting)
      if (received) {
        this.received.push(received)
        this.pending.set(pendingKey(received.item.connection.id, received.item.sms.providerMessageId), [])
      }
      waiting.resolve({ duplicate: !received })
    }
    this.scheduleStore()
  }

  /**
   * Step 2 runs once no webhook came for `gatherMs`, so answering providers comes first during a
   * burst; but a receipt waits `maxWaitMs` at most, and never more than `maxBacklog` of them, so a
   * flood that does not stop is stored as it comes, a chunk at a time between the requests.
   */
  private scheduleStore(): void {
    if (this.gatherTimer || this.received.length === 0 || this.storesRunning >= this.options.storeConcurrency)
      return
    const delay = this.received.length >= this.options.maxStoreBatch ? 0 : this.options.gatherMs
    this.gatherTimer = setTimeout(() => {
      this.gatherTimer = null
      if (this.shouldWait()) {
        this.scheduleStore()
        return
      }
      this.storesRunning += 1
      const batch = this.received.splice(0, this.options.maxStoreBatch)
      this.notifyIfRoom()
      void this.store(batch).finally(() => {
        this.storesRunning -= 1
        // The next chunk on a later turn of the event loop: requests read meanwhile go first.
        this.scheduleStore()
        this.notifyIfIdle()
      })
      this.scheduleStore()
    }, delay)
  }

  private shouldWait(): boolean {
    const now = performance.now()
    const busy = now - this.lastSubmitAt < this.options.gatherMs
    const oldest = this.received[0]?.at ?? now
    return busy && now - oldest < this.options.maxWaitMs && this.received.length < this.options.maxBacklog
  }

  /**
   * Step 2: the texts as messages, then their receipts deleted. Parts of a long text wait for the
   * others and go as one text (see inbound-parts.ts).
   */
  private async store(batch: readonly Received[]): Promise<void> {
    try {
      await this.storeAll(batch)
    } finally {
      for (const { item } of batch) {
        const key = pendingKey(item.connection.id, item.sms.providerMessageId)
        for (const resolve of this.pending.get(key) ?? []) resolve()
        this.pending.delete(key)
      }
    }
  }

  private async storeAll(batch: readonly Received[]): Promise<void> {
    const whole = batch.filter((r) => !r.item.sms.part)
    const parts = batch.filter((r) => r.item.sms.part)
    const assembled: Assembled[] = whole.map((r) => ({ item: r.item, receiptIds: [r.receiptId] }))
    if (parts.length > 0) {
      try {
        assembled.push(...(await assembleParts(this.deps.database.db, parts, this.deps.clock.now())))
      } catch (error) {
        // Their receipts stay; the sweep comes back to them.
        this.options.onError?.(error)
      }
    }
    if (assembled.length === 0) return
    // In the order the texts were received: batches of receipts written side by side can be
    // answered out of order, and STOP then START from one number must end opted in.
    assembled.sort((a, b) => compareText(a.item.sms.receivedAt, b.item.sms.receivedAt))
    const done: string[] = []
    try {
      const outcomes = await receiveInboundBatch(
        this.deps,
        assembled.map((a) => a.item),
      )
      done.push(...assembled.flatMap((a) => a.receiptIds))
      this.answerLater(outcomes)
    } catch {
      for (const text of assembled) {
        try {
          this.answerLater(await receiveInboundBatch(this.deps, [text.item]))
          done.push(...text.receiptIds)
        } catch (error) {
          await this.keepForLater(text, error)
        }
      }
    }
    await this.forget(done)
  }

  /**
   * Sends the answers to the keywords of texts just stored (STOP, START, HELP) and their forwards
   * to a forwarding rule's mobile, after their commit and outside step 2, so neither ever delays
   * storing: one after the other, in the order the texts were received, and `settled()` waits for
   * them. A duplicate (a provider's retry) is neither answered nor forwarded again. An answer or
   * forward that fails is reported and dropped; its text was stored and its keyword took effect.
   */
  private answerLater(outcomes: readonly InboundOutcome[]): void {
    const stored = outcomes.flatMap((o) => (o.duplicate ? [] : [o]))
    if (stored.length === 0) return
    this.answersWaiting += 1
    this.answering = this.answering.then(async () => {
      for (const text of stored) {
        try {
          if (text.answer) await answerKeyword(this.deps, text.answer)
        } catch (error) {
          this.options.onError?.(error)
        }
        try {
          await forwardReceived(this.deps, text.received)
        } catch (error) {
          this.options.onError?.(error)
        }
      }
      this.answersWaiting -= 1
      this.notifyIfIdle()
    })
  }

  /** The receipts of stored texts. If their delete fails they stay, due when they were, for the sweep. */
  private async forget(receiptIds: readonly string[]): Promise<void> {
    if (receiptIds.length === 0) return
    const db = this.deps.database.db
    try {
      await runWrites(db, this.deps.database.dialect, deleteReceipts(db, receiptIds))
    } catch (error) {
      this.options.onError?.(error)
    }
  }

  /**
   * A text that could not be stored stays a receipt, with its reason, for the sweep to try again.
   * Never throws: if even this fails (the database is gone), the receipt keeps its earlier time and
   * the sweep still finds it.
   */
  private async keepForLater(text: Assembled, error: unknown): Promise<void> {
    const receipt = { id: text.receiptIds[0] ?? '', connection_id: text.item.connection.id }
    this.options.onError?.(error, receipt)
    try {
      const attempts = await countAttempts(this.deps.database.db, text.receiptIds)
      const delay = retryDelayMs(attempts + 1, this.options.backoff, () => 1)
      const retryAt = new Date(this.deps.clock.now().getTime() + delay).toISOString()
      const reason = error instanceof Error ? error.message : String(error)
      await markReceiptsFailed(this.deps.database.db, text.receiptIds, reason, retryAt)
    } catch (markError) {
      this.options.onError?.(markError, receipt)
    }
  }
}

function pendingKey(connectionId: string, providerMessageId: string): string {
  return `${connectionId} ${providerMessageId}`
}

function receivedOf(row: InboundReceiptRow): Received {
  return { receiptId: row.id, at: performance.now(), item: itemOfReceipt(row) }
}

/**
 * A text as it can be stored on either database: a provider's text is never refused for a byte, so
 * NULs are taken out of every field and lone surrogates replaced, and a body that changed is flagged.
 */
function storable(item: InboundItem): InboundItem {
  const { sms } = item
  const body = cleanReceivedText(sms.body)
  const fields = [sms.providerMessageId, sms.from, sms.to, sms.receivedAt, sms.part?.ref ?? '']
  if (!body.cleaned && fields.every((f) => !cleanReceivedText(f).cleaned)) return item
  const clean = (value: string) => cleanReceivedText(value).text
  return {
    ...item,
    sms: {
      ...sms,
      providerMessageId: clean(sms.providerMessageId),
      from: clean(sms.from),
      to: clean(sms.to),
      body: body.text,
      receivedAt: clean(sms.receivedAt),
      ...(sms.part ? { part: { ...sms.part, ref: clean(sms.part.ref) } } : {}),
      ...(body.cleaned ? { bodyCleaned: true } : {}),
    },
  }
}
