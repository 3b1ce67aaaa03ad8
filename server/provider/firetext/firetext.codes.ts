import { ProviderError, type ProviderErrorCode, type ProviderStatus } from '../provider'

/**
 * FireText's reply codes (`<code>:<credits> <description>`), their delivery-receipt status and error codes,
 * and the status words of its delivery report, in Parley's vocabulary and in words a recruiter understands.
 * Sources: FireText's published code table (copied in its PHP SDK and in GOV.UK Notify), Notify's receipt
 * handling. Codes above 12 are not documented.
 */

interface CodeMeaning {
  code: ProviderErrorCode
  message: string
}

const SEND_CODES: Record<string, CodeMeaning> = {
  '1': {
    code: 'AUTH_FAILED',
    message: 'FireText did not accept the API key; check it in the connection settings',
  },
  '2': { code: 'INVALID_NUMBER', message: 'FireText says the mobile number is not valid' },
  '3': {
    code: 'INVALID_SENDER',
    message:
      'FireText did not accept the sender: use one of your FireText numbers or a name of 3 to 11 letters and digits',
  },
  '4': { code: 'REJECTED', message: 'FireText did not recognise the contact group' },
  '5': {
    code: 'REJECTED',
    message: 'FireText refused the message text (empty, or longer than 612 characters)',
  },
  '6': { code: 'REJECTED', message: 'FireText refused the scheduled send time' },
  '7': {
    code: 'INSUFFICIENT_FUNDS',
    message: 'The FireText account has run out of credit; top it up with FireText',
  },
  '8': {
    code: 'REJECTED',
    message: "FireText refused the delivery receipt address; check Parley's public web address",
  },
  '9': { code: 'REJECTED', message: 'FireText did not recognise the sub-account' },
  '10': { code: 'REJECTED', message: 'FireText refused the repeat settings of the message' },
  '11': { code: 'REJECTED', message: 'FireText refused the repeat end date of the message' },
  '12': {
    code: 'REJECTED',
    message: 'FireText stopped the message because it looks like a loop of automatic replies',
  },
}

/** The ProviderError for a non-zero FireText reply code. */
export function fireTextCodeError(code: string, description: string, httpStatus = 200): ProviderError {
  const known = SEND_CODES[code]
  return new ProviderError({
    code: known?.code ?? 'REJECTED',
    message:
      known?.message ?? `FireText refused the request (code ${code}: ${description || 'no description'})`,
    retryable: false,
    httpStatus,
    providerCode: code,
  })
}

/** Receipt `status`: 0 delivered, 1 undelivered (declined), 2 pending with the network. */
export const RECEIPT_STATUSES: Record<string, ProviderStatus> = {
  '0': 'delivered',
  '1': 'undelivered',
  '2': 'sent',
}

/** Receipt `code`: the network's reason, three digits. 000 means no error was reported. */
const RECEIPT_REASONS: Record<string, string> = {
  '101': 'The number is not in use',
  '102': 'The phone was switched off or out of coverage',
  '103': 'The phone was busy',
  '104': "The phone's message memory is full",
  '201': 'The number is not valid',
  '301': 'The phone cannot receive text messages',
  '302': 'The phone cannot receive text messages right now',
  '401': 'The mobile network rejected the message',
  '900': 'The mobile network could not route the message',
}

export function describeReceiptCode(code: string | undefined, status: ProviderStatus): string | null {
  if (status !== 'undelivered' && status !== 'failed') return null
  if (code && RECEIPT_REASONS[code]) return RECEIPT_REASONS[code]
  return code && code !== '000'
    ? `The mobile network could not deliver the message (FireText code ${code})`
    : 'The mobile network could not deliver the message'
}

/** Status words of `/api/deliveryreport`. */
const REPORT_STATUSES: Record<string, ProviderStatus> = {
  delivered: 'delivered',
  declined: 'undelivered',
  rejected: 'failed',
  buffered: 'sent',
  'pending with network': 'sent',
  unconfirmed: 'sent',
}

export function mapReportStatus(value: string): ProviderStatus {
  return REPORT_STATUSES[value.trim().toLowerCase()] ?? 'sent'
}

export function describeReportStatus(status: ProviderStatus): string | null {
  if (status === 'failed') return 'The mobile network rejected the message'
  if (status === 'undelivered') return 'The mobile network could not deliver the message'
  return null
}
