/**
 * Half-written replies, one per conversation, kept in sessionStorage: switching conversation (or
 * reloading the tab) and coming back restores the reply; a sent reply clears it.
 */
const PREFIX = 'parley.reply-draft.'

export function loadDraft(conversationId: string): string {
  try {
    return sessionStorage.getItem(PREFIX + conversationId) ?? ''
  } catch {
    return ''
  }
}

export function saveDraft(conversationId: string, text: string): void {
  try {
    if (text) sessionStorage.setItem(PREFIX + conversationId, text)
    else sessionStorage.removeItem(PREFIX + conversationId)
  } catch {
    // storage full or blocked: the draft lives only while the conversation stays open
  }
}
