import { nowIso } from '../clock'
import type { ProviderResolver } from '../connection/provider-resolver'
import type { Viewer } from '../core/association'
import { refundMessage } from '../credit/credit.service'
import { errors } from '../errors'
import { mayHaveBeenSent, ProviderError } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import {
  findMessageIds,
  type Message,
  rowToMessage,
  setMessagesDeletedAt,
  updateMessageIf,
} from './message.repository'
import { requireVisibleMessageRow } from './message.service'
import type { MessageRow } from './message.table'

const CANCELLABLE = ['scheduled', 'queued'] as const

/**
 * Calls off a message a provider holds for later (provider-side scheduling). Nothing changes here
 * when the provider refuses or cannot be reached: the message is still where the provider says.
 */
async function cancelAtProvider(deps: CancelDeps, row: MessageRow, providerMessageId: string): Promise<void> {
  const provider = await deps.providers.forConnection(row.connection_id ?? '')
  if (!provider.scheduling) {
    throw new errors.MESSAGE_CANCEL_REFUSED(row.id, 'its connection no longer offers scheduling')
  }
  try {
    await provider.scheduling.cancel({ providerMessageId, reference: row.id })
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error
    // No usable answer (OUTCOME_UNKNOWN): the cancel may or may not have happened; try again.
    if (error.retryable || mayHaveBeenSent(error))
      throw new errors.PROVIDER_UNREACHABLE(row.id, error.message)
    throw new errors.MESSAGE_CANCEL_REFUSED(row.id, error.message)
  }
}

type CancelDeps = ServiceDeps & { providers: Pick<ProviderResolver, 'forConnection'> }

/**
 * Cancels a message that has not gone yet and refunds its credits. One a provider holds for its
 * time is called off there first; the provider's own "cancelled" report may land before we record
 * it, and then the message is already cancelled (and refunded) once.
 */
export async function cancelMessage(deps: CancelDeps, viewer: Viewer, id: string): Promise<Message> {
  const { orgId } = viewer
  const row = await requireVisibleMessageRow(deps.database.db, viewer, id)
  const heldAtProvider = row.status === 'scheduled' && row.provider_message_id !== null
  if (heldAtProvider) await cancelAtProvider(deps, row, row.provider_message_id ?? '')
  const at = nowIso(deps.clock)
  const cancelled = await deps.database.db.transaction().execute(async (trx) => {
    const ok = await updateMessageIf(trx, id, CANCELLABLE, {
      status: 'cancelled',
      updated_at: at,
      next_attempt_at: null,
    })
    if (ok)
      await refundMessage(trx, deps.clock, {
        orgId,
        amount: row.credits,
        messageId: id,
        note: 'Cancelled before sending',
      })
    return ok
  })
  if (!cancelled) {
    const now = await requireVisibleMessageRow(deps.database.db, viewer, id)
    if (heldAtProvider && now.status === 'cancelled') return rowToMessage(now)
    throw new errors.MESSAGE_NOT_CANCELLABLE(id, now.status)
  }
  deps.events.emit('message.status_changed', {
    orgId,
    messageId: id,
    conversationId: row.conversation_id,
    status: 'cancelled',
    error: null,
  })
  return rowToMessage({ ...row, status: 'cancelled', updated_at: at })
}

/**
 * Soft-deletes (or restores) messages; ids of another organization, or (for an outgoing-only
 * viewer) texts they did not send, are reported as not found and nothing changes.
 */
export async function setMessagesDeleted(
  deps: ServiceDeps,
  viewer: Viewer,
  ids: readonly string[],
  deleted: boolean,
): Promise<{ changed: number }> {
  const db = deps.database.db
  const { orgId } = viewer
  const found = await findMessageIds(db, orgId, ids, viewer.ownOnly ? viewer.userId : undefined)
  const missing = ids.find((id) => !found.has(id))
  if (missing) throw new errors.MESSAGE_NOT_FOUND(missing)
  return { changed: await setMessagesDeletedAt(db, orgId, ids, deleted ? nowIso(deps.clock) : null) }
}
