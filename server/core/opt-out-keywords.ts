/**
 * Carrier-style keywords (the set Twilio honours on long codes, providers.md 1.9). Only a message that
 * is the keyword alone counts: "STOP PLEASE" does not opt out, as with the carriers.
 */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])
const OPT_IN = new Set(['START', 'YES', 'UNSTOP'])
const HELP = new Set(['HELP', 'INFO'])

export type KeywordAction = 'opt_out' | 'opt_in' | 'help'

export function keywordAction(body: string): { action: KeywordAction; keyword: string } | null {
  const word = body
    .trim()
    .replace(/[.!\s]+$/u, '')
    .toUpperCase()
  if (OPT_OUT.has(word)) return { action: 'opt_out', keyword: word }
  if (OPT_IN.has(word)) return { action: 'opt_in', keyword: word }
  if (HELP.has(word)) return { action: 'help', keyword: word }
  return null
}
