import type { Db } from '../db/database'
import { listSealedSettings, replaceSealedSettings } from './connection.repository'
import { openJsonWithKey, SealedValueUnreadable, sealJson } from './secret-box'

export interface RotationReport {
  /** Connections whose settings were sealed with a previous key and now are with the current one. */
  resealed: number
  /** Connections already sealed with the current key (a second run finds them all here). */
  current: number
  /** Connections whose settings no configured key opens; left as they are. */
  unreadable: { id: string; orgId: string; name: string }[]
  /**
   * Phone simulators whose settings no configured key opened: they hold no secret, so they were made
   * again with `simulatorSettings` rather than left broken.
   */
  remade: { id: string; orgId: string; name: string }[]
}

/**
 * Re-seals every connection's stored settings with the current key (`keys[0]`), reading them with any
 * of `keys` (the current key, then PARLEY_SECRET_KEY_PREVIOUS). Safe to run twice and while Parley
 * serves: settings already under the current key are left alone, and each row is replaced only if it
 * is unchanged since it was read (a change saved meanwhile was sealed with the current key anyway).
 * The settings' content does not change, so `updated_at` does not either.
 */
export async function resealConnectionSettings(
  db: Db,
  keys: readonly Buffer[],
  simulatorSettings: Record<string, unknown> = {},
): Promise<RotationReport> {
  const [current] = keys
  if (!current) throw new Error('No current key to seal with')
  const report: RotationReport = { resealed: 0, current: 0, unreadable: [], remade: [] }
  for (const row of await listSealedSettings(db)) {
    let opened: { value: unknown; keyIndex: number }
    try {
      opened = openJsonWithKey(keys, row.config_encrypted)
    } catch (error) {
      if (!(error instanceof SealedValueUnreadable)) throw error
      const named = { id: row.id, orgId: row.org_id, name: row.name }
      if (row.provider !== 'simulator') report.unreadable.push(named)
      else if (
        await replaceSealedSettings(db, row.id, row.config_encrypted, sealJson(current, simulatorSettings))
      )
        report.remade.push(named)
      continue
    }
    if (opened.keyIndex === 0) {
      report.current += 1
      continue
    }
    const replaced = await replaceSealedSettings(
      db,
      row.id,
      row.config_encrypted,
      sealJson(current, opened.value),
    )
    if (replaced) report.resealed += 1
    else report.current += 1
  }
  return report
}
