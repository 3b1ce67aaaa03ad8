import type { Db } from '../db/database'
import { errors, withDetails } from '../errors'
import { findNumberOwners, findReplyNumberHolders } from './connection-number.repository'

/**
 * The numbers a connection owns besides its sender (FireText VMNs, more Twilio numbers): each is
 * checked as the sender is (E.164 without spaces), and one number belongs to one enabled connection
 * of an organization, so the connection an office's number sends on is never in doubt.
 */

const E164 = /^\+[1-9]\d{6,14}$/

/** `numbers` as given: each E.164 without spaces, none twice, none the connection's own sender. */
export function checkNumbers(numbers: readonly string[], sender: string): string[] {
  const seen = new Set<string>()
  numbers.forEach((number, i) => {
    const field = `numbers[${i}]`
    if (!E164.test(number)) {
      const compact = number.replace(/[\s().-]/g, '')
      throw withDetails(
        new errors.CONNECTION_NUMBER_INVALID(
          E164.test(compact)
            ? `${field} must be written without spaces or punctuation: "${compact}", not "${number}"`
            : `${field} must be an E.164 number: "+" then country code and number, e.g. +46701740605; got "${number}"`,
        ),
        { field, number },
      )
    }
    if (number === sender) {
      throw withDetails(
        new errors.CONNECTION_NUMBER_INVALID(`${field} ${number} is the connection's sender already`),
        { field, number },
      )
    }
    if (seen.has(number)) {
      throw withDetails(new errors.CONNECTION_NUMBER_INVALID(`${field} ${number} is listed twice`), {
        field,
        number,
      })
    }
    seen.add(number)
  })
  return [...seen]
}

/**
 * Refuses (CONNECTION_NUMBER_TAKEN) a number another enabled connection of the organization already
 * has: one of `numbers` that is its sender or one of its numbers, or a `sender` that is one of its
 * numbers. (Two connections may still share a sender, as before numbers existed.)
 */
export async function requireNumbersFree(
  db: Db,
  input: { orgId: string; connectionId: string | null; sender: string; numbers: readonly string[] },
): Promise<void> {
  const owners = await findNumberOwners(db, input.orgId, [input.sender, ...input.numbers])
  const others = owners.filter((o) => o.enabled && o.connectionId !== input.connectionId)
  input.numbers.forEach((number, i) => {
    const taken = others.find((o) => o.number === number)
    if (taken) {
      throw withDetails(
        new errors.CONNECTION_NUMBER_TAKEN(
          `numbers[${i}] ${number} already belongs to the connection "${taken.connectionName}"`,
        ),
        { field: `numbers[${i}]`, number, connectionId: taken.connectionId },
      )
    }
  })
  const senderTaken = others.find((o) => o.number === input.sender && o.via === 'number')
  if (senderTaken) {
    throw withDetails(
      new errors.CONNECTION_NUMBER_TAKEN(
        `sender ${input.sender} already belongs to the connection "${senderTaken.connectionName}" as one of its numbers`,
      ),
      { field: 'sender', number: input.sender, connectionId: senderTaken.connectionId },
    )
  }
}

/**
 * Refuses (REPLY_NUMBER_IN_USE) taking a number off a connection while an office or a user sends
 * from it and no other enabled connection has it: their texts would silently change number.
 */
export async function requireDroppedNumbersUnused(
  db: Db,
  input: { orgId: string; connectionId: string; field: string; dropped: readonly string[] },
): Promise<void> {
  const holders = await findReplyNumberHolders(db, input.orgId, input.dropped)
  if (holders.length === 0) return
  const owners = await findNumberOwners(
    db,
    input.orgId,
    holders.map((h) => h.number),
  )
  for (const holder of holders) {
    const kept = owners.some(
      (o) => o.number === holder.number && o.enabled && o.connectionId !== input.connectionId,
    )
    if (kept) continue
    const who = holder.kind === 'office' ? `the ${holder.name} office` : `the user ${holder.name}`
    throw withDetails(
      new errors.REPLY_NUMBER_IN_USE(
        `${input.field}: ${holder.number} is the reply number of ${who}; give them another number (or none) first`,
      ),
      { field: input.field, number: holder.number },
    )
  }
}
