import { ProviderError, type ProviderErrorCode, type ProviderStatus } from '../provider'

/**
 * Vonage SMS API codes in Parley's terms. Send statuses: `x-errors` of Vonage's OpenAPI (sms.yml).
 * Receipt statuses and `err-code`: Vonage's delivery receipt documentation (0-15 and 99; 9 covers
 * numbers that opted out by replying STOP).
 */

interface SendMeaning {
  code: ProviderErrorCode
  retryable: boolean
  message: string
}

const SEND_STATUSES: Record<string, SendMeaning> = {
  '1': {
    code: 'RATE_LIMITED',
    retryable: true,
    message: 'Vonage is throttling this account; Parley will try again shortly',
  },
  '2': { code: 'REJECTED', retryable: false, message: 'Vonage says a required field is missing' },
  '3': { code: 'REJECTED', retryable: false, message: 'Vonage refused one of the values sent' },
  '4': {
    code: 'AUTH_FAILED',
    retryable: false,
    message: 'Vonage did not accept the API key and secret; check the connection settings',
  },
  '5': {
    code: 'UNAVAILABLE',
    retryable: true,
    message: 'Vonage had an internal error; Parley will try again',
  },
  '6': {
    code: 'INVALID_NUMBER',
    retryable: false,
    message: 'Vonage could not send to this number (for example, its prefix is not recognised)',
  },
  '7': {
    code: 'RECIPIENT_UNSUBSCRIBED',
    retryable: false,
    message: "The number is on Vonage's barred list (for example, the recipient replied STOP)",
  },
  '8': {
    code: 'REJECTED',
    retryable: false,
    message: 'Vonage has suspended this account; contact Vonage support',
  },
  '9': {
    code: 'INSUFFICIENT_FUNDS',
    retryable: false,
    message: 'The Vonage account has run out of credit; top it up with Vonage',
  },
  '10': {
    code: 'RATE_LIMITED',
    retryable: true,
    message: 'Too many connections to Vonage at once; Parley will try again shortly',
  },
  '11': { code: 'REJECTED', retryable: false, message: 'This Vonage account is not enabled for the SMS API' },
  '12': { code: 'REJECTED', retryable: false, message: 'Vonage says the message is too long' },
  '14': { code: 'AUTH_FAILED', retryable: false, message: 'Vonage could not verify the request signature' },
  '15': {
    code: 'INVALID_SENDER',
    retryable: false,
    message: 'Vonage did not accept the sender; in some countries (e.g. the US) it must be a Vonage number',
  },
  '22': { code: 'REJECTED', retryable: false, message: 'Vonage did not recognise the network code' },
  '23': {
    code: 'REJECTED',
    retryable: false,
    message: "Vonage refused the delivery receipt address; check Parley's public web address",
  },
  '29': {
    code: 'REJECTED',
    retryable: false,
    message: 'The Vonage account is in demo mode and may only text numbers on its allowed list',
  },
  '32': {
    code: 'REJECTED',
    retryable: false,
    message: 'Vonage refused a request that was both signed and carried the secret',
  },
  '33': { code: 'INVALID_NUMBER', retryable: false, message: 'The number has been deactivated' },
}

/** When a throttled reply names no wait: Vonage's throughput is counted per second. */
export const THROTTLED_RETRY_MS = 1000

/**
 * Status 1 says how long to wait in its text, in ms: "Throughput Rate Exceeded - please wait [ 250 ] and
 * retry" (read the same way by Vonage's PHP SDK).
 */
function throttleWaitMs(errorText: string | undefined): number {
  const match = /please wait \[\s*(\d+)\s*\]/i.exec(errorText ?? '')
  return match ? Number(match[1]) : THROTTLED_RETRY_MS
}

export function vonageSendError(status: string, errorText: string | undefined): ProviderError {
  const known = SEND_STATUSES[status]
  // Status 3 is "invalid parameters"; when the parameter is the recipient it is an invalid number.
  const badRecipient = status === '3' && /\bto\b|number|msisdn/i.test(errorText ?? '')
  const code = badRecipient ? 'INVALID_NUMBER' : (known?.code ?? 'REJECTED')
  return new ProviderError({
    code,
    retryable: known?.retryable ?? false,
    message: badRecipient
      ? `Vonage says the mobile number is not valid (${errorText})`
      : (known?.message ?? `Vonage refused the message (status ${status}: ${errorText || 'no description'})`),
    httpStatus: 200,
    providerCode: status,
    ...(code === 'RATE_LIMITED' ? { retryAfterMs: throttleWaitMs(errorText) } : {}),
  })
}

const RECEIPT_STATUSES: Record<string, ProviderStatus> = {
  delivered: 'delivered',
  accepted: 'sent',
  buffered: 'sent',
  unknown: 'sent',
  expired: 'undelivered',
  failed: 'undelivered',
  rejected: 'failed',
}

export function mapReceiptStatus(value: string | undefined): ProviderStatus | null {
  return RECEIPT_STATUSES[(value ?? '').toLowerCase()] ?? null
}

const RECEIPT_ERRORS: Record<string, string> = {
  '1': 'The message was not delivered for an unknown reason',
  '2': 'The phone was switched off or out of coverage',
  '3': 'The number is no longer in use',
  '4': 'The recipient has blocked messages on their phone',
  '5': 'The number was moved to another network and could not be reached',
  '6': "The network's spam filter blocked the message",
  '7': 'The phone was busy',
  '8': 'A network error stopped the message',
  '9': 'The recipient has opted out (replied STOP) and cannot receive messages from this number',
  '10': 'The network found the message invalid',
  '11': 'The network has no route to this number',
  '12': 'The number could not be reached',
  '13': 'The recipient is not allowed to receive this kind of message (age restriction)',
  '14': 'The network has blocked this number',
  '15': 'The recipient has run out of pre-paid credit',
  '99': 'The message could not be delivered (general network error)',
}

export function describeReceiptError(errCode: string | undefined, status: ProviderStatus): string | null {
  if (status !== 'undelivered' && status !== 'failed') return null
  if (errCode && RECEIPT_ERRORS[errCode]) return RECEIPT_ERRORS[errCode]
  return errCode && errCode !== '0'
    ? `The message could not be delivered (Vonage error code ${errCode})`
    : 'The message could not be delivered'
}
