import { PERMISSIONS, type Permission } from '../../common/permissions'

/** Roles and the permissions each grants by default; the permissions themselves are common/permissions.ts. */
export { PERMISSIONS, type Permission }

export const ROLES = ['admin', 'manager', 'recruiter'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: ['sms.send', 'sms.send_bulk', 'records.manage', 'reports.view'],
  recruiter: ['sms.send', 'records.manage'],
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value)
}

export function hasPermission(granted: readonly string[], permission: Permission): boolean {
  return granted.includes(permission)
}
