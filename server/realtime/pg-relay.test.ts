import { describe, expect, it } from 'vitest'
import { EventBus } from '../events'
import { DIALECTS } from '../test/setup'
import { createTestDatabase } from '../test/test-databases'
import { startPgEventRelay } from './pg-relay'

describe.runIf(DIALECTS.includes('postgres'))('event relay between instances (PostgreSQL)', () => {
  it('delivers an event emitted on one instance to the others, once', async () => {
    const database = await createTestDatabase('postgres')
    const a = new EventBus()
    const b = new EventBus()
    const relayA = await startPgEventRelay(database.pool!, a)
    const relayB = await startPgEventRelay(database.pool!, b)
    try {
      const onA: string[] = []
      const onB: string[] = []
      a.on('conversation.updated', (e) => onA.push(e.conversationId))
      const arrived = new Promise<void>((resolve) =>
        b.on('conversation.updated', (e) => {
          onB.push(e.conversationId)
          resolve()
        }),
      )
      a.emit('conversation.updated', { orgId: 'o1', conversationId: 'c1' })
      await arrived
      await new Promise((r) => setTimeout(r, 100))
      expect(onA).toEqual(['c1'])
      expect(onB).toEqual(['c1'])
    } finally {
      await relayA.stop()
      await relayB.stop()
      await database.destroy()
    }
  })
})
