const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f'
const GSM7_SET = new Set(GSM7)

/**
 * True when every character fits the GSM 03.38 alphabet (basic table plus extension). Vonage sends
 * `type=text` as GSM and would garble anything else, so other texts go as `type=unicode`.
 */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!GSM7_SET.has(char)) return false
  return true
}
