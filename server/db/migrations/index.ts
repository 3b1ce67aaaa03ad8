import type { DialectMigration } from '../migrate'
import * as createAccounts from './2026_11_22_0001_create_accounts'

/** Every migration, in the order it runs. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, DialectMigration> = {
  '2026_11_22_0001_create_accounts': createAccounts,
}
