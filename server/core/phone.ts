import {
  type CountryCode,
  getCountries,
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max'

export interface PhoneParse {
  valid: boolean
  e164: string | null
  /** ISO 3166 alpha-2 country of the number, when known. */
  country: string | null
  /** true/false when the numbering plan says; null when it cannot tell (e.g. US mobile vs fixed). */
  isMobile: boolean | null
  /** libphonenumber's number type (MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, ...) or null. */
  type: string | null
  /** Why the number is not valid, in words a recruiter can act on. */
  reason: string | null
}

const countries = new Set<string>(getCountries())

export function isKnownCountry(code: string): boolean {
  return countries.has(code)
}

const PARSE_REASONS: Record<string, string> = {
  INVALID_COUNTRY: 'has no country code and no default country is set (write it as +44...)',
  NOT_A_NUMBER: 'is not a phone number',
  TOO_SHORT: 'is too short',
  TOO_LONG: 'is too long',
  INVALID_LENGTH: 'has the wrong number of digits',
}

function invalid(reason: string): PhoneParse {
  return { valid: false, e164: null, country: null, isMobile: null, type: null, reason }
}

/** Parses what a person typed ("07700 900123", "+46 70-123 45 67") using `defaultCountry` for local numbers. */
export function parsePhone(input: string, defaultCountry?: string): PhoneParse {
  const text = input.trim()
  if (text === '') return invalid('is empty')
  if (defaultCountry !== undefined && !isSupportedCountry(defaultCountry)) {
    return invalid(`cannot be read: default country "${defaultCountry}" is not a known ISO 3166 code`)
  }
  try {
    const parsed = parsePhoneNumberWithError(text, defaultCountry as CountryCode | undefined)
    if (!parsed.isValid()) {
      const where = parsed.country ?? defaultCountry
      const length = validatePhoneNumberLength(text, defaultCountry as CountryCode | undefined)
      const why = length ? PARSE_REASONS[length] : undefined
      return invalid(`${why ?? 'is not a valid number'}${where ? ` for ${where}` : ''}`)
    }
    const type = parsed.getType() ?? null
    const isMobile =
      type === 'MOBILE' ? true : type === 'FIXED_LINE_OR_MOBILE' || type === null ? null : false
    return { valid: true, e164: parsed.number, country: parsed.country ?? null, isMobile, type, reason: null }
  } catch (error) {
    if (error instanceof ParseError) return invalid(PARSE_REASONS[error.message] ?? 'is not a phone number')
    throw error
  }
}

/** The E.164 form of a valid number, or the reason it is not one (for error messages). */
export function toE164(input: string, defaultCountry: string): { e164: string } | { reason: string } {
  const result = parsePhone(input, defaultCountry)
  return result.valid && result.e164 ? { e164: result.e164 } : { reason: `"${input}" ${result.reason}` }
}
