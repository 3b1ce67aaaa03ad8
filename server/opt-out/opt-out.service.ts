import { nowIso } from '../clock'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { getOrganization } from '../organization/organization.service'
import type { RecordDeps } from '../service-deps'
import { findOptOut, listOptedOut, listOptOutEvents, recordOptChange } from './opt-out.repository'

/** A number as typed, parsed with the organization's default country; PHONE_NUMBER_INVALID when it is none. */
async function e164(db: Db, orgId: string, number: string): Promise<string> {
  const org = await getOrganization(db, orgId)
  const parsed = parsePhone(number, org.settings.defaultCountry)
  if (!parsed.valid || !parsed.e164)
    throw new errors.PHONE_NUMBER_INVALID(`number "${number}" ${parsed.reason}`)
  return parsed.e164
}

/** Numbers that have opted out, most recent first. */
export async function optedOutNumbers(db: Db, orgId: string, limit: number) {
  const rows = await listOptedOut(db, orgId, limit)
  return { items: rows.map((r) => ({ number: r.phone_e164, since: r.updated_at })) }
}

/** Whether a number may be texted, and its opt-out history, newest first. */
export async function checkNumber(db: Db, orgId: string, typed: string) {
  const number = await e164(db, orgId, typed)
  const current = await findOptOut(db, orgId, number)
  const history = await listOptOutEvents(db, orgId, number)
  return {
    number,
    optedOut: current !== undefined,
    since: current?.since ?? null,
    history: history.map((h) => ({
      action: h.action,
      source: h.source,
      keyword: h.keyword,
      at: h.created_at,
    })),
  }
}

/** Opts a number out or back in by hand: its current state and the history entry change together. */
export async function changeOptByHand(
  deps: RecordDeps,
  actor: { orgId: string; userId: string },
  typed: string,
  action: 'opt_out' | 'opt_in',
): Promise<void> {
  const number = await e164(deps.db, actor.orgId, typed)
  const event = {
    org_id: actor.orgId,
    phone_e164: number,
    action,
    source: 'manual',
    keyword: null,
    message_id: null,
    user_id: actor.userId,
    created_at: nowIso(deps.clock),
  } as const
  if (deps.db.isTransaction) await recordOptChange(deps.db, event)
  else await deps.db.transaction().execute((trx) => recordOptChange(trx, event))
}
