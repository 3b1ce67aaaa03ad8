import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { MessageSchema } from '../../../common/api/messaging'
import type {
  CheckTemplateReply,
  CreateTemplateBody,
  RenderTemplateReply,
  SendTemplateDocumentBody,
  TemplateCategory,
  TemplateDto,
  TemplateList,
} from '../../../common/api/templates'
import { api } from './client'

export type Template = TemplateDto
export type { TemplateCategory }
export type TemplateCheck = Static<typeof CheckTemplateReply>
export type TemplateRender = Static<typeof RenderTemplateReply>
export type TemplateProblem = TemplateCheck['problems'][number]

/** TEMPLATE_CATEGORIES of common/api/templates.ts, with the words shown for them. */
export const CATEGORY_LABELS: Record<TemplateCategory, string> = {
  general: 'General',
  interview_invitation: 'Interview invitation',
  offer: 'Offer',
  reminder: 'Reminder',
  marketing: 'Marketing',
  rejection: 'Rejection',
}
export const CATEGORIES = Object.keys(CATEGORY_LABELS) as TemplateCategory[]

export type TemplateInput = Static<typeof CreateTemplateBody>

export const templateKeys = {
  all: ['templates'] as const,
  list: (smsOnly: boolean) => ['templates', 'list', smsOnly] as const,
  check: (body: string) => ['templates', 'check', body] as const,
  render: (id: string, personId: string) => ['templates', 'render', id, personId] as const,
}

export function useTemplates(options: { smsOnly?: boolean } = {}) {
  const smsOnly = options.smsOnly ?? false
  return useQuery({
    queryKey: templateKeys.list(smsOnly),
    queryFn: ({ signal }) =>
      api<Static<typeof TemplateList>>('/api/v1/templates', {
        query: { smsOnly: smsOnly || undefined },
        signal,
      }),
    staleTime: 60_000,
  })
}

/** Syntax and field names of a text being written, with the line and column of each problem. */
export function useTemplateCheck(body: string) {
  return useQuery({
    queryKey: templateKeys.check(body),
    queryFn: ({ signal }) =>
      api<TemplateCheck>('/api/v1/templates/check', { method: 'POST', body: { body }, signal }),
    enabled: body.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  })
}

export function renderTemplate(id: string, personId: string, signal?: AbortSignal): Promise<TemplateRender> {
  return api<TemplateRender>(`/api/v1/templates/${encodeURIComponent(id)}/render`, {
    method: 'POST',
    body: { personId },
    signal,
  })
}

/** The template filled in for one person: the text, its cost and the fields left empty. */
export function useTemplateRender(id: string | null, personId: string | null) {
  return useQuery({
    queryKey: templateKeys.render(id ?? '', personId ?? ''),
    queryFn: ({ signal }) => renderTemplate(id ?? '', personId ?? '', signal),
    enabled: Boolean(id && personId),
    retry: false,
  })
}

/** One person texted a template with a document part: their own PDF, its link the last line. */
export function sendTemplateDocument(
  id: string,
  input: Static<typeof SendTemplateDocumentBody>,
): Promise<Static<typeof MessageSchema>> {
  return api(`/api/v1/templates/${encodeURIComponent(id)}/messages`, { method: 'POST', body: input })
}

export function useSaveTemplate() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...input }: TemplateInput & { id: string | null }) =>
      id
        ? api<Template>(`/api/v1/templates/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
        : api<Template>('/api/v1/templates', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  })
}

export function useDeleteTemplate() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/api/v1/templates/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  })
}

/** Where a problem is, in words: "line 2, column 14". */
export function problemPosition(problem: TemplateProblem): string {
  if (problem.line === null) return ''
  return problem.column === null ? `line ${problem.line}` : `line ${problem.line}, column ${problem.column}`
}

/** The problems of a TEMPLATE_INVALID refusal (`details.problems`), when the answer carries them. */
export function problemsOf(details: Record<string, unknown> | undefined): TemplateProblem[] {
  const list = details?.problems
  if (!Array.isArray(list)) return []
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return []
    const { message, line, column } = item as Record<string, unknown>
    if (typeof message !== 'string') return []
    return [
      {
        message,
        line: typeof line === 'number' ? line : null,
        column: typeof column === 'number' ? column : null,
      },
    ]
  })
}
