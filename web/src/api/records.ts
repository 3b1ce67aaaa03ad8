import { keepPreviousData, useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query'
import type { Static, TObject } from 'typebox'
import type { CompanySchema } from '../../../common/api/companies'
import type { GroupSchema } from '../../../common/api/groups'
import type { JobSchema, JobStatus, RecordPersonSchema } from '../../../common/api/jobs'
import type { PersonSchema } from '../../../common/api/people'
import type { PlacementSchema } from '../../../common/api/placements'
import { api, type PageOf, type Query } from './client'

/** Companies, jobs, placements and groups: the records a recruiter texts the people of (docs/records.md). */

export type Job = Static<typeof JobSchema>
export type { JobStatus }
export type Placement = Static<typeof PlacementSchema>
export type Company = Static<typeof CompanySchema>
export type Group = Static<typeof GroupSchema>
export type RecordPerson = Static<typeof RecordPersonSchema>

export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  open: 'Open',
  on_hold: 'On hold',
  filled: 'Filled',
  closed: 'Closed',
}

export const ROLE_LABELS: Record<RecordPerson['role'], string> = {
  main_contact: 'Main contact',
  line_manager: 'Line manager',
  applicant: 'Applicant',
}

export const recordKeys = {
  list: (kind: string, query: Query) => ['records', kind, 'list', query] as const,
  detail: (kind: string, id: string) => ['records', kind, 'detail', id] as const,
  people: (kind: string, id: string) => ['records', kind, 'people', id] as const,
  members: (id: string) => ['records', 'groups', 'members', id] as const,
}

/** A paged list of one kind of record, with "Load more". */
function usePagedList<Item extends TObject>(kind: string, path: string, query: Query) {
  return useInfiniteQuery({
    queryKey: recordKeys.list(kind, query),
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<Item>>(path, { query: { ...query, cursor: pageParam, limit: 50 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}

export const useJobList = (query: { q?: string; status?: JobStatus; companyId?: string }) =>
  usePagedList<typeof JobSchema>('jobs', '/api/v1/jobs', query)
export const usePlacementList = (query: { q?: string; jobId?: string }) =>
  usePagedList<typeof PlacementSchema>('placements', '/api/v1/placements', query)
export const useCompanyList = (query: { q?: string }) =>
  usePagedList<typeof CompanySchema>('companies', '/api/v1/companies', query)
export const useGroupList = (query: { q?: string }) =>
  usePagedList<typeof GroupSchema>('groups', '/api/v1/groups', query)
/** A company's contacts, or a group's members: people, paged. */
export const usePeopleOf = (query: { companyId?: string; groupId?: string; kind?: 'contact' }) =>
  usePagedList<typeof PersonSchema>('people', '/api/v1/people', query)

const PATHS = {
  jobs: '/api/v1/jobs',
  placements: '/api/v1/placements',
  companies: '/api/v1/companies',
  groups: '/api/v1/groups',
} as const
type Kind = keyof typeof PATHS
interface Records {
  jobs: Job
  placements: Placement
  companies: Company
  groups: Group
}

function fetchRecord<K extends Kind>(kind: K, id: string, signal?: AbortSignal): Promise<Records[K]> {
  return api<Records[K]>(`${PATHS[kind]}/${encodeURIComponent(id)}`, { signal })
}

export function useRecord<K extends Kind>(kind: K, id: string | null) {
  return useQuery({
    queryKey: recordKeys.detail(kind, id ?? ''),
    queryFn: ({ signal }) => fetchRecord(kind, id ?? '', signal),
    enabled: Boolean(id),
    staleTime: 60_000,
  })
}

/** Several records by id, one cached request each (lists name the jobs and people they refer to). */
export function useRecordsById<K extends Kind>(
  kind: K,
  ids: readonly (string | null)[],
): Map<string, Records[K]> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))]
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: recordKeys.detail(kind, id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchRecord(kind, id, signal),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  })
  const map = new Map<string, Records[K]>()
  results.forEach((result, index) => {
    const id = unique[index]
    if (id && result.data) map.set(id, result.data)
  })
  return map
}

/** Everyone a job or placement names, with the part they play. */
export function useRecordPeople(kind: 'jobs' | 'placements', id: string) {
  return useQuery({
    queryKey: recordKeys.people(kind, id),
    queryFn: ({ signal }) =>
      api<{ items: RecordPerson[] }>(`${PATHS[kind]}/${encodeURIComponent(id)}/people`, { signal }),
  })
}
