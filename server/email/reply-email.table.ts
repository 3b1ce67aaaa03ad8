/** A reply a user is told of and wants by e-mail, waiting to go into that user's next batched e-mail. */
export interface ReplyEmailsTable {
  id: string
  org_id: string
  user_id: string
  message_id: string
  created_at: string
}
