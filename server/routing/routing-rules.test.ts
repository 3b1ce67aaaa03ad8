import { describe, expect, it } from 'vitest'
import { lastTextedByNumber, type MatchableRule, rulesNeed, ruleTargets } from './routing-rules'

const office = (match: string, connection_id: string): MatchableRule => ({
  kind: 'office',
  match,
  connection_id,
})
const country = (match: string, connection_id: string): MatchableRule => ({
  kind: 'country',
  match,
  connection_id,
})
const sticky = (connection_id: string): MatchableRule => ({ kind: 'sticky', match: null, connection_id })

describe('routing rules', () => {
  const rules = [sticky('never-used'), office('manchester', 'c-office'), country('SE', 'c-sweden')]

  it('lists the connection of every matching rule in the order the rules are given', () => {
    expect(ruleTargets(rules, { office: 'manchester', country: 'SE', lastTexted: 'c-last' })).toEqual([
      'c-last',
      'c-office',
      'c-sweden',
    ])
    expect(
      ruleTargets([...rules].reverse(), { office: 'manchester', country: 'SE', lastTexted: null }),
    ).toEqual(['c-sweden', 'c-office'])
  })

  it('matches an office or country rule only on an equal value, and a sticky rule only when the number texted us', () => {
    expect(ruleTargets(rules, { office: 'leeds', country: 'GB', lastTexted: undefined })).toEqual([])
    expect(ruleTargets(rules, { office: null, country: null, lastTexted: null })).toEqual([])
    // A sticky rule goes out on the connection texted, not on the rule's own.
    expect(ruleTargets([sticky('c-rule')], { office: null, country: null, lastTexted: 'c-last' })).toEqual([
      'c-last',
    ])
    // A rule without a match never matches a sender without an office.
    expect(
      ruleTargets([{ kind: 'office', match: null, connection_id: 'c' }], {
        office: null,
        country: null,
        lastTexted: null,
      }),
    ).toEqual([])
  })

  it('says which facts the rules need', () => {
    expect(rulesNeed(rules)).toEqual({ country: true, lastTexted: true })
    expect(rulesNeed([office('manchester', 'c')])).toEqual({ country: false, lastTexted: false })
  })

  it('takes the connection of the latest text of each number, the larger id on a tie, none when it has none', () => {
    const at = '2026-12-01T10:00:00.000Z'
    const later = '2026-12-01T11:00:00.000Z'
    const last = lastTextedByNumber([
      { id: '01', from_number: '+1', connection_id: 'a', created_at: later },
      { id: '02', from_number: '+1', connection_id: 'b', created_at: at },
      { id: '03', from_number: '+2', connection_id: 'c', created_at: at },
      { id: '05', from_number: '+2', connection_id: 'e', created_at: at },
      { id: '04', from_number: '+2', connection_id: 'd', created_at: at },
      { id: '06', from_number: '+3', connection_id: 'f', created_at: at },
      { id: '07', from_number: '+3', connection_id: null, created_at: later },
    ])
    expect(Object.fromEntries(last)).toEqual({ '+1': 'a', '+2': 'e', '+3': null })
  })
})
