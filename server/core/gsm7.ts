/**
 * GSM 03.38 (3GPP TS 23.038) default alphabet, as Unicode. Position = septet value; 0x1B is the
 * escape to the extension table and is never a character of its own.
 */
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'

/** Characters of the extension table: each is sent as ESC + code, so it costs 2 septets. */
const EXTENSION_CHARACTERS = '\f^{}\\[~]|€'

const EURO = 0x20ac
/** Every GSM character except € is below U+03AA (Ω is U+03A9), so a small table covers them. */
const TABLE_SIZE = 0x3aa

/** Septets per UTF-16 code unit: 1 basic, 2 extension, 0 not in GSM-7 (forces UCS-2). */
const SEPTETS = new Uint8Array(TABLE_SIZE)
for (const ch of BASIC_TABLE) if (ch !== '\u001b') SEPTETS[ch.charCodeAt(0)] = 1
for (const ch of EXTENSION_CHARACTERS) {
  const code = ch.charCodeAt(0)
  if (code < TABLE_SIZE) SEPTETS[code] = 2
}

/** Septets a UTF-16 code unit costs in GSM-7: 1, 2 (extension table) or 0 when GSM-7 cannot carry it. */
export function gsmSeptets(code: number): number {
  if (code < TABLE_SIZE) return SEPTETS[code]!
  return code === EURO ? 2 : 0
}

/**
 * True when every character fits the GSM 03.38 alphabet (basic table plus extension): the text can go
 * as GSM-7. Providers that take the encoding as a flag (FireText `unicode`, Vonage `type`) ask this.
 */
export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (gsmSeptets(text.charCodeAt(i)) === 0) return false
  return true
}

export function isGsmCharacter(ch: string): boolean {
  return ch.length === 1 && gsmSeptets(ch.charCodeAt(0)) > 0
}

/**
 * Look-alikes that force UCS-2 and their GSM-7 stand-ins. Only typography (quotes, dashes, spaces,
 * bullets, symbols) is replaced: accented letters outside GSM-7 (ê, ç, ł) are left alone because they
 * are usually part of a person's or a place's name, which must stay right.
 */
export const GSM7_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  // quotes, apostrophes and primes
  ['\u2018', "'"], // left single quotation mark
  ['\u2019', "'"], // right single quotation mark
  ['\u201a', "'"], // single low-9 quotation mark
  ['\u201b', "'"], // single high-reversed-9 quotation mark
  ['\u2032', "'"], // prime
  ['\u2035', "'"], // reversed prime
  ['\u02bc', "'"], // modifier letter apostrophe
  ['\u00b4', "'"], // acute accent
  ['`', "'"], // grave accent: not in GSM-7
  ['\u201c', '"'], // left double quotation mark
  ['\u201d', '"'], // right double quotation mark
  ['\u201e', '"'], // double low-9 quotation mark
  ['\u201f', '"'], // double high-reversed-9 quotation mark
  ['\u2033', '"'], // double prime
  ['\u00ab', '"'], // left-pointing double angle quotation mark
  ['\u00bb', '"'], // right-pointing double angle quotation mark
  ['\u2039', "'"], // single left-pointing angle quotation mark
  ['\u203a', "'"], // single right-pointing angle quotation mark
  // dashes and hyphens
  ['\u2010', '-'], // hyphen
  ['\u2011', '-'], // non-breaking hyphen
  ['\u2012', '-'], // figure dash
  ['\u2013', '-'], // en dash
  ['\u2014', '-'], // em dash
  ['\u2015', '-'], // horizontal bar
  ['\u2212', '-'], // minus sign
  // spaces: every Unicode space becomes a plain space; invisible ones disappear
  ['\u00a0', ' '], // no-break space
  ['\u2000', ' '],
  ['\u2001', ' '],
  ['\u2002', ' '],
  ['\u2003', ' '],
  ['\u2004', ' '],
  ['\u2005', ' '],
  ['\u2006', ' '],
  ['\u2007', ' '],
  ['\u2008', ' '],
  ['\u2009', ' '],
  ['\u200a', ' '],
  ['\u202f', ' '], // narrow no-break space
  ['\u205f', ' '], // medium mathematical space
  ['\u3000', ' '], // ideographic space
  ['\t', ' '],
  ['\u2028', '\n'], // line separator
  ['\u2029', '\n'], // paragraph separator
  ['\u200b', ''], // zero-width space
  ['\u2060', ''], // word joiner
  ['\ufeff', ''], // byte order mark
  ['\u00ad', ''], // soft hyphen
  // bullets and dots
  ['\u2022', '-'], // bullet
  ['\u2023', '-'], // triangular bullet
  ['\u2043', '-'], // hyphen bullet
  ['\u25e6', '-'], // white bullet
  ['\u2219', '-'], // bullet operator
  ['\u00b7', '-'], // middle dot
  ['\u2026', '...'], // horizontal ellipsis
  // symbols
  ['\u2122', 'TM'],
  ['\u00a9', '(c)'],
  ['\u00ae', '(R)'],
  ['\u00bd', '1/2'],
  ['\u00bc', '1/4'],
  ['\u00be', '3/4'],
  ['\u00d7', 'x'], // multiplication sign
  ['\u00f7', '/'], // division sign
  ['\u2044', '/'], // fraction slash
  ['\u203c', '!!'],
  ['\u2192', '->'],
  ['\u2190', '<-'],
])
