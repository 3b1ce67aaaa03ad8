import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { createHttpClient } from './http'
import { getProviderDefinition, providerDefinitions } from './registry'

const http = createHttpClient()
const twilioSettings = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  authToken: '0123456789abcdef0123456789abcdef',
  from: '+447700900000',
}

describe('provider registry', () => {
  it('names every provider once, under its own id', () => {
    for (const [id, definition] of Object.entries(providerDefinitions)) expect(definition?.id).toBe(id)
    expect(getProviderDefinition('twilio')?.displayName).toBe('Twilio')
    expect(getProviderDefinition('nope')).toBeUndefined()
    expect(getProviderDefinition('constructor')).toBeUndefined()
  })

  it('builds an adapter from stored settings after checking them against the schema', () => {
    const twilio = getProviderDefinition('twilio')!
    expect(twilio.create(twilioSettings, { http }).id).toBe('twilio')
    expect(() => twilio.create({ ...twilioSettings, accountSid: 'SK123' }, { http })).toThrow(
      /Twilio settings are invalid: \/accountSid must match pattern/,
    )
  })
})

describe('twilio settings schema', () => {
  const schema = getProviderDefinition('twilio')!.configSchema

  it('keeps the auth token secret', () => {
    expect(getProviderDefinition('twilio')?.secretFields).toEqual(['authToken'])
  })

  it('needs a sender number in E.164 or a Messaging Service', () => {
    const { from: _from, ...withoutSender } = twilioSettings
    expect(Value.Check(schema, twilioSettings)).toBe(true)
    expect(Value.Check(schema, { ...withoutSender, messagingServiceSid: `MG${'a'.repeat(32)}` })).toBe(true)
    expect(Value.Check(schema, withoutSender)).toBe(false)
    expect(Value.Check(schema, { ...twilioSettings, from: '+44 7700 900000' })).toBe(false)
    expect(Value.Check(schema, { ...twilioSettings, from: '07700900000' })).toBe(false)
    expect(Value.Check(schema, { ...twilioSettings, extra: 1 })).toBe(false)
  })
})
