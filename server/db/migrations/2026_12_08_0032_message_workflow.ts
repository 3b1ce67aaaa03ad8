import type { Kysely } from 'kysely'
import { columns as c } from '../columns'

/**
 * A text sent by a workflow step names its workflow and the run that sent it, so the inbox can sort
 * it with bulk texts and reports can count it under "Workflow".
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('workflow_id', c.text).execute()
  await db.schema.alterTable('messages').addColumn('workflow_run_id', c.text).execute()
}
