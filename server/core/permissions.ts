/** Named rights a user can hold. Roles grant a default set; an admin can add or remove any. */
export const PERMISSIONS = [
  'sms.send',
  'sms.send_bulk',
  'records.manage',
  'credits.manage',
  'connections.manage',
  'users.manage',
  'settings.manage',
  'reports.view',
] as const
export type Permission = (typeof PERMISSIONS)[number]

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
