import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import fastJsonStringify from 'fast-json-stringify'
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify'
import { parseDate, parseDateTime } from '../core/dates'

/**
 * Bodies are validated strictly (no type coercion, unknown fields refused) so `{ "body": 123 }`
 * is an error rather than the text "123". Query strings and params arrive as text, so they coerce.
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
    // Errors carry the value, so a refused date can say why (error-handler.ts).
    verbose: true,
  })
  addFormats(ajv)
  // Dates go through the one parser the services use (core/dates.ts), so a schema never accepts a
  // date a service would read differently.
  ajv.addFormat('date-time', (value: string) => parseDateTime(value).ok)
  ajv.addFormat('date', (value: string) => parseDate(value).ok)
  return ajv
}

const strict = makeAjv(false)
const coercing = makeAjv(true)

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing
  return ajv.compile(schema)
}

const serializers = new WeakMap<object, (data: unknown) => string>()

/**
 * Response serializers, compiled once per schema object and shared by every app built in the
 * process (tests build many), as the validators above share their Ajv instances.
 */
export const serializerCompiler: FastifySerializerCompiler<object> = ({ schema }) => {
  let serialize = serializers.get(schema)
  if (!serialize) {
    serialize = fastJsonStringify(schema)
    serializers.set(schema, serialize)
  }
  return serialize
}
