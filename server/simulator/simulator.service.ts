import { type Connection, listConnections } from '../connection/connection.repository'
import { listNumbersOf } from '../connection/connection-number.repository'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findMessageByProviderId } from '../message/message.repository'
import { getOrganization } from '../organization/organization.service'

/**
 * The simulator connection a text is sent to and the number it is sent to: the one with `to` as its
 * sender or one of its other numbers, else the first and its sender. A `to` that is not one of the
 * organization's simulator numbers is refused, naming the numbers there are, rather than quietly
 * sent to another.
 */
function simulatorFor(
  simulators: readonly Connection[],
  numbersOf: ReadonlyMap<string, readonly string[]>,
  to: string | undefined,
  country: string,
): { connection: Connection; to: string } {
  if (simulators.length === 0) throw new errors.CONNECTION_NOT_FOUND('phone simulator (add one in settings)')
  if (to === undefined) return { connection: simulators[0]!, to: simulators[0]!.sender }
  const all = simulators.flatMap((c) => [c.sender, ...(numbersOf.get(c.id) ?? [])])
  const parsed = parsePhone(to, country)
  // Simulator numbers may sit in ranges kept for fiction (+44 7700 900...), which the phone library
  // does not count as valid: those are matched as written, less spaces and punctuation.
  const wanted = parsed.e164 ?? to.replace(/[\s().-]/g, '')
  const found = simulators.find((c) => c.sender === wanted || numbersOf.get(c.id)?.includes(wanted))
  if (!found) {
    throw new errors.SIMULATOR_NUMBER_UNKNOWN(
      `"${to}"`,
      all.length === 1 ? 'number is' : 'numbers are',
      all.join(', '),
    )
  }
  return { connection: found, to: wanted }
}

/**
 * Where a simulated text goes: the sending number parsed with the organization's default country
 * (PHONE_NUMBER_INVALID when it is none), the enabled simulator connection it is sent to, and the
 * number of that connection it is sent to.
 */
export async function simulatedInbound(
  db: Db,
  orgId: string,
  input: { from: string; to?: string | undefined },
): Promise<{ from: string; to: string; connection: Connection }> {
  const org = await getOrganization(db, orgId)
  const from = parsePhone(input.from, org.settings.defaultCountry)
  if (!from.valid || !from.e164) throw new errors.PHONE_NUMBER_INVALID(`from "${input.from}" ${from.reason}`)
  const simulators = (await listConnections(db, orgId)).filter(
    (c) => c.provider === 'simulator' && !c.disabledAt,
  )
  const numbersOf = await listNumbersOf(
    db,
    simulators.map((c) => c.id),
  )
  return { from: from.e164, ...simulatorFor(simulators, numbersOf, input.to, org.settings.defaultCountry) }
}

/** The stored message a simulated text became, by the simulator's id for it. */
export async function simulatedMessage(
  db: Db,
  connectionId: string,
  providerMessageId: string,
): Promise<{ messageId: string; conversationId: string | null }> {
  const message = await findMessageByProviderId(db, connectionId, providerMessageId)
  if (!message) throw new Error('Simulated message was not stored')
  return { messageId: message.id, conversationId: message.conversation_id }
}
