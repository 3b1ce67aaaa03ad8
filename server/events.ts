import { EventEmitter } from 'node:events'

/**
 * Typed domain events. Services emit after their transaction commits; the realtime stream,
 * notifications and the dispatcher's wake-up listen. Names are `noun.past_tense`.
 * With PostgreSQL a relay (realtime/pg-relay.ts) carries them to every other instance.
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
  private relay: ((name: EventName, payload: unknown) => void) | null = null
  constructor() {
    this.emitter.setMaxListeners(0)
  }
  emit<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload)
    this.relay?.(name, payload)
  }
  /** An event that happened on another instance: delivered here, not relayed again. */
  receive(name: EventName, payload: unknown): void {
    this.emitter.emit(name, payload)
  }
  /** Sends every local event on to other instances as well. */
  setRelay(relay: ((name: EventName, payload: unknown) => void) | null): void {
    this.relay = relay
  }
  on<K extends EventName>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener)
    return () => this.emitter.off(name, listener)
  }
}
