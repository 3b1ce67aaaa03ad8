import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Static } from 'typebox'
import type {
  LoginBody,
  LoginReply,
  MeReply,
  OrganizationSchema,
  SessionReply,
  UpdateMeBody,
  UserSchema,
} from '../../../common/api/account'
import { PERMISSIONS, type Permission } from '../../../common/permissions'
import { ROLES, type Role } from '../../../common/roles'
import { api, setCsrfToken } from './client'

export { PERMISSIONS, type Permission, ROLES, type Role }

export type User = Static<typeof UserSchema>
export type Organization = Static<typeof OrganizationSchema>
export type OrgSettings = Organization['settings']

export type Me = Static<typeof MeReply>

export const meKey = ['me'] as const

async function fetchMe(): Promise<Me | null> {
  const { me } = await api<Static<typeof SessionReply>>('/api/v1/auth/session')
  if (me) setCsrfToken(me.csrfToken)
  return me
}

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false })
}

/** Changes the signed-in user's own account (`emailReplies`). */
export function useUpdateMe() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (changes: Static<typeof UpdateMeBody>) =>
      api<Me>('/api/v1/me', { method: 'PATCH', body: changes }),
    onSuccess: (me) => queryClient.setQueryData(meKey, me),
  })
}

export function can(me: Me | null | undefined, permission: Permission): boolean {
  return me?.user.permissions.includes(permission) ?? false
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: Static<typeof LoginBody>) => {
      const session = await api<Static<typeof LoginReply>>('/api/v1/auth/login', {
        method: 'POST',
        body: input,
      })
      setCsrfToken(session.csrfToken)
      return session
    },
    onSuccess: async () => {
      // nothing cached for a previous user may show to this one
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] })
      await queryClient.refetchQueries({ queryKey: meKey })
    },
  })
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api<void>('/api/v1/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null)
      queryClient.setQueryData(meKey, null)
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] })
    },
  })
}
