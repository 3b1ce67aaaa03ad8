import { ukDateOf } from '../provider/firetext/firetext.format'
import { encodeCursor } from '../provider/firetext/firetext.polling'

/**
 * The first poll of a connection starts from its "date to start synchronising from". `fetchInbound`
 * takes only an adapter's own cursor, so this writes that cursor for a start date, in each adapter's
 * format (twilio.poll.ts, firetext.polling.ts). An adapter without one here (BulkSMS, whose cursor is
 * a message id) starts from its own look-back window and the poller drops anything older than the date.
 */
export function startCursor(provider: string, since: string): string | null {
  const at = new Date(since)
  if (Number.isNaN(at.getTime())) return null
  switch (provider) {
    case 'twilio':
      return JSON.stringify({ after: at.toISOString(), seen: [] })
    case 'firetext':
      return encodeCursor({ from: ukDateOf(at), since: at.toISOString(), seen: [] })
    default:
      return null
  }
}
