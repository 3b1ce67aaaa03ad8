/**
 * Twilio's vocabularies mapped onto Parley's: message statuses (enum message_enum_status), the error codes
 * that explain failed/undelivered messages, and the synchronous error codes of a create request.
 * Codes marked "third-party" in providers.md §1.8 are included because their meaning is not in doubt.
 */
import { ProviderError, type ProviderErrorCode, type ProviderStatus } from '../provider'

const STATUS_MAP: Record<string, ProviderStatus> = {
  // Messaging Service states before Twilio queues it for a sender.
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  // "sending" is still inside Twilio, handing over to the carrier.
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  // RCS/WhatsApp read receipts come after delivery.
  read: 'delivered',
  undelivered: 'undelivered',
  // Deprecated; some segments did not arrive, which for the reader is a broken message.
  partially_delivered: 'undelivered',
  failed: 'failed',
  // A scheduled message (Messaging Service) called off before its time.
  canceled: 'cancelled',
}

/** Parley's status for a Twilio status, or null for inbound (`receiving`/`received`) and unknown ones. */
export function toParleyStatus(twilioStatus: string): ProviderStatus | null {
  return Object.hasOwn(STATUS_MAP, twilioStatus) ? STATUS_MAP[twilioStatus]! : null
}

const ERROR_REASONS: Record<string, string> = {
  '20003': 'Twilio refused the Account SID or auth token',
  '20429': 'Twilio asked us to slow down (too many requests at once)',
  '21211': 'The number is not a valid phone number',
  '21212': 'The sender number is not a valid phone number',
  '21408': 'Texting this country is not enabled on the Twilio account',
  '21603': 'No sender number is set for this connection',
  '21604': 'The recipient number is missing',
  '21606': 'The sender number cannot send text messages',
  '21608': 'Twilio trial accounts can only text numbers verified in the Twilio console',
  '21610':
    'The candidate replied STOP to this number and has unsubscribed; they must text START to opt back in',
  '21612': 'Twilio cannot reach this number from this sender',
  '21614': 'The number is not a mobile number (probably a landline)',
  '21617': 'The message is longer than 1,600 characters',
  '21635': 'The number is a landline, which Twilio does not text in this country',
  '30001': "The message waited too long in Twilio's queue for this sender and expired",
  '30002': 'The Twilio account is suspended',
  '30003': 'The phone is switched off or out of signal',
  '30004': "The message was blocked by the recipient's phone or carrier",
  '30005': 'The number does not exist or is no longer in service',
  '30006': 'The number is a landline or its network cannot receive texts',
  '30007': "The recipient's carrier filtered the message as spam",
  '30008': "The recipient's carrier could not deliver it, for a reason it did not give",
  '30009': 'Part of a multi-part message went missing on the way',
  '30409': 'Twilio has already sent this scheduled message, so it can no longer be cancelled',
  '35111': 'Twilio was asked to schedule the message without a send time',
  '35115': 'Twilio only holds messages scheduled between 5 minutes and 35 days ahead',
}

/** Words a recruiter can act on for a Twilio error code; falls back to Twilio's own message. */
export function describeTwilioError(
  code: string | null | undefined,
  fallback?: string | null,
): string | null {
  if (!code) return fallback ?? null
  return (
    ERROR_REASONS[code] ?? fallback ?? `Twilio error ${code} (https://www.twilio.com/docs/errors/${code})`
  )
}

const CODE_CLASSES: Record<string, ProviderErrorCode> = {
  '20003': 'AUTH_FAILED',
  '20429': 'RATE_LIMITED',
  '21211': 'INVALID_NUMBER',
  '21604': 'INVALID_NUMBER',
  '21612': 'INVALID_NUMBER',
  '21614': 'INVALID_NUMBER',
  '21635': 'INVALID_NUMBER',
  '21610': 'RECIPIENT_UNSUBSCRIBED',
  '21212': 'INVALID_SENDER',
  '21603': 'INVALID_SENDER',
  '21606': 'INVALID_SENDER',
}

export interface TwilioErrorBody {
  code?: number | null
  message?: string | null
  more_info?: string | null
  status?: number | null
}

/** Classifies a non-2xx answer from Twilio. */
export function classifyTwilioError(
  httpStatus: number,
  body: TwilioErrorBody | null,
  retryAfterMs: number | undefined,
  action: string,
): ProviderError {
  const providerCode = typeof body?.code === 'number' ? String(body.code) : undefined
  const twilioMessage = typeof body?.message === 'string' ? body.message : null
  const reason = describeTwilioError(providerCode, twilioMessage) ?? `HTTP ${httpStatus}`
  const detail = twilioMessage && twilioMessage !== reason ? ` (Twilio: ${twilioMessage})` : ''
  const byCode = providerCode ? CODE_CLASSES[providerCode] : undefined
  const code: ProviderErrorCode =
    byCode ??
    (httpStatus === 401 || httpStatus === 403
      ? 'AUTH_FAILED'
      : httpStatus === 429
        ? 'RATE_LIMITED'
        : httpStatus >= 500
          ? 'UNAVAILABLE'
          : 'REJECTED')
  const retryable = code === 'RATE_LIMITED' || code === 'UNAVAILABLE'
  return new ProviderError({
    code,
    retryable,
    message: `Twilio ${action} failed with HTTP ${httpStatus}${providerCode ? ` code ${providerCode}` : ''}: ${reason}${detail}`,
    httpStatus,
    ...(providerCode ? { providerCode } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  })
}
