import createError from '@fastify/error'

/**
 * Every error the API answers with, one line each: stable code, message (`%s` filled in), HTTP status.
 * The reply keeps Fastify's shape: `{ statusCode, code, error, message }`, plus `details` where an
 * error carries numbers a client needs (CREDITS_INSUFFICIENT). Codes are mirrored in `common/errors.ts`.
 * Never reuse a retired code.
 */
export const errors = {
  // request shape
  REQUEST_INVALID: createError('REQUEST_INVALID', '%s', 400),
  // auth and permissions
  AUTH_REQUIRED: createError('AUTH_REQUIRED', 'Sign in or send an API key (Authorization: Bearer ...)', 401),
  AUTH_INVALID_CREDENTIALS: createError('AUTH_INVALID_CREDENTIALS', 'Email or password is incorrect', 401),
  AUTH_CSRF_INVALID: createError(
    'AUTH_CSRF_INVALID',
    'Missing or wrong X-CSRF-Token header for a cookie-authenticated request',
    403,
  ),
  PERMISSION_DENIED: createError('PERMISSION_DENIED', 'You do not have the "%s" permission', 403),
  RATE_LIMITED: createError('RATE_LIMITED', 'Too many requests; try again in %s', 429),
  // records
  ORGANIZATION_NOT_FOUND: createError('ORGANIZATION_NOT_FOUND', 'Organization %s not found', 404),
  USER_NOT_FOUND: createError('USER_NOT_FOUND', 'User %s not found', 404),
  USER_EMAIL_TAKEN: createError('USER_EMAIL_TAKEN', 'A user with email %s already exists', 409),
  API_KEY_NOT_FOUND: createError('API_KEY_NOT_FOUND', 'API key %s not found', 404),
  OFFICE_NOT_FOUND: createError('OFFICE_NOT_FOUND', 'Office %s not found', 404),
  TEAM_NOT_FOUND: createError('TEAM_NOT_FOUND', 'Team %s not found', 404),
  PHONE_NUMBER_INVALID: createError('PHONE_NUMBER_INVALID', '%s', 422),
  RESOURCE_NOT_FOUND: createError('RESOURCE_NOT_FOUND', '%s not found', 404),
}

export type ErrorCode = keyof typeof errors

/** Error carrying structured numbers for the client, e.g. `{ needed, available }`. */
export interface ErrorWithDetails extends Error {
  details?: Record<string, unknown>
}

export function withDetails<E extends Error>(error: E, details: Record<string, unknown>): E {
  ;(error as ErrorWithDetails).details = details
  return error
}
