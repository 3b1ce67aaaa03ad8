import { Value } from 'typebox/value'
import { bulkSmsDefinition } from './bulksms/bulksms.provider'
import { fireTextDefinition } from './firetext/firetext.provider'
import type { ProviderDefinition, ProviderId } from './provider'
import { simulatorDefinition } from './simulator/simulator.provider'
import { twilioDefinition } from './twilio/twilio.provider'
import { vonageDefinition } from './vonage/vonage.provider'

/**
 * A definition whose config type is erased for the registry. `create` takes settings as stored (unknown)
 * and checks them against `configSchema` before handing them to the adapter's typed `create`, so an
 * adapter can rely on its config type without casting.
 */
export function registerProvider<Config>(
  definition: ProviderDefinition<Config>,
): ProviderDefinition<unknown> {
  return {
    ...definition,
    create(config, context) {
      if (!Value.Check(definition.configSchema, config)) {
        const problems = [...Value.Errors(definition.configSchema, config)]
          .map((e) => `${e.instancePath || '(settings)'} ${e.message}`)
          .join('; ')
        throw new Error(`${definition.displayName} settings are invalid: ${problems}`)
      }
      return definition.create(config as Config, context)
    },
  }
}

/** The one place that names concrete providers. Adding a provider = its folder + one line here. */
export const providerDefinitions: Partial<Record<ProviderId, ProviderDefinition<unknown>>> = {
  simulator: registerProvider(simulatorDefinition),
  twilio: registerProvider(twilioDefinition),
  firetext: registerProvider(fireTextDefinition),
  bulksms: registerProvider(bulkSmsDefinition),
  vonage: registerProvider(vonageDefinition),
}

export function getProviderDefinition(id: string): ProviderDefinition<unknown> | undefined {
  return Object.hasOwn(providerDefinitions, id) ? providerDefinitions[id as ProviderId] : undefined
}
