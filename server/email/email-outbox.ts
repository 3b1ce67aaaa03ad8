import { createTransport, type Transporter } from 'nodemailer'
import { type Clock, nowIso } from '../clock'
import type { Db } from '../db/database'
import { claimEmail, listDueEmails, markEmailAttemptFailed, markEmailSent } from './email-outbox.repository'

export interface EmailOutboxOptions {
  /** `smtp://user:pass@host:port`. Without one no outbox runs: e-mails are queued with the reason `SMTP_URL_MISSING`. */
  smtpUrl: string
  from: string
  maxAttempts?: number
  /** The wait after the first failure; it doubles after each, up to `maxBackoffMs`. */
  backoffMs?: number
  maxBackoffMs?: number
  leaseMs?: number
  batchSize?: number
}

/** Why an e-mail queued while no SMTP server is configured waits. */
export const SMTP_URL_MISSING = 'SMTP_URL is not set'

/**
 * Sends the queued e-mails. Each is claimed with a lease before it is handed to the SMTP server, so
 * several workers never send one e-mail twice; a worker that dies holding a lease leaves the e-mail
 * to the others once the lease runs out. A failure is stored (attempts, last error) and retried with
 * backoff; after `maxAttempts` the e-mail is `failed`.
 */
export class EmailOutbox {
  private readonly transport: Transporter
  private readonly options: Required<Omit<EmailOutboxOptions, 'smtpUrl'>>

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    options: EmailOutboxOptions,
  ) {
    this.transport = createTransport(options.smtpUrl)
    this.options = {
      from: options.from,
      maxAttempts: options.maxAttempts ?? 8,
      backoffMs: options.backoffMs ?? 30_000,
      maxBackoffMs: options.maxBackoffMs ?? 3_600_000,
      leaseMs: options.leaseMs ?? 60_000,
      batchSize: options.batchSize ?? 20,
    }
  }

  /** Sends what is due now; how many e-mails were sent. */
  async runOnce(): Promise<number> {
    const now = this.clock.now()
    const due = await listDueEmails(this.db, now.toISOString(), this.options.batchSize)
    let sent = 0
    for (const email of due) {
      const leaseUntil = new Date(now.getTime() + this.options.leaseMs).toISOString()
      if (!(await claimEmail(this.db, email.id, now.toISOString(), leaseUntil))) continue
      const attempts = email.attempts + 1
      try {
        await this.transport.sendMail({
          from: this.options.from,
          to: email.to_address,
          subject: email.subject,
          text: email.body,
        })
        await markEmailSent(this.db, email.id, nowIso(this.clock), attempts)
        sent += 1
      } catch (error) {
        const wait = Math.min(this.options.backoffMs * 2 ** (attempts - 1), this.options.maxBackoffMs)
        await markEmailAttemptFailed(this.db, email.id, {
          attempts,
          lastError: error instanceof Error ? error.message : String(error),
          dueAt: new Date(this.clock.now().getTime() + wait).toISOString(),
          failed: attempts >= this.options.maxAttempts,
        })
      }
    }
    return sent
  }

  close(): void {
    this.transport.close()
  }
}
