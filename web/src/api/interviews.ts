import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  CreateInterviewBody,
  InterviewDto,
  InterviewSchema,
  InterviewStatus,
} from '../../../common/api/interviews'
import type { JobSchema } from '../../../common/api/jobs'
import { api, type PageOf } from './client'
import { useInvalidateMessaging } from './messages'

export type Interview = InterviewDto
export type { InterviewStatus }

export type InterviewInput = CreateInterviewBody

export const interviewKeys = {
  all: ['interviews'] as const,
  person: (personId: string) => ['interviews', 'person', personId] as const,
}

export function usePersonInterviews(personId: string) {
  return useQuery({
    queryKey: interviewKeys.person(personId),
    queryFn: ({ signal }) =>
      api<PageOf<typeof InterviewSchema>>('/api/v1/interviews', {
        query: { personId, limit: 20 },
        signal,
      }),
  })
}

export function useInviteToInterview() {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateMessaging()
  return useMutation({
    mutationFn: (input: InterviewInput) =>
      api<Interview>('/api/v1/interviews', { method: 'POST', body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: interviewKeys.all })
      invalidate()
    },
  })
}

export function useCancelInterview() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      api<Interview>(`/api/v1/interviews/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: interviewKeys.all }),
  })
}

export type Job = Static<typeof JobSchema>

export function useJobs() {
  return useQuery({
    queryKey: ['jobs'],
    queryFn: ({ signal }) => api<PageOf<typeof JobSchema>>('/api/v1/jobs', { query: { limit: 100 }, signal }),
    staleTime: 5 * 60_000,
  })
}
