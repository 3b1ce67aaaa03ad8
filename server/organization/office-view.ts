import { findNumberOwners } from '../connection/connection-number.repository'
import { decideSenderNumber } from '../core/sender-number'
import type { Db } from '../db/database'

type OfficeRow = { id: string; name: string; reply_number: string | null; created_at: string }

/**
 * Offices as the API shows them: with the number and connection their users' texts go out from
 * (a user's own number aside), or null when routing decides, and why a reply number set is not used.
 */
export async function officeViews(db: Db, orgId: string, rows: readonly OfficeRow[]) {
  const numbers = rows.flatMap((r) => (r.reply_number ? [r.reply_number] : []))
  const owners = await findNumberOwners(db, orgId, [...new Set(numbers)])
  return rows.map((r) => {
    const decision = decideSenderNumber({
      chosenConnectionId: null,
      numbers: r.reply_number
        ? [
            {
              source: 'office',
              number: r.reply_number,
              owners: owners.filter((o) => o.number === r.reply_number),
            },
          ]
        : [],
    })
    const unused = decision.kind === 'routing' ? decision.passedOver[0] : undefined
    return {
      id: r.id,
      name: r.name,
      replyNumber: r.reply_number,
      sendsFrom:
        decision.kind === 'number'
          ? {
              number: decision.number,
              connectionId: decision.connectionId,
              connectionName: decision.connectionName,
            }
          : null,
      replyNumberUnused: unused ? { reason: unused.reason, connectionName: unused.connectionName } : null,
      createdAt: r.created_at,
    }
  })
}
