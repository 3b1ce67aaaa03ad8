import { keepPreviousData, useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type { CompanySchema } from '../../../common/api/companies'
import type { GroupSchema } from '../../../common/api/groups'
import type { PeopleFilter, PersonSchema } from '../../../common/api/people'
import { api, type PageOf } from './client'

export type Person = Static<typeof PersonSchema>
export type Group = Static<typeof GroupSchema>
export type Company = Static<typeof CompanySchema>
export type { PeopleFilter }

export const peopleKeys = {
  list: (filter: PeopleFilter) => ['people', 'list', filter] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
  groups: (q: string) => ['groups', q] as const,
  companies: ['companies'] as const,
}

export function listPeople(filter: PeopleFilter, cursor?: string, limit = 50, signal?: AbortSignal) {
  return api<PageOf<typeof PersonSchema>>('/api/v1/people', { query: { ...filter, cursor, limit }, signal })
}

export function usePeople(filter: PeopleFilter) {
  return useInfiniteQuery({
    queryKey: peopleKeys.list(filter),
    queryFn: ({ pageParam, signal }) => listPeople(filter, pageParam, 50, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}

/** A short list for pickers: the first few matches of what was typed. */
export function usePeopleSearch(q: string, enabled = true) {
  return useQuery({
    queryKey: ['people', 'search', q],
    queryFn: ({ signal }) => listPeople({ q }, undefined, 8, signal),
    enabled: enabled && q.trim().length > 0,
    placeholderData: keepPreviousData,
  })
}

export function fetchPerson(id: string, signal?: AbortSignal) {
  return api<Person>(`/api/v1/people/${encodeURIComponent(id)}`, { signal })
}

export function usePerson(id: string | null) {
  return useQuery({
    queryKey: peopleKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchPerson(id ?? '', signal),
    enabled: Boolean(id),
  })
}

/**
 * Names for the people behind a list of messages. The message list carries only `personId`, so the
 * names come from the people endpoint, one cached request per person.
 */
export function usePersonNames(ids: readonly (string | null)[]): Map<string, Person> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))]
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: peopleKeys.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchPerson(id, signal),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  })
  const map = new Map<string, Person>()
  results.forEach((result, index) => {
    const id = unique[index]
    if (id && result.data) map.set(id, result.data)
  })
  return map
}

export function useGroups(q = '') {
  return useQuery({
    queryKey: peopleKeys.groups(q),
    queryFn: ({ signal }) =>
      api<PageOf<typeof GroupSchema>>('/api/v1/groups', { query: { q, limit: 50 }, signal }),
    placeholderData: keepPreviousData,
  })
}

/** Every member of a group, page by page (a mailshot needs all of them). */
export async function fetchGroupMembers(groupId: string, max = 1000): Promise<Person[]> {
  const people: Person[] = []
  let cursor: string | undefined
  do {
    const page = await listPeople({ groupId }, cursor, 200)
    people.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor && people.length < max)
  return people
}

export function useCompanies() {
  return useQuery({
    queryKey: peopleKeys.companies,
    queryFn: ({ signal }) =>
      api<PageOf<typeof CompanySchema>>('/api/v1/companies', { query: { limit: 200 }, signal }),
    staleTime: 5 * 60_000,
  })
}

export function displayName(person: Pick<Person, 'firstName' | 'lastName'>): string {
  return `${person.firstName} ${person.lastName}`.trim() || 'Unnamed'
}
