import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * SQLite's automatic checkpoint runs inside the commit that crosses the threshold: it copies the
 * log into the database file and waits for two fsyncs, and better-sqlite3 is synchronous, so the
 * whole event loop stops meanwhile (it was most of the commit time of a busy webhook burst). This
 * worker thread checkpoints the same file from its own connection instead, so commits only append to
 * the log. In WAL mode a PASSIVE checkpoint never blocks the writer, and durability is unchanged:
 * a commit is as durable as before (synchronous = NORMAL), the log is only moved sooner or later.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 5000')
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // A busy or failing checkpoint is retried on the next tick; the main connection's own
    // automatic checkpoint stays as a backstop.
  }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface WalCheckpointer {
  stop(): Promise<void>
}

export function startWalCheckpointer(file: string, intervalMs: number): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  // A worker that fails leaves checkpoints to the main connection's automatic one: nothing is lost.
  worker.on('error', () => {})
  // Nor should it keep the process alive: an interrupted checkpoint is safe, and the main
  // connection checkpoints when it closes.
  worker.unref()
  return {
    stop: () => {
      // Awaited, it must keep the process alive until it has closed: an unreferenced worker would
      // let a process with nothing else to do exit in the middle of the caller's await.
      worker.ref()
      worker.postMessage('stop')
      return exited
    },
  }
}
