import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from './client'
import { meKey, type Organization, type OrgSettings, type User } from './session'

export interface Office {
  id: string
  name: string
  replyNumber: string | null
  createdAt: string
}

export interface Team {
  id: string
  name: string
  createdAt: string
}

export const orgKeys = {
  organization: ['organization'] as const,
  offices: ['offices'] as const,
  teams: ['teams'] as const,
  users: ['users'] as const,
}

export function useOffices() {
  return useQuery({
    queryKey: orgKeys.offices,
    queryFn: ({ signal }) => api<{ items: Office[] }>('/api/v1/offices', { signal }),
    staleTime: 5 * 60_000,
  })
}

export function useTeams() {
  return useQuery({
    queryKey: orgKeys.teams,
    queryFn: ({ signal }) => api<{ items: Team[] }>('/api/v1/teams', { signal }),
    staleTime: 5 * 60_000,
  })
}

export function useUsers() {
  return useQuery({
    queryKey: orgKeys.users,
    queryFn: ({ signal }) => api<{ items: User[] }>('/api/v1/users', { signal }),
    staleTime: 60_000,
  })
}

export function useUpdateOrganization() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name?: string; settings?: Partial<OrgSettings> }) =>
      api<Organization>('/api/v1/organization', { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  })
}

export function useCreateOffice() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name: string; replyNumber?: string | null }) =>
      api<Office>('/api/v1/offices', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.offices }),
  })
}

export function useCreateTeam() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { name: string }) => api<Team>('/api/v1/teams', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.teams }),
  })
}

export interface UserChanges {
  name?: string
  role?: 'admin' | 'manager' | 'recruiter'
  permissions?: string[]
  officeId?: string | null
  team1Id?: string | null
  team2Id?: string | null
  mobile?: string | null
  timeZone?: string | null
  disabled?: boolean
  password?: string
}

export function useUpdateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...changes }: UserChanges & { id: string }) =>
      api<User>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: orgKeys.users })
      void queryClient.invalidateQueries({ queryKey: meKey })
    },
  })
}

export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (
      input: UserChanges & { email: string; name: string; role: 'admin' | 'manager' | 'recruiter' },
    ) => api<User>('/api/v1/users', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.users }),
  })
}

export function useUpdateOffice() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; name?: string; replyNumber?: string | null }) =>
      api<Office>(`/api/v1/offices/${encodeURIComponent(id)}`, { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.offices }),
  })
}

export function useUpdateTeam() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      api<Team>(`/api/v1/teams/${encodeURIComponent(id)}`, { method: 'PATCH', body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.teams }),
  })
}

/** Removes an office or a team; users who were in it keep working without it. */
export function useRemoveOfficeOrTeam(kind: 'offices' | 'teams') {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/${kind}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: orgKeys[kind] })
      // users who were in it now show none
      void queryClient.invalidateQueries({ queryKey: orgKeys.users })
      void queryClient.invalidateQueries({ queryKey: meKey })
    },
  })
}
