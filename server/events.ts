import { EventEmitter } from 'node:events'

/**
 * Typed domain events. Services emit after their transaction commits; the realtime stream,
 * notifications and the dispatcher's wake-up listen. Names are `noun.past_tense`.
 * With PostgreSQL the realtime layer relays them between instances (LISTEN/NOTIFY).
 */
export interface DomainEvents {
  'message.created': { orgId: string; messageId: string; conversationId: string | null; direction: string }
  'message.status_changed': {
    orgId: string
    messageId: string
    conversationId: string | null
    status: string
    error: string | null
  }
  'notification.created': { orgId: string; userId: string; notificationId: string; type: string }
  'conversation.updated': { orgId: string; conversationId: string }
  'campaign.progressed': { orgId: string; campaignId: string }
}

export type EventName = keyof DomainEvents

export class EventBus {
  private readonly emitter = new EventEmitter()
  constructor() {
    this.emitter.setMaxListeners(0)
  }
  emit<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload)
  }
  on<K extends EventName>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener)
    return () => this.emitter.off(name, listener)
  }
}
