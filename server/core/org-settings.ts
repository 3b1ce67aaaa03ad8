/** Organization options, stored as one JSON document; every key has a default. */
export interface OrgSettings {
  /** ISO 3166 country used to read numbers written without a country code. */
  defaultCountry: string
  /** Days message history is kept; 0 keeps it forever. */
  retentionDays: number
  /** Bulk (marketing) messages move a conversation up the list only when this is on. */
  includeMarketedWhenSorting: boolean
  /** Who besides the associated users is told of a reply: none, team 1, team 2 or both (seed 001). */
  teamNotificationMode: 'none' | 'team1' | 'team2' | 'both'
  /** Whether a message's subject is sent as the first line of the text. */
  sendSubject: boolean
  /** The longest message accepted, in segments. */
  maxSegments: number
  /** Credits charged per segment. */
  creditsPerSegment: number
  /** Minutes between reply polls for connections that poll. */
  pollIntervalMinutes: number
  /** Quiet hours in the recipient's time zone: sends (now or scheduled) wait until they end; see docs/quiet-hours.md. */
  quietHours: { start: string; end: string } | null
  /**
   * The answers to the keywords of core/opt-out-keywords.ts, sent from the number that received the
   * keyword: to an opt-out (STOP...), an opt-in (START...) and HELP. `{{ organization.name }}` is the
   * organization's name; an empty text sends no answer.
   */
  stopReply: string
  startReply: string
  helpReply: string
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  defaultCountry: 'GB',
  retentionDays: 0,
  includeMarketedWhenSorting: false,
  teamNotificationMode: 'none',
  sendSubject: false,
  maxSegments: 10,
  creditsPerSegment: 1,
  pollIntervalMinutes: 10,
  quietHours: null,
  stopReply: 'You will receive no more texts from {{ organization.name }}. Reply START to opt back in.',
  startReply: 'You will receive texts from {{ organization.name }} again. Reply STOP to opt out.',
  helpReply:
    'These texts are from {{ organization.name }} about your applications and placements. Reply STOP to opt out.',
}

export function withDefaultSettings(partial: Partial<OrgSettings> | null | undefined): OrgSettings {
  return { ...DEFAULT_ORG_SETTINGS, ...(partial ?? {}) }
}
