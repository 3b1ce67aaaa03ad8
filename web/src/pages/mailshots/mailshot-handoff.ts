import type { CampaignSource } from '../../api/campaigns'
import { navigate } from '../../router'

/**
 * The recipients a mailshot starts from, handed from the People page to the new-mailshot page.
 * A selection can hold thousands of ids, too many for a URL, so it travels in sessionStorage
 * (which also keeps it across a reload of the form).
 */
const KEY = 'parley.mailshot.source'

export function startMailshot(source: CampaignSource): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(source))
  } catch {
    // storage full or blocked: the form opens with no recipients chosen
  }
  navigate('/mailshots/new')
}

function isSource(value: unknown): value is CampaignSource {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return type === 'people' || type === 'search' || type === 'group' || type === 'csv'
}

export function readHandedSource(): CampaignSource | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null')
    return isSource(value) ? value : null
  } catch {
    return null
  }
}

export function forgetHandedSource(): void {
  try {
    sessionStorage.removeItem(KEY)
  } catch {
    // nothing to forget
  }
}
