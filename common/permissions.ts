/**
 * Named rights a user can hold, for the server and the web app. Roles grant a default set
 * (server/core/permissions.ts); an admin can add or remove any. Plain data: no imports.
 */
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
