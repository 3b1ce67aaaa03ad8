import type { ServiceDeps } from '../service-deps'
import { type InboundItem, type InboundOutcome, receiveInboundBatch } from './inbound.service'

interface Waiting {
  item: InboundItem
  resolve(outcome: InboundOutcome): void
  reject(error: unknown): void
}

/**
 * Group commit for webhooks: texts that arrive while a transaction is running are stored together in
 * the next one, and each request is answered only after the commit that holds its text. A burst of
 * replies then costs one commit and one set of statements instead of one each. If a batch fails,
 * its texts are retried one by one, so one bad text cannot fail the others.
 */
export class InboundBatcher {
  private queue: Waiting[] = []
  private running = false

  constructor(
    private readonly deps: ServiceDeps,
    private readonly maxBatch = 64,
  ) {}

  submit(item: InboundItem): Promise<InboundOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      if (this.running) return
      this.running = true
      // Start on the next turn of the event loop, once the requests already read from the sockets
      // have queued their texts: with SQLite a whole transaction runs without giving way to I/O, so
      // nothing arrives while one runs, and starting at once would store one text per batch.
      setImmediate(() => void this.drain())
    })
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch)
        try {
          const outcomes = await receiveInboundBatch(
            this.deps,
            batch.map((w) => w.item),
          )
          batch.forEach((w, i) => {
            const outcome = outcomes[i]
            if (outcome) w.resolve(outcome)
            else w.reject(new Error('No outcome for an inbound message'))
          })
        } catch {
          for (const waiting of batch) {
            await receiveInboundBatch(this.deps, [waiting.item]).then(
              ([outcome]) => (outcome ? waiting.resolve(outcome) : waiting.reject(new Error('No outcome'))),
              waiting.reject,
            )
          }
        }
      }
    } finally {
      this.running = false
    }
  }
}
