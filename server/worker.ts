import { expiredKeysCutoff } from './core/idempotency-key'
import { Dispatcher } from './dispatcher/dispatcher'
import { EmailOutbox } from './email/email-outbox'
import { batchReplyEmails } from './email/reply-emails'
import { forgetKeysBefore } from './idempotency/idempotency-key.repository'
import { Poller } from './poller/poller'
import { purgeExpiredMessages } from './retention/retention.service'
import type { AppDeps } from './service-deps'

/**
 * The background work of one process: the outbox dispatcher, woken at once when a message is
 * created here (other processes find it on their next idle tick), the reply poller, the sweep of
 * received texts left unstored, the e-mail outbox, and the hourly retention purge (with old
 * Idempotency-Keys).
 */
export function startWorker(deps: AppDeps, log: (msg: string, error?: unknown) => void) {
  const dispatcher = new Dispatcher(deps, deps.providers, {
    onError: (error) => log('dispatcher error', error),
  })
  const off = deps.events.on('message.created', ({ direction }) => {
    if (direction === 'outbound') dispatcher.wake()
  })
  dispatcher.start()
  const poller = new Poller(deps, deps.providers, {
    onError: (error, connectionId) =>
      log(`poller error${connectionId ? ` on connection ${connectionId}` : ''}`, error),
  })
  poller.start()
  // Received texts whose process died before putting them in their conversations, or that failed:
  // at start (this process may be the one that died), then every 10 s.
  const sweepInbound = () => {
    deps.inbound.sweep().catch((error) => log('inbound sweep error', error))
  }
  sweepInbound()
  const sweep = setInterval(sweepInbound, 10_000)
  sweep.unref()
  // E-mails (forwarded texts, reply notifications): every 5 s, the due batches of replies are made
  // into e-mails, then the outbox sends what is due, each claimed with a lease, so several processes
  // share them. Without an SMTP server only the batching runs: e-mails are queued with the reason.
  if (!deps.config.smtpUrl) log('e-mail is off: SMTP_URL is not set, so e-mails wait as pending')
  const mail = startMail(deps, log)
  // Retention: hourly, and once shortly after start; Idempotency-Keys older than their 24 hours too.
  const purge = () => {
    purgeExpiredMessages(deps).catch((error) => log('retention purge error', error))
    forgetKeysBefore(deps.database.db, expiredKeysCutoff(deps.clock.now()).toISOString()).catch((error) =>
      log('idempotency key purge error', error),
    )
  }
  const firstPurge = setTimeout(purge, 30_000)
  const hourlyPurge = setInterval(purge, 3_600_000)
  firstPurge.unref()
  hourlyPurge.unref()
  return {
    dispatcher,
    poller,
    async stop() {
      off()
      clearTimeout(firstPurge)
      clearInterval(hourlyPurge)
      clearInterval(sweep)
      clearInterval(mail)
      await Promise.all([dispatcher.stop(), poller.stop()])
    },
  }
}

function startMail(deps: AppDeps, log: (msg: string, error?: unknown) => void) {
  const outbox = deps.config.smtpUrl
    ? new EmailOutbox(deps.database.db, deps.clock, {
        smtpUrl: deps.config.smtpUrl,
        from: deps.config.emailFrom,
      })
    : null
  const step = async () => {
    await batchReplyEmails(deps).catch((error) => log('reply e-mail batching error', error))
    await outbox?.runOnce().catch((error) => log('e-mail outbox error', error))
  }
  let mailing = false
  const mail = setInterval(() => {
    if (mailing) return
    mailing = true
    step().finally(() => {
      mailing = false
    })
  }, 5_000)
  mail.unref()
  return mail
}
