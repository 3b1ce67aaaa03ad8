import { useMutation } from '@tanstack/react-query'
import { api } from './client'

export function useSimulateInbound() {
  return useMutation({
    mutationFn: (input: { from: string; body: string }) =>
      api<{ messageId: string; conversationId: string | null; duplicate: boolean }>(
        '/api/v1/simulator/inbound',
        {
          method: 'POST',
          body: input,
        },
      ),
  })
}
