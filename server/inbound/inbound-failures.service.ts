import type { Static } from 'typebox'
import type { InboundRetryReply } from '../../common/api/messaging'
import { nowIso } from '../clock'
import type { Db } from '../db/database'
import { errors } from '../errors'
import type { Page, PageRequest } from '../pagination'
import type { ServiceDeps } from '../service-deps'
import type { InboundPipeline } from './inbound-pipeline'
import {
  type FailedReceipt,
  findReceipt,
  listFailedReceipts,
  makeFailedReceiptDue,
} from './inbound-receipt.repository'

/**
 * Received texts that could not be put in their conversations (see inbound-pipeline.ts): each stays
 * a receipt with its reason and is tried again with backoff; admins can have one tried again at once.
 */

/** The organization's received texts not stored yet after a failure, newest first. */
export function listInboundFailures(db: Db, orgId: string, page: PageRequest): Promise<Page<FailedReceipt>> {
  return listFailedReceipts(db, orgId, page)
}

/**
 * Tries to store one failed text now: whether it is in its conversation, else how its attempts
 * stand. INBOUND_FAILURE_NOT_FOUND when the organization has no failed receipt with this id.
 */
export async function retryInboundFailure(
  deps: ServiceDeps & { inbound: Pick<InboundPipeline, 'sweep'> },
  orgId: string,
  id: string,
): Promise<Static<typeof InboundRetryReply>> {
  const db = deps.database.db
  if (!(await makeFailedReceiptDue(db, orgId, id, nowIso(deps.clock)))) {
    throw new errors.INBOUND_FAILURE_NOT_FOUND(id)
  }
  // This text only: the worker's sweep takes the others in its own time.
  await deps.inbound.sweep({ only: [id] })
  const left = await findReceipt(db, id)
  if (!left) return { stored: true }
  return {
    stored: false,
    attempts: Number(left.attempts),
    lastError: left.last_error,
    nextAttemptAt: left.next_attempt_at,
  }
}
