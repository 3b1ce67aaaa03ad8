import type { RoutingRulesTable } from './routing.table'

/**
 * How routing rules match, with no I/O: one message's facts in, the connections its rules point
 * at out, in the order they are tried. Both the one-to-one send (routing.service.ts) and mailshots
 * (campaign/campaign-routing.ts) route through this; each then takes the first of these
 * connections that exists and is enabled, else the organization's default.
 */

export type MatchableRule = Pick<RoutingRulesTable, 'kind' | 'match' | 'connection_id'>

export interface RouteFacts {
  /** The sending user's office, if any. */
  office: string | null | undefined
  /** The destination's ISO 3166 country, if known. */
  country: string | null | undefined
  /** The connection of the last text the destination number sent us (see `lastTextedByNumber`). */
  lastTexted: string | null | undefined
}

/**
 * The connection of each matching rule, rules taken in the order given (priority, then age): an
 * office rule matches the sender's office, a country rule the destination's country, a sticky
 * rule the connection the number last texted us on (when it has texted us on one).
 */
export function ruleTargets(rules: readonly MatchableRule[], facts: RouteFacts): string[] {
  const targets: string[] = []
  for (const rule of rules) {
    if (rule.kind === 'office' && facts.office && rule.match === facts.office)
      targets.push(rule.connection_id)
    if (rule.kind === 'country' && facts.country && rule.match === facts.country)
      targets.push(rule.connection_id)
    if (rule.kind === 'sticky' && facts.lastTexted) targets.push(facts.lastTexted)
  }
  return targets
}

/** Whether any rule needs the destination's country, or its last inbound text. */
export function rulesNeed(rules: readonly MatchableRule[]): { country: boolean; lastTexted: boolean } {
  return {
    country: rules.some((r) => r.kind === 'country'),
    lastTexted: rules.some((r) => r.kind === 'sticky'),
  }
}

export interface InboundText {
  id: string
  from_number: string
  connection_id: string | null
  created_at: string
}

/**
 * For each number, the connection of the latest of its texts: latest by time, then by id (ids are
 * time-ordered), so two texts of the same instant always pick the same one. A latest text with no
 * connection (since deleted) counts as none.
 */
export function lastTextedByNumber(texts: readonly InboundText[]): Map<string, string | null> {
  const latest = new Map<string, InboundText>()
  for (const text of texts) {
    const seen = latest.get(text.from_number)
    if (
      !seen ||
      seen.created_at < text.created_at ||
      (seen.created_at === text.created_at && seen.id < text.id)
    )
      latest.set(text.from_number, text)
  }
  return new Map([...latest].map(([phone, text]) => [phone, text.connection_id]))
}
