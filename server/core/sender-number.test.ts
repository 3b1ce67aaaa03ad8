import { describe, expect, it } from 'vitest'
import { decideSenderNumber, type NumberOwner, ownerOf, readReplyNumber } from './sender-number'

const STOCKHOLM = '+46701740605'
const RITA = '+46701740699'

function owner(connectionId: string, fields: Partial<NumberOwner> = {}): NumberOwner {
  return {
    connectionId,
    connectionName: connectionId,
    enabled: true,
    isDefault: false,
    createdAt: '2026-12-01T00:00:00.000Z',
    via: 'number',
    ...fields,
  }
}

describe('which number a user texts from', () => {
  it("uses the user's own number first, then the office's, each on the connection that owns it", () => {
    const office = { source: 'office' as const, number: STOCKHOLM, owners: [owner('firetext')] }
    const user = { source: 'user' as const, number: RITA, owners: [owner('twilio')] }
    expect(decideSenderNumber({ chosenConnectionId: null, numbers: [user, office] })).toEqual({
      kind: 'number',
      source: 'user',
      number: RITA,
      connectionId: 'twilio',
      connectionName: 'twilio',
      passedOver: [],
    })
    expect(decideSenderNumber({ chosenConnectionId: null, numbers: [office] })).toMatchObject({
      kind: 'number',
      source: 'office',
      number: STOCKHOLM,
      connectionId: 'firetext',
    })
  })

  it('leaves it to routing when no number is set, and to the chosen connection when one is', () => {
    expect(decideSenderNumber({ chosenConnectionId: undefined, numbers: [] })).toEqual({
      kind: 'routing',
      passedOver: [],
    })
    const office = { source: 'office' as const, number: STOCKHOLM, owners: [owner('firetext')] }
    expect(decideSenderNumber({ chosenConnectionId: 'simulator', numbers: [office] })).toEqual({
      kind: 'chosen',
    })
  })

  it('passes over a number whose connection is disabled or that no connection has, saying why', () => {
    const user = {
      source: 'user' as const,
      number: RITA,
      owners: [owner('old-twilio', { enabled: false })],
    }
    const office = { source: 'office' as const, number: STOCKHOLM, owners: [owner('firetext')] }
    const passedUser = {
      source: 'user',
      number: RITA,
      reason: 'connection_disabled',
      connectionName: 'old-twilio',
    }
    expect(decideSenderNumber({ chosenConnectionId: null, numbers: [user, office] })).toMatchObject({
      kind: 'number',
      source: 'office',
      number: STOCKHOLM,
      passedOver: [passedUser],
    })
    const orphan = { source: 'office' as const, number: STOCKHOLM, owners: [] }
    expect(decideSenderNumber({ chosenConnectionId: null, numbers: [user, orphan] })).toEqual({
      kind: 'routing',
      passedOver: [
        passedUser,
        { source: 'office', number: STOCKHOLM, reason: 'not_owned', connectionName: null },
      ],
    })
  })
})

describe('the connection a number belongs to', () => {
  it('prefers an enabled connection, then one holding it as another number, then the default, then the oldest', () => {
    const disabled = owner('a', { enabled: false, via: 'number', isDefault: true })
    const sender = owner('b', { via: 'sender', isDefault: true })
    const extra = owner('c', { via: 'number', createdAt: '2026-12-05T00:00:00.000Z' })
    expect(ownerOf([disabled, sender, extra])?.connectionId).toBe('c')
    expect(ownerOf([disabled, sender])?.connectionId).toBe('b')
    const older = owner('d', { via: 'sender', createdAt: '2026-11-01T00:00:00.000Z' })
    const newer = owner('e', { via: 'sender', createdAt: '2026-12-01T00:00:00.000Z' })
    expect(ownerOf([newer, older])?.connectionId).toBe('d')
    expect(
      ownerOf([newer, { ...older, isDefault: false }, { ...newer, connectionId: 'f', isDefault: true }]),
    ).toMatchObject({ connectionId: 'f' })
    expect(ownerOf([])).toBeUndefined()
  })
})

describe('a reply number as typed', () => {
  it('takes E.164 with spaces or dashes and refuses anything else, saying what to write', () => {
    expect(readReplyNumber('+46 70-174 06 05')).toEqual({ number: STOCKHOLM })
    expect(readReplyNumber('+46701740605')).toEqual({ number: STOCKHOLM })
    for (const bad of ['0701740605', '46701740605', '+0701740605', '+46 70 17', 'Stockholm']) {
      const read = readReplyNumber(bad)
      expect(read, bad).toEqual({ reason: expect.stringContaining('must be an E.164 number') })
    }
  })
})
