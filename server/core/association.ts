/**
 * How a user is associated with conversations (seed 001, "Associated Users"). An incoming user is told
 * of replies and sees a conversation's whole history, colleagues' texts and replies included; a user
 * who is outgoing only sees only the texts they sent, and only the conversations they sent one in.
 */
export const ASSOCIATION_TYPES = ['incoming', 'outgoing'] as const
export type AssociationType = (typeof ASSOCIATION_TYPES)[number]

/** What a user may see of conversations and messages: `ownOnly` keeps the texts they sent. */
export interface Viewer {
  orgId: string
  userId: string
  ownOnly: boolean
}

/** A user sees only their own texts when they are outgoing only. */
export function seesOwnTextsOnly(types: readonly AssociationType[]): boolean {
  return !types.includes('incoming')
}
