import { type ChildProcess, fork } from 'node:child_process'
import { type LatencySummary, summarize } from './stats'

export interface LoadResult {
  /** Requests started (and finished): indexes 0 .. sent - 1. */
  sent: number
  /** Answers outside 2xx plus requests that threw. */
  failed: number
  seconds: number
  perSecond: number
  latency: LatencySummary
  /** Answer counts by HTTP status ("error" for a request that threw). */
  statuses: Record<string, number>
  firstError: string | null
  /** Answer bodies by index, when asked for. */
  bodies: string[] | null
}

export interface ClosedLoopOptions {
  concurrency: number
  /** Stop after this many requests... */
  total: number
  /** ...or once this much time has passed, whichever comes first (started requests still finish). */
  maxMs: number
  /** Sends request `i` and returns its HTTP status and body. */
  send(i: number): Promise<{ status: number; body: string }>
  keepBodies?: boolean
}

/** `concurrency` loops, each sending the next request as soon as its previous one answered. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const bodies: string[] | null = options.keepBodies ? [] : null
  let next = 0
  let failed = 0
  let firstError: string | null = null
  const start = performance.now()
  const deadline = start + options.maxMs
  const loop = async () => {
    while (next < options.total && performance.now() < deadline) {
      const i = next++
      const sentAt = performance.now()
      try {
        const { status, body } = await options.send(i)
        statuses[status] = (statuses[status] ?? 0) + 1
        if (status < 200 || status > 299) {
          failed++
          firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`
        }
        if (bodies) bodies[i] = body
      } catch (error) {
        statuses.error = (statuses.error ?? 0) + 1
        failed++
        firstError ??= error instanceof Error ? error.message : String(error)
      }
      latencies.push(performance.now() - sentAt)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, loop))
  const seconds = (performance.now() - start) / 1000
  return {
    sent: next,
    failed,
    seconds,
    perSecond: next / seconds,
    latency: summarize(latencies),
    statuses,
    firstError,
    bodies,
  }
}

/** One POST of a load job: a path on the job's origin and its body. */
export interface LoadRequest {
  path: string
  body: string
}

export interface LoadJob {
  origin: string
  contentType: string
  requests: LoadRequest[]
  concurrency: number
  maxMs: number
  keepBodies?: boolean
}

/**
 * An HTTP load client in its own process (`load-client.ts`), so the client's CPU is not taken from
 * the server under test and both get a core, as a provider posting webhooks would.
 */
export interface LoadClient {
  run(job: LoadJob): Promise<LoadResult>
  close(): void
}

export function startLoadClient(): LoadClient {
  const child: ChildProcess = fork(new URL('./load-client.ts', import.meta.url), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return {
    run: (job) =>
      new Promise<LoadResult>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`The load client exited with code ${code}`))
        child.once('exit', onExit)
        child.once('message', (answer) => {
          child.off('exit', onExit)
          const reply = answer as { result?: LoadResult; error?: string }
          if (reply.result) resolve(reply.result)
          else reject(new Error(`The load client failed: ${reply.error ?? 'no answer'}`))
        })
        child.send(job)
      }),
    close: () => {
      child.disconnect()
    },
  }
}
