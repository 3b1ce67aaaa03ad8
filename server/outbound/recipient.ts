import type { OrgSettings } from '../core/org-settings'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findPersonRow } from '../person/person.repository'

export interface Recipient {
  phone: string
  personId: string | null
  /** How error messages name the recipient: the person's name or the number. */
  label: string
  /** The person's own time zone, for quiet hours. */
  timeZone?: string | null
}

/** A person of the organization with a valid mobile, or a typed number that is a valid mobile. */
export async function resolveRecipient(
  db: Db,
  orgId: string,
  settings: OrgSettings,
  target: { personId?: string | undefined; to?: string | undefined },
): Promise<Recipient> {
  if (target.personId) {
    const person = await findPersonRow(db, orgId, target.personId)
    if (!person) throw new errors.PERSON_NOT_FOUND(target.personId)
    const label = `${person.first_name ?? ''} ${person.last_name ?? ''}`.trim() || 'This person'
    if (!person.mobile_e164) throw new errors.RECIPIENT_NO_MOBILE(label)
    return { phone: person.mobile_e164, personId: person.id, label, timeZone: person.time_zone }
  }
  const typed = target.to ?? ''
  const parsed = parsePhone(typed, settings.defaultCountry)
  if (!parsed.valid || !parsed.e164) throw new errors.PHONE_NUMBER_INVALID(`to "${typed}" ${parsed.reason}`)
  if (parsed.isMobile === false) throw new errors.RECIPIENT_NOT_MOBILE(parsed.e164)
  return { phone: parsed.e164, personId: null, label: parsed.e164 }
}
