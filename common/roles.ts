/**
 * The roles a user can have, for the server and the web app. Each grants a default set of
 * permissions (server/core/permissions.ts). Plain data: no imports.
 */
export const ROLES = ['admin', 'manager', 'recruiter'] as const
export type Role = (typeof ROLES)[number]
