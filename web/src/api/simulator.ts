import { useMutation } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { SimulateInboundBody, SimulateInboundReply } from '../../../common/api/simulator'
import { api } from './client'

export function useSimulateInbound() {
  return useMutation({
    mutationFn: (input: Static<typeof SimulateInboundBody>) =>
      api<Static<typeof SimulateInboundReply>>('/api/v1/simulator/inbound', { method: 'POST', body: input }),
  })
}
