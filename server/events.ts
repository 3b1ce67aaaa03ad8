import { EventEmitter } from 'node:events'
import type { StreamedEventName, StreamedEvents } from '../common/api/events'

/**
 * Typed domain events. Services emit after their transaction commits; the realtime stream,
 * notifications and the dispatcher's wake-up listen. Names are `noun.past_tense`.
 * With PostgreSQL a relay (realtime/pg-relay.ts) carries them to every other instance.
 * Each is what the browser's stream receives (common/api/events.ts) plus whom it is for.
 */
export type DomainEvents = {
  [K in StreamedEventName]: StreamedEvents[K] & { orgId: string } & (K extends 'notification.created'
      ? { userId: string }
      : unknown)
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
