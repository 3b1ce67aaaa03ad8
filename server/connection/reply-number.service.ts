import { ownerOf, readReplyNumber } from '../core/sender-number'
import type { Db } from '../db/database'
import { errors, withDetails } from '../errors'
import { findNumberOwners } from './connection-number.repository'

/**
 * A reply number (an office's or a user's) as it is stored: blank is none, undefined stays undefined
 * (unchanged), anything else must be E.164 (REPLY_NUMBER_INVALID) and a number of one of the
 * organization's enabled connections, its sender or another of its numbers (REPLY_NUMBER_NOT_OWNED):
 * texts go out from it on that connection, so it must be one the connection can send from.
 */
export async function checkReplyNumber(
  db: Db,
  orgId: string,
  text: string | null | undefined,
  field = 'replyNumber',
): Promise<string | null | undefined> {
  if (text === undefined) return undefined
  if (text === null || text.trim() === '') return null
  const read = readReplyNumber(text)
  if ('reason' in read) {
    throw withDetails(new errors.REPLY_NUMBER_INVALID(`${field} ${read.reason}`), { field, number: text })
  }
  const { number } = read
  const owner = ownerOf(await findNumberOwners(db, orgId, [number]))
  if (!owner?.enabled) {
    const why = owner
      ? `its connection "${owner.connectionName}" is disabled`
      : 'no connection of the organization has it as its sender or one of its numbers'
    throw withDetails(
      new errors.REPLY_NUMBER_NOT_OWNED(
        `${field} ${number} cannot be sent from: ${why}. Add it to a connection's numbers in Settings → Connections first`,
      ),
      { field, number },
    )
  }
  return number
}
