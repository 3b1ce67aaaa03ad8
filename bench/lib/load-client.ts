/**
 * The child side of `startLoadClient()`: runs each load job it is sent over an undici Pool with one
 * connection per in-flight request, and answers with the result. Exits when the parent disconnects.
 */
import { Pool } from 'undici'
import { type LoadJob, runClosedLoop } from './load'

async function runJob(job: LoadJob) {
  const pool = new Pool(job.origin, { connections: job.concurrency, pipelining: 1 })
  try {
    return await runClosedLoop({
      concurrency: job.concurrency,
      total: job.requests.length,
      maxMs: job.maxMs,
      keepBodies: job.keepBodies ?? false,
      send: async (i) => {
        const request = job.requests[i]!
        const res = await pool.request({
          method: 'POST',
          path: request.path,
          headers: { 'content-type': job.contentType },
          body: request.body,
        })
        return { status: res.statusCode, body: await res.body.text() }
      },
    })
  } finally {
    await pool.close()
  }
}

process.on('message', (message) => {
  runJob(message as LoadJob).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }),
  )
})
process.on('disconnect', () => process.exit(0))
