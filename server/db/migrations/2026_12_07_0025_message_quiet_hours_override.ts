import type { Kysely } from 'kysely'
import { columns as c } from '../columns'

/**
 * A text sent at once inside the recipient's quiet hours is held until they end, unless the sender
 * overrides them; the reason they gave is kept on the message.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('quiet_hours_override_reason', c.text).execute()
}
