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
  AUTH_ORGANIZATION_REQUIRED: createError(
    'AUTH_ORGANIZATION_REQUIRED',
    'This email and password open accounts in %s organizations; choose one (the organization field)',
    409,
  ),
  OPERATOR_AUTH_REQUIRED: createError(
    'OPERATOR_AUTH_REQUIRED',
    "Send an operator token (Authorization: Bearer pop_...); organizations' API keys and sessions do not open the operator API",
    401,
  ),
  // Idempotency-Key header (server/http/idempotency.plugin.ts)
  IDEMPOTENCY_KEY_INVALID: createError('IDEMPOTENCY_KEY_INVALID', '%s', 400),
  IDEMPOTENCY_KEY_UNSUPPORTED: createError(
    'IDEMPOTENCY_KEY_UNSUPPORTED',
    'Idempotency-Key is not taken on file uploads (multipart/form-data); send the request without it',
    400,
  ),
  IDEMPOTENCY_KEY_REUSED: createError(
    'IDEMPOTENCY_KEY_REUSED',
    'Idempotency-Key %s was used for a different request (%s); use a new key for a new request',
    422,
  ),
  IDEMPOTENCY_KEY_IN_PROGRESS: createError(
    'IDEMPOTENCY_KEY_IN_PROGRESS',
    'A request with Idempotency-Key %s is still being answered; retry in a few seconds',
    409,
  ),
  IDEMPOTENCY_KEY_INTERRUPTED: createError(
    'IDEMPOTENCY_KEY_INTERRUPTED',
    'A request with Idempotency-Key %s was interrupted before its answer was stored, so it may or may not have taken effect; look the result up before sending it again with a new key',
    409,
  ),
  PERMISSION_DENIED: createError('PERMISSION_DENIED', 'You do not have the "%s" permission', 403),
  RATE_LIMITED: createError('RATE_LIMITED', 'Too many requests; try again in %s', 429),
  // records
  ORGANIZATION_NOT_FOUND: createError('ORGANIZATION_NOT_FOUND', 'Organization %s not found', 404),
  USER_NOT_FOUND: createError('USER_NOT_FOUND', 'User %s not found', 404),
  USER_ASSOCIATION_TYPES_EMPTY: createError(
    'USER_ASSOCIATION_TYPES_EMPTY',
    'associationTypes must hold incoming, outgoing or both',
    422,
  ),
  USER_EMAIL_TAKEN: createError(
    'USER_EMAIL_TAKEN',
    'A user with email %s already exists in this organization',
    409,
  ),
  API_KEY_NOT_FOUND: createError('API_KEY_NOT_FOUND', 'API key %s not found', 404),
  OFFICE_NOT_FOUND: createError('OFFICE_NOT_FOUND', 'Office %s not found', 404),
  TEAM_NOT_FOUND: createError('TEAM_NOT_FOUND', 'Team %s not found', 404),
  PHONE_NUMBER_INVALID: createError('PHONE_NUMBER_INVALID', '%s', 422),
  RESOURCE_NOT_FOUND: createError('RESOURCE_NOT_FOUND', '%s not found', 404),
  PERSON_NOT_FOUND: createError('PERSON_NOT_FOUND', 'Person %s not found', 404),
  PERSON_KIND_INVALID: createError('PERSON_KIND_INVALID', '%s', 422),
  EXTERNAL_ID_TAKEN: createError('EXTERNAL_ID_TAKEN', 'Another %s already has external id %s', 409),
  PEOPLE_BULK_INVALID: createError('PEOPLE_BULK_INVALID', '%s', 422),
  COMPANY_NOT_FOUND: createError('COMPANY_NOT_FOUND', 'Company %s not found', 404),
  JOB_NOT_FOUND: createError('JOB_NOT_FOUND', 'Job %s not found', 404),
  JOB_IN_USE: createError('JOB_IN_USE', 'Job %s has %s placement(s); delete them first', 409),
  PLACEMENT_NOT_FOUND: createError('PLACEMENT_NOT_FOUND', 'Placement %s not found', 404),
  GROUP_NOT_FOUND: createError('GROUP_NOT_FOUND', 'Group %s not found', 404),
  GROUP_MEMBER_NOT_FOUND: createError('GROUP_MEMBER_NOT_FOUND', 'Person %s is not a member of group %s', 404),
  TIME_ZONE_INVALID: createError('TIME_ZONE_INVALID', '%s', 422),
  IMPORT_CSV_INVALID: createError('IMPORT_CSV_INVALID', '%s', 422),
  IMPORT_CSV_TOO_LARGE: createError('IMPORT_CSV_TOO_LARGE', 'The CSV file is larger than %s bytes', 413),
  IMPORT_ROWS_INVALID: createError('IMPORT_ROWS_INVALID', '%s', 422),
  // messaging
  CREDITS_INSUFFICIENT: createError(
    'CREDITS_INSUFFICIENT',
    'Not enough credits: this needs %s and the balance is %s. Ask an admin to top up.',
    402,
  ),
  MESSAGE_NOT_FOUND: createError('MESSAGE_NOT_FOUND', 'Message %s not found', 404),
  INBOUND_FAILURE_NOT_FOUND: createError(
    'INBOUND_FAILURE_NOT_FOUND',
    'No received text %s is waiting after a failure (stored since, or never failed)',
    404,
  ),
  MESSAGE_BODY_EMPTY: createError('MESSAGE_BODY_EMPTY', 'The message has no text', 422),
  MESSAGE_TOO_LONG: createError(
    'MESSAGE_TOO_LONG',
    'The message is %s segments; the organization allows at most %s',
    422,
  ),
  MESSAGE_SCHEDULE_INVALID: createError('MESSAGE_SCHEDULE_INVALID', 'sendAt %s', 422),
  QUIET_HOURS_OVERRIDE_REASON_MISSING: createError(
    'QUIET_HOURS_OVERRIDE_REASON_MISSING',
    "quietHoursOverride.reason is empty: say why this text must go inside the recipient's quiet hours",
    422,
  ),
  MESSAGE_NOT_CANCELLABLE: createError(
    'MESSAGE_NOT_CANCELLABLE',
    'Message %s is %s and can no longer be cancelled',
    409,
  ),
  MESSAGE_CANCEL_REFUSED: createError(
    'MESSAGE_CANCEL_REFUSED',
    'The provider holding message %s did not cancel it: %s',
    409,
  ),
  PROVIDER_UNREACHABLE: createError(
    'PROVIDER_UNREACHABLE',
    'Could not reach the provider for message %s (%s); nothing was changed, try again',
    502,
  ),
  MESSAGE_NOT_RESENDABLE: createError(
    'MESSAGE_NOT_RESENDABLE',
    'Message %s is %s; only failed messages can be resent',
    409,
  ),
  MESSAGE_OUTCOME_UNKNOWN: createError(
    'MESSAGE_OUTCOME_UNKNOWN',
    'Message %s has an unknown outcome: it may have reached %s already, and resending it could text them twice. Check with the recipient, then resend it alone with POST /api/v1/messages/%s/resend and {"confirmUnknown": true}',
    409,
  ),
  MESSAGE_DELETED: createError('MESSAGE_DELETED', 'Message %s is deleted; restore it first', 409),
  MESSAGE_ID_CONFLICT: createError(
    'MESSAGE_ID_CONFLICT',
    'A different message with id %s already exists; use a new id for a new message',
    409,
  ),
  RECIPIENT_NO_MOBILE: createError('RECIPIENT_NO_MOBILE', '%s has no mobile number', 422),
  RECIPIENT_NOT_MOBILE: createError(
    'RECIPIENT_NOT_MOBILE',
    '%s is not a mobile number and cannot receive texts',
    422,
  ),
  RECIPIENT_OPTED_OUT: createError('RECIPIENT_OPTED_OUT', '%s has opted out of texts (replied %s)', 422),
  CONVERSATION_NOT_FOUND: createError('CONVERSATION_NOT_FOUND', 'Conversation %s not found', 404),
  CONVERSATION_DELETED: createError(
    'CONVERSATION_DELETED',
    'Conversation %s is deleted; restore it first',
    409,
  ),
  CONNECTION_NOT_FOUND: createError('CONNECTION_NOT_FOUND', 'Connection %s not found', 404),
  CONNECTION_DISABLED: createError('CONNECTION_DISABLED', 'Connection %s is disabled', 409),
  CONNECTION_PROVIDER_UNKNOWN: createError(
    'CONNECTION_PROVIDER_UNKNOWN',
    'Unknown provider "%s"; choose one of %s',
    422,
  ),
  CONNECTION_CONFIG_INVALID: createError('CONNECTION_CONFIG_INVALID', '%s', 422),
  CONNECTION_SENDER_INVALID: createError('CONNECTION_SENDER_INVALID', '%s', 422),
  CONNECTION_INBOUND_MODE_INVALID: createError('CONNECTION_INBOUND_MODE_INVALID', '%s', 422),
  CONNECTION_POLL_SINCE_INVALID: createError('CONNECTION_POLL_SINCE_INVALID', 'pollSince %s', 422),
  CONNECTION_DEFAULT_REQUIRED: createError('CONNECTION_DEFAULT_REQUIRED', '%s', 409),
  CONNECTION_NUMBER_INVALID: createError('CONNECTION_NUMBER_INVALID', '%s', 422),
  CONNECTION_NUMBER_TAKEN: createError('CONNECTION_NUMBER_TAKEN', '%s', 409),
  REPLY_NUMBER_INVALID: createError('REPLY_NUMBER_INVALID', '%s', 422),
  REPLY_NUMBER_NOT_OWNED: createError('REPLY_NUMBER_NOT_OWNED', '%s', 422),
  REPLY_NUMBER_IN_USE: createError('REPLY_NUMBER_IN_USE', '%s', 409),
  // 503: the connection is out of use until an admin acts; a provider retries a webhook answered so.
  CONNECTION_CREDENTIALS_UNREADABLE: createError(
    'CONNECTION_CREDENTIALS_UNREADABLE',
    'The credentials of connection "%s" cannot be decrypted with PARLEY_SECRET_KEY or PARLEY_SECRET_KEY_PREVIOUS: restore the key they were saved with, or enter them again in the connection\'s settings',
    503,
  ),
  NO_CONNECTION: createError(
    'NO_CONNECTION',
    'The organization has no connection to send through; add one in settings',
    409,
  ),
  SIMULATOR_NUMBER_UNKNOWN: createError(
    'SIMULATOR_NUMBER_UNKNOWN',
    'to %s is not a phone simulator number of this organization; its simulator %s %s',
    422,
  ),
  NOTIFICATION_NOT_FOUND: createError('NOTIFICATION_NOT_FOUND', 'Notification %s not found', 404),
  WEBHOOK_NOT_FOUND: createError('WEBHOOK_NOT_FOUND', 'No connection has this webhook URL', 404),
  WEBHOOK_SIGNATURE_INVALID: createError('WEBHOOK_SIGNATURE_INVALID', 'Webhook signature is %s', 403),
  // templates, mailshots, interviews, attachments
  EMAIL_NOT_FOUND: createError('EMAIL_NOT_FOUND', 'E-mail %s not found', 404),
  EMAIL_NOT_FAILED: createError(
    'EMAIL_NOT_FAILED',
    'E-mail %s is %s; only a failed e-mail can be retried',
    409,
  ),
  FORWARDING_RULE_NOT_FOUND: createError('FORWARDING_RULE_NOT_FOUND', 'Forwarding rule %s not found', 404),
  FORWARDING_NUMBER_UNKNOWN: createError('FORWARDING_NUMBER_UNKNOWN', '%s', 422),
  FORWARDING_NUMBER_TAKEN: createError(
    'FORWARDING_NUMBER_TAKEN',
    'A forwarding rule for %s already exists',
    409,
  ),
  FORWARDING_EMAIL_INVALID: createError('FORWARDING_EMAIL_INVALID', '%s', 422),
  FORWARDING_TARGET_REQUIRED: createError('FORWARDING_TARGET_REQUIRED', '%s', 422),
  FORWARD_LOOP: createError('FORWARD_LOOP', '%s', 422),
  TEMPLATE_NOT_FOUND: createError('TEMPLATE_NOT_FOUND', 'Template %s not found', 404),
  TEMPLATE_NAME_TAKEN: createError('TEMPLATE_NAME_TAKEN', 'A template named "%s" already exists', 409),
  TEMPLATE_INVALID: createError('TEMPLATE_INVALID', 'The template cannot be used: %s', 422),
  TEMPLATE_DOCUMENT_INVALID: createError('TEMPLATE_DOCUMENT_INVALID', '%s: %s', 422),
  TEMPLATE_NO_DOCUMENT: createError('TEMPLATE_NO_DOCUMENT', 'Template "%s" has no document part', 404),
  TEMPLATE_DOCUMENT_WITH_ATTACHMENT: createError(
    'TEMPLATE_DOCUMENT_WITH_ATTACHMENT',
    'attachmentId: template "%s" has a document part, so each recipient gets their own PDF; leave the attachment out',
    422,
  ),
  TEMPLATE_NOT_FOR_SMS: createError(
    'TEMPLATE_NOT_FOR_SMS',
    'Template "%s" is a %s template and may not be sent by SMS',
    422,
  ),
  TEMPLATE_FIELDS_MISSING: createError(
    'TEMPLATE_FIELDS_MISSING',
    'The text prints fields that are empty for %s: %s',
    422,
  ),
  TEMPLATE_RENDER_FAILED: createError(
    'TEMPLATE_RENDER_FAILED',
    'The template could not be filled in: %s',
    422,
  ),
  CAMPAIGN_NOT_FOUND: createError('CAMPAIGN_NOT_FOUND', 'Mailshot %s not found', 404),
  CAMPAIGN_STATE_INVALID: createError('CAMPAIGN_STATE_INVALID', 'Mailshot %s is %s; %s', 409),
  CAMPAIGN_NO_RECIPIENTS: createError('CAMPAIGN_NO_RECIPIENTS', 'The mailshot has nobody to text: %s', 422),
  CAMPAIGN_COST_CHANGED: createError(
    'CAMPAIGN_COST_CHANGED',
    'The mailshot now costs %s credits, not the %s previewed; preview it again',
    409,
  ),
  CAMPAIGN_CSV_INVALID: createError('CAMPAIGN_CSV_INVALID', '%s', 422),
  CAMPAIGN_CSV_TOO_LARGE: createError('CAMPAIGN_CSV_TOO_LARGE', 'The CSV file is larger than %s bytes', 413),
  INTERVIEW_NOT_FOUND: createError('INTERVIEW_NOT_FOUND', 'Interview %s not found', 404),
  INTERVIEW_SLOTS_INVALID: createError('INTERVIEW_SLOTS_INVALID', '%s', 422),
  INTERVIEW_LINK_MISSING: createError(
    'INTERVIEW_LINK_MISSING',
    'The invitation must contain {{ interview.link }} so the candidate can answer',
    422,
  ),
  INTERVIEW_NOT_CANCELLABLE: createError('INTERVIEW_NOT_CANCELLABLE', 'Interview %s is already %s', 409),
  ATTACHMENT_NOT_FOUND: createError('ATTACHMENT_NOT_FOUND', 'Attachment %s not found', 404),
  ATTACHMENT_NOT_PDF: createError(
    'ATTACHMENT_NOT_PDF',
    '%s is not a PDF: the file must start with %%PDF-',
    415,
  ),
  ATTACHMENT_TOO_LARGE: createError('ATTACHMENT_TOO_LARGE', 'The attachment is larger than %s bytes', 413),
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
