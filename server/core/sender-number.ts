/**
 * Which number a user's texts go out from (seed 000, "different reply numbers for different
 * offices"): the user's own reply number, else their office's, each used only when a connection
 * that is enabled owns it; else routing decides. A connection the sender chose wins over both.
 */

const E164 = /^\+[1-9]\d{6,14}$/

/** A reply number as typed: spaces, dashes, dots and brackets are ignored; what is left must be E.164. */
export function readReplyNumber(text: string): { number: string } | { reason: string } {
  const compact = text.replace(/[\s().-]/g, '')
  if (E164.test(compact)) return { number: compact }
  return {
    reason: `must be an E.164 number: "+" then country code and number, e.g. +46701740605; got "${text}"`,
  }
}

/** A connection that has a number, as its sender or as one of its other numbers. */
export interface NumberOwner {
  connectionId: string
  connectionName: string
  enabled: boolean
  isDefault: boolean
  createdAt: string
  via: 'sender' | 'number'
}

function rank(owner: NumberOwner): number {
  return (owner.enabled ? 0 : 4) + (owner.via === 'number' ? 0 : 2) + (owner.isDefault ? 0 : 1)
}

/**
 * The connection a number belongs to. Another number is unique among enabled connections, but two
 * connections may share a sender: an enabled one first, then one holding it as another number, then
 * the default, then the oldest.
 */
export function ownerOf(owners: readonly NumberOwner[]): NumberOwner | undefined {
  return [...owners].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.connectionId.localeCompare(b.connectionId),
  )[0]
}

export type ReplyNumberSource = 'user' | 'office'

/** A reply number set on the user or their office, with the connections that have it. */
export interface SetReplyNumber {
  source: ReplyNumberSource
  number: string
  owners: readonly NumberOwner[]
}

/** A reply number that is set but not used, and why. */
export interface PassedOverNumber {
  source: ReplyNumberSource
  number: string
  reason: 'connection_disabled' | 'not_owned'
  /** The disabled connection that owns it. */
  connectionName: string | null
}

export type SenderNumber =
  /** The sender chose the connection: its sender goes (or the number a reply names on it). */
  | { kind: 'chosen' }
  | {
      kind: 'number'
      source: ReplyNumberSource
      number: string
      connectionId: string
      connectionName: string
      passedOver: PassedOverNumber[]
    }
  /** No reply number applies: routing rules, else the default connection, with its sender. */
  | { kind: 'routing'; passedOver: PassedOverNumber[] }

/**
 * The decision for one sender. `numbers` are the user's own number, then their office's, in that
 * order of preference; one owned by no enabled connection is passed over for the next.
 */
export function decideSenderNumber(input: {
  chosenConnectionId: string | null | undefined
  numbers: readonly SetReplyNumber[]
}): SenderNumber {
  if (input.chosenConnectionId) return { kind: 'chosen' }
  const passedOver: PassedOverNumber[] = []
  for (const set of input.numbers) {
    const owner = ownerOf(set.owners)
    if (owner?.enabled) {
      return {
        kind: 'number',
        source: set.source,
        number: set.number,
        connectionId: owner.connectionId,
        connectionName: owner.connectionName,
        passedOver,
      }
    }
    passedOver.push({
      source: set.source,
      number: set.number,
      reason: owner ? 'connection_disabled' : 'not_owned',
      connectionName: owner?.connectionName ?? null,
    })
  }
  return { kind: 'routing', passedOver }
}
