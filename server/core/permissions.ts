import { PERMISSIONS, type Permission } from '../../common/permissions'
import { ROLES, type Role } from '../../common/roles'

/**
 * The permissions each role grants by default; the roles and the permissions themselves are
 * common/roles.ts and common/permissions.ts.
 */
export { PERMISSIONS, type Permission, ROLES, type Role }

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
