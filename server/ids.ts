import { v7 } from 'uuid'

/** Time-ordered ids (UUIDv7): sortable, so they double as stable cursor tie-breakers. */
export function newId(): string {
  return v7()
}
