import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string[]
  data: string
}

export interface SmtpSink {
  port: number
  /** Every e-mail received and not yet taken by `next()`, in order. */
  received: ReceivedMail[]
  /** The next e-mail: the oldest one kept, else the next to arrive. */
  next(): Promise<ReceivedMail>
  close(): Promise<void>
}

/** A real SMTP server on loopback that keeps what it receives; on `port` when given (0: any free one). */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const received: ReceivedMail[] = []
  const waiting: ((mail: ReceivedMail) => void)[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = ''
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString()
      })
      stream.on('end', () => {
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), data }
        const waiter = waiting.shift()
        if (waiter) waiter(mail)
        else received.push(mail)
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    next: () => {
      const mail = received.shift()
      return mail ? Promise.resolve(mail) : new Promise<ReceivedMail>((resolve) => waiting.push(resolve))
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
