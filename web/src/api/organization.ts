import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  CreateOfficeBody,
  CreateTeamBody,
  CreateUserBody,
  OfficeList,
  OfficeSchema,
  TeamList,
  TeamSchema,
  UpdateOfficeBody,
  UpdateOrganizationBody,
  UpdateTeamBody,
  UpdateUserBody,
  UserList,
} from '../../../common/api/account'
import { api } from './client'
import { meKey, type Organization, type User } from './session'

export type Office = Static<typeof OfficeSchema>
export type Team = Static<typeof TeamSchema>

export const orgKeys = {
  organization: ['organization'] as const,
  offices: ['offices'] as const,
  teams: ['teams'] as const,
  users: ['users'] as const,
}

export function useOffices() {
  return useQuery({
    queryKey: orgKeys.offices,
    queryFn: ({ signal }) => api<Static<typeof OfficeList>>('/api/v1/offices', { signal }),
    staleTime: 5 * 60_000,
  })
}

export function useTeams() {
  return useQuery({
    queryKey: orgKeys.teams,
    queryFn: ({ signal }) => api<Static<typeof TeamList>>('/api/v1/teams', { signal }),
    staleTime: 5 * 60_000,
  })
}

export function useUsers() {
  return useQuery({
    queryKey: orgKeys.users,
    queryFn: ({ signal }) => api<Static<typeof UserList>>('/api/v1/users', { signal }),
    staleTime: 60_000,
  })
}

export function useUpdateOrganization() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Static<typeof UpdateOrganizationBody>) =>
      api<Organization>('/api/v1/organization', { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  })
}

export function useCreateOffice() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Static<typeof CreateOfficeBody>) =>
      api<Office>('/api/v1/offices', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.offices }),
  })
}

export function useCreateTeam() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Static<typeof CreateTeamBody>) =>
      api<Team>('/api/v1/teams', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.teams }),
  })
}

export type UserChanges = Static<typeof UpdateUserBody>

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
    mutationFn: (input: Static<typeof CreateUserBody>) =>
      api<User>('/api/v1/users', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.users }),
  })
}

export function useUpdateOffice() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...input }: Static<typeof UpdateOfficeBody> & { id: string }) =>
      api<Office>(`/api/v1/offices/${encodeURIComponent(id)}`, { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.offices }),
  })
}

export function useUpdateTeam() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, name }: Static<typeof UpdateTeamBody> & { id: string }) =>
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
