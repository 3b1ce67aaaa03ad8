/**
 * Create-or-change by external id, for records written outside one transaction (companies, jobs,
 * placements): find the record; change it, or create it. When two callers create the same new id at
 * once, the unique index refuses the second insert, and that caller changes the record the first made.
 */
export async function upsertByExternalId<T>(steps: {
  find: () => Promise<{ id: string } | undefined>
  create: () => Promise<T>
  change: (id: string) => Promise<T>
  /** Whether an error is the unique index on the external id refusing a second record. */
  isTaken: (error: unknown) => boolean
}): Promise<{ record: T; created: boolean }> {
  const found = await steps.find()
  if (found) return { record: await steps.change(found.id), created: false }
  try {
    return { record: await steps.create(), created: true }
  } catch (error) {
    if (!steps.isTaken(error)) throw error
    const made = await steps.find()
    if (!made) throw error
    return { record: await steps.change(made.id), created: false }
  }
}
