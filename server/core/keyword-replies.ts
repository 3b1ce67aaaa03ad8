import type { KeywordAction } from './opt-out-keywords'
import type { OrgSettings } from './org-settings'

/** The one merge field a keyword's answer may hold. */
const ORGANIZATION_NAME = /\{\{\s*organization\.name\s*\}\}/gu

/** The setting holding the answer to each keyword action. */
export const REPLY_SETTING: Record<KeywordAction, 'stopReply' | 'startReply' | 'helpReply'> = {
  opt_out: 'stopReply',
  opt_in: 'startReply',
  help: 'helpReply',
}

/** The text that answers a keyword, filled in, or null when the organization turned that answer off. */
export function keywordReplyText(
  settings: Pick<OrgSettings, 'stopReply' | 'startReply' | 'helpReply'>,
  action: KeywordAction,
  organizationName: string,
): string | null {
  const template = settings[REPLY_SETTING[action]]
  if (template.trim() === '') return null
  return template.replace(ORGANIZATION_NAME, () => organizationName).trim()
}

/** The merge fields of an answer other than `{{ organization.name }}`, which could never be filled. */
export function unknownReplyFields(text: string): string[] {
  return [...text.replace(ORGANIZATION_NAME, '').matchAll(/\{\{[^}]*\}\}|\{%[^%]*%\}/gu)].map((m) => m[0])
}
