import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  BulkSendBody,
  BulkSendReply,
  CampaignDto,
  CampaignPreview,
  CampaignSchema,
  CampaignSource,
  CampaignStatus,
  CreateCampaignBody,
  LaunchCampaignBody,
  ResendReplySchema,
  SkippedRecipient,
  SkipReason,
} from '../../../common/api/campaigns'
import { api, type PageOf } from './client'
import { type MessagePage, useInvalidateMessaging } from './messages'

export type Campaign = CampaignDto
export type { CampaignPreview, CampaignSource, CampaignStatus, SkippedRecipient, SkipReason }
export type ResendReply = Static<typeof ResendReplySchema>

/** What the new-mailshot form sends: the source, then a template or a body. */
export type CampaignDraft = CreateCampaignBody
export type { BulkSendBody, BulkSendReply }

/** One text to several people, groups and numbers: one server-side bulk send (a mailshot). */
export function sendBulk(input: BulkSendBody): Promise<BulkSendReply> {
  return api<BulkSendReply>('/api/v1/messages/bulk', { method: 'POST', body: input })
}

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: ['campaigns', 'list'] as const,
  detail: (id: string) => ['campaigns', 'detail', id] as const,
  preview: (id: string) => ['campaigns', 'preview', id] as const,
  messages: (id: string, view: 'failed' | 'did_not_trigger') => ['campaigns', 'messages', id, view] as const,
}

/** Still moving: the figures can change without anything done on this screen. */
export function isLive(status: CampaignStatus): boolean {
  return status === 'running' || status === 'scheduled'
}

export function useCampaigns() {
  return useInfiniteQuery({
    queryKey: campaignKeys.list,
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<typeof CampaignSchema>>('/api/v1/campaigns', {
        query: { cursor: pageParam, limit: 50 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKeys.detail(id),
    queryFn: ({ signal }) => api<Campaign>(`/api/v1/campaigns/${encodeURIComponent(id)}`, { signal }),
    // the event stream refreshes it; the interval only covers a stream that is down
    refetchInterval: (query) => (query.state.data && isLive(query.state.data.status) ? 15_000 : false),
  })
}

/** The mailshot's failed texts or its skipped recipients (did not trigger), with their reasons. */
export function useCampaignMessages(id: string, view: 'failed' | 'did_not_trigger', enabled: boolean) {
  return useQuery({
    queryKey: campaignKeys.messages(id, view),
    queryFn: ({ signal }) =>
      api<MessagePage>('/api/v1/messages', { query: { campaignId: id, view, limit: 100 }, signal }),
    enabled,
    placeholderData: keepPreviousData,
  })
}

/**
 * MAX_INLINE_CSV_CHARS of common/api/campaigns.ts; importing the value would pull the schema library
 * into the bundle.
 */
const MAX_INLINE_CSV_CHARS = 900_000

/** A CSV too large for a JSON body goes up separately once the draft exists. */
export function isLargeCsv(source: CampaignSource): boolean {
  return source.type === 'csv' && (source.csv?.length ?? 0) > MAX_INLINE_CSV_CHARS
}

export function previewDraft(draft: CampaignDraft, signal?: AbortSignal): Promise<CampaignPreview> {
  return api<CampaignPreview>('/api/v1/campaigns/preview', { method: 'POST', body: draft, signal })
}

export function previewSaved(id: string, signal?: AbortSignal): Promise<CampaignPreview> {
  return api<CampaignPreview>(`/api/v1/campaigns/${encodeURIComponent(id)}/preview`, {
    method: 'POST',
    signal,
  })
}

export function useSavedPreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: campaignKeys.preview(id),
    queryFn: ({ signal }) => previewSaved(id, signal),
    enabled,
    staleTime: 0,
  })
}

/** Saves the draft (creating it the first time), uploading a large CSV on its own. */
export async function saveDraft(draft: CampaignDraft, existingId: string | null): Promise<Campaign> {
  const large = isLargeCsv(draft.source)
  const csv = draft.source.type === 'csv' ? (draft.source.csv ?? '') : ''
  const body = large ? { ...draft, source: { type: 'csv' as const } } : draft
  const saved = existingId
    ? await api<Campaign>(`/api/v1/campaigns/${encodeURIComponent(existingId)}`, { method: 'PATCH', body })
    : await api<Campaign>('/api/v1/campaigns', { method: 'POST', body })
  if (!large) return saved
  return api<Campaign>(`/api/v1/campaigns/${encodeURIComponent(saved.id)}/csv`, {
    method: 'PUT',
    raw: { contentType: 'text/csv', data: csv },
  })
}

export function launchCampaign(id: string, expectedCredits: number): Promise<Campaign> {
  return api<Campaign>(`/api/v1/campaigns/${encodeURIComponent(id)}/launch`, {
    method: 'POST',
    body: { expectedCredits } satisfies Static<typeof LaunchCampaignBody>,
  })
}

function useInvalidateCampaigns() {
  const queryClient = useQueryClient()
  const invalidateMessaging = useInvalidateMessaging()
  return (campaign?: Campaign) => {
    if (campaign) queryClient.setQueryData(campaignKeys.detail(campaign.id), campaign)
    void queryClient.invalidateQueries({ queryKey: campaignKeys.all })
    invalidateMessaging()
  }
}

export function useLaunchCampaign() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: (input: { id: string; expectedCredits: number }) =>
      launchCampaign(input.id, input.expectedCredits),
    onSuccess: invalidate,
  })
}

export type CampaignAction = 'pause' | 'resume' | 'cancel'

export function useCampaignAction() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: (input: { id: string; action: CampaignAction }) =>
      api<Campaign>(`/api/v1/campaigns/${encodeURIComponent(input.id)}/${input.action}`, { method: 'POST' }),
    onSuccess: invalidate,
  })
}

export function useResendFailed() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: (id: string) =>
      api<ResendReply>(`/api/v1/campaigns/${encodeURIComponent(id)}/resend-failed`, { method: 'POST' }),
    onSuccess: () => invalidate(),
  })
}

export function useDeleteCampaign() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/api/v1/campaigns/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => invalidate(),
  })
}
