import { isUniqueViolation } from '../db/unique-violation'
import { errors } from '../errors'

/** A PUT by external id may repeat the id in its body, but not name another one. */
export function sameExternalId(inBody: string | null | undefined, inPath: string, collection: string): void {
  if (inBody !== undefined && inBody !== inPath) {
    throw new errors.REQUEST_INVALID(
      `body/externalId "${inBody}" differs from the path's "${inPath}"; change an external id with PATCH /api/v1/${collection}/:id`,
    )
  }
}

/** The unique index on `<table>.external_id` (migrations 0046 and 0047). */
export function externalIdIndexOf(table: 'people' | 'companies' | 'jobs' | 'placements') {
  return { table, column: 'external_id', index: `${table}_external_id` }
}

/** Runs a write, answering EXTERNAL_ID_TAKEN when another record of the kind holds the external id. */
export async function externalIdChecked<T>(
  what: {
    kind: string
    table: 'people' | 'companies' | 'jobs' | 'placements'
    externalId: string | null | undefined
  },
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error, externalIdIndexOf(what.table))) {
      throw new errors.EXTERNAL_ID_TAKEN(what.kind, what.externalId ?? '')
    }
    throw error
  }
}
