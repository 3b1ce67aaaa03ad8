import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { parseDateTime } from '../core/dates'
import { errors } from '../errors'
import type { ProviderDefinition, SenderKind } from '../provider/provider'
import { getProviderDefinition, providerDefinitions } from '../provider/registry'

/**
 * What each provider's connection settings look like and how a request's settings are checked.
 * Every refusal names the field and says why; no message ever repeats a submitted value, since
 * the value may be a secret.
 */

const E164 = /^\+[1-9]\d{6,14}$/
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/

/** What a provider's connections may send from; an unknown provider, only a number. */
export function senderKindsOf(providerId: string): readonly SenderKind[] {
  return getProviderDefinition(providerId)?.senderKinds ?? ['e164']
}

export function requireProviderDefinition(providerId: string): ProviderDefinition<unknown> {
  const definition = getProviderDefinition(providerId)
  if (!definition) {
    throw new errors.CONNECTION_PROVIDER_UNKNOWN(providerId, Object.keys(providerDefinitions).join(', '))
  }
  return definition
}

interface FieldSchema {
  title?: string
  description?: string
}

function propertiesOf(schema: TSchema): Record<string, FieldSchema> {
  const properties = (schema as { properties?: Record<string, FieldSchema> }).properties
  return properties ?? {}
}

function requiredOf(schema: TSchema): string[] {
  return (schema as { required?: string[] }).required ?? []
}

/** The settings fields of a provider, for forms and GET /api/v1/providers. */
export function describeFields(definition: ProviderDefinition<unknown>) {
  const required = new Set(requiredOf(definition.configSchema))
  return Object.entries(propertiesOf(definition.configSchema)).map(([name, field]) => ({
    name,
    ...(field.title ? { title: field.title } : {}),
    ...(field.description ? { description: field.description } : {}),
    required: required.has(name),
    secret: definition.secretFields.includes(name),
  }))
}

export function describeProviders() {
  return Object.values(providerDefinitions).map((definition) => ({
    id: definition.id,
    displayName: definition.displayName,
    capabilities: definition.capabilities,
    senderKinds: [...definition.senderKinds],
    fields: describeFields(definition),
  }))
}

function label(properties: Record<string, FieldSchema>, name: string): string {
  const title = properties[name]?.title
  return title ? `config.${name} (${title})` : `config.${name}`
}

/**
 * Checks settings against the provider's schema. `baseUrl` is Parley's own key (an API URL override
 * for regional endpoints and test fakes), checked here and kept out of the adapter's schema.
 */
export function checkConfig(
  definition: ProviderDefinition<unknown>,
  config: Record<string, unknown>,
  allowBaseUrl: boolean,
): void {
  const { baseUrl, ...settings } = config
  const problems: string[] = []
  if (baseUrl !== undefined && !allowBaseUrl) {
    // It would point Parley's provider calls (with the credentials) at any server: an operator's choice.
    problems.push(
      'config.baseUrl is accepted only when the server runs with PARLEY_ALLOW_PROVIDER_BASE_URL=true',
    )
  } else if (baseUrl !== undefined && !isHttpUrl(baseUrl)) {
    problems.push('config.baseUrl must be an absolute http(s) URL')
  }
  if (!Value.Check(definition.configSchema, settings)) {
    problems.push(...describeConfigErrors(definition, settings))
  }
  if (problems.length > 0) {
    throw new errors.CONNECTION_CONFIG_INVALID(`${definition.displayName} settings: ${problems.join('; ')}`)
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

function describeConfigErrors(definition: ProviderDefinition<unknown>, settings: unknown): string[] {
  const properties = propertiesOf(definition.configSchema)
  const problems: string[] = []
  const alternatives: string[] = []
  let anyOfFailed = false
  for (const error of Value.Errors(definition.configSchema, settings)) {
    const params = error.params as { requiredProperties?: string[]; additionalProperties?: string[] }
    const field = error.instancePath.replace(/^\//, '').split('/')[0] ?? ''
    if (error.keyword === 'boolean') continue
    if (error.keyword === 'anyOf' && error.instancePath === '') {
      anyOfFailed = true
    } else if (error.keyword === 'required' && /^#\/anyOf\/\d+$/.test(error.schemaPath)) {
      alternatives.push(...(params.requiredProperties ?? []))
    } else if (error.keyword === 'required') {
      for (const name of params.requiredProperties ?? [])
        problems.push(`${label(properties, name)} is required`)
    } else if (error.keyword === 'additionalProperties') {
      const known = Object.keys(properties).join(', ') || 'none'
      for (const name of params.additionalProperties ?? []) {
        problems.push(`config.${name} is not a ${definition.displayName} setting (known settings: ${known})`)
      }
    } else if (field === '') {
      problems.push(`config ${error.message}`)
    } else {
      const hint = properties[field]?.description
      problems.push(`${label(properties, field)} ${error.message}${hint ? ` (${hint})` : ''}`)
    }
  }
  if (anyOfFailed && alternatives.length > 0) {
    problems.push(`give at least one of ${alternatives.map((name) => label(properties, name)).join(' or ')}`)
  } else if (anyOfFailed) {
    problems.push('config does not match any accepted combination of settings')
  }
  return [...new Set(problems)]
}

/** Seed 004: "the format of the phone number cannot contain any spaces". */
export function checkSender(providerId: string, sender: string): void {
  if (E164.test(sender)) return
  const kinds = senderKindsOf(providerId)
  if (kinds.includes('alphanumeric') && ALPHANUMERIC.test(sender)) return
  const compact = sender.replace(/[\s().-]/g, '')
  if (compact !== sender && E164.test(compact)) {
    throw new errors.CONNECTION_SENDER_INVALID(
      `sender must be written without spaces or punctuation: "${compact}", not "${sender}"`,
    )
  }
  const numberRule = 'an E.164 number: "+" then country code and number, e.g. +447700900123'
  const alphaRule = 'a sender id of 1 to 11 letters and digits with at least one letter'
  throw new errors.CONNECTION_SENDER_INVALID(
    kinds.includes('alphanumeric')
      ? `sender must be ${numberRule}, or ${alphaRule}`
      : `sender must be ${numberRule} (${getProviderDefinition(providerId)?.displayName ?? providerId} needs a number to receive replies)`,
  )
}

/** The sender id of texts that take no replies: a name, where the provider can send from one. */
export function checkNoReplySender(providerId: string, sender: string): void {
  if (senderKindsOf(providerId).includes('alphanumeric') && ALPHANUMERIC.test(sender)) return
  const name = getProviderDefinition(providerId)?.displayName ?? providerId
  throw new errors.CONNECTION_SENDER_INVALID(
    senderKindsOf(providerId).includes('alphanumeric')
      ? `noReplySender must be a sender id of 1 to 11 letters and digits with at least one letter, not "${sender}"`
      : `noReplySender is not available for ${name}: it sends every text from a number`,
  )
}

export function checkInboundMode(definition: ProviderDefinition<unknown>, mode: 'webhook' | 'poll'): void {
  if (mode === 'poll' && !definition.capabilities.inboundPolling) {
    throw new errors.CONNECTION_INBOUND_MODE_INVALID(
      `inboundMode "poll" is not available for ${definition.displayName}: it can only deliver replies by webhook`,
    )
  }
}

/** "Date to start synchronising from": a day (taken as UTC midnight) or a date-time with an offset. */
export function normalizePollSince(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value
  const parsed = parseDateTime(value, { dateOnly: 'utc-midnight' })
  if (!parsed.ok) throw new errors.CONNECTION_POLL_SINCE_INVALID(`${parsed.reason}; got "${value}"`)
  return parsed.iso
}

/**
 * Settings after a change: given keys replace stored ones, `null` removes a key, omitted keys
 * (secrets included) keep their stored value.
 */
export function mergeConfig(
  stored: Record<string, unknown>,
  patch: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored }
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key]
    else merged[key] = value
  }
  return merged
}

/**
 * Providers whose settings carry their own `from` number (Twilio) poll and send from it: when the
 * settings leave it out, or it still equals the previous sender, it follows the connection's sender.
 */
export function alignFromWithSender(
  definition: ProviderDefinition<unknown>,
  config: Record<string, unknown>,
  sender: string,
  previousSender?: string,
): Record<string, unknown> {
  if (!('from' in propertiesOf(definition.configSchema)) || !E164.test(sender)) return config
  if (config.from === undefined || (previousSender !== undefined && config.from === previousSender)) {
    return { ...config, from: sender }
  }
  return config
}
