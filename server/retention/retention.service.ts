import type { OrgSettings } from '../core/org-settings'
import { readJson } from '../db/columns'
import type { ServiceDeps } from '../service-deps'

/** Statuses that are settled: only these are ever purged, so nothing in flight disappears. */
const SETTLED = ['received', 'sent', 'delivered', 'undelivered', 'failed', 'cancelled', 'not_triggered']

/**
 * Deletes message history older than each organization's retention period (0 keeps everything).
 * The billing log keeps its entries (with the message id) so balances still add up.
 */
export async function purgeExpiredMessages(deps: ServiceDeps): Promise<number> {
  const db = deps.database.db
  const orgs = await db.selectFrom('organizations').select(['id', 'settings']).execute()
  let purged = 0
  for (const org of orgs) {
    const days = readJson<Partial<OrgSettings>>(org.settings, {}).retentionDays ?? 0
    if (!days) continue
    const cutoff = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString()
    const expired = db
      .selectFrom('messages')
      .select('id')
      .where('org_id', '=', org.id)
      .where('created_at', '<', cutoff)
      .where('status', 'in', SETTLED)
    const result = await db.transaction().execute(async (trx) => {
      // The part ids of a long reply go with it (they only stop a part delivered again).
      await trx.deleteFrom('message_parts').where('message_id', 'in', expired).execute()
      return trx.deleteFrom('messages').where('id', 'in', expired).executeTakeFirst()
    })
    purged += Number(result.numDeletedRows)
  }
  return purged
}
