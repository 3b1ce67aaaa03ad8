import type {
  AttachmentLinksTable,
  AttachmentsTable,
  DocumentLinksTable,
} from '../attachment/attachment.table'
import type { ApiKeysTable, LoginAttemptsTable, SessionsTable } from '../auth/auth.table'
import type { CampaignsTable } from '../campaign/campaign.table'
import type { CompaniesTable } from '../company/company.table'
import type { ConnectionsTable } from '../connection/connection.table'
import type { ConnectionNumbersTable } from '../connection/connection-number.table'
import type { ConversationsTable, ConversationUsersTable } from '../conversation/conversation.table'
import type { CreditBalancesTable, CreditLedgerTable } from '../credit/credit.table'
import type { DispatchersTable } from '../dispatcher/dispatcher-heartbeat.table'
import type { ConnectionSendPaceTable } from '../dispatcher/send-pace.table'
import type { EmailOutboxTable } from '../email/email-outbox.table'
import type { ReplyEmailsTable } from '../email/reply-email.table'
import type { ForwardingRulesTable } from '../forwarding/forwarding.table'
import type { GroupMembersTable, GroupsTable } from '../group/group.table'
import type { IdempotencyKeysTable } from '../idempotency/idempotency-key.table'
import type { InboundReceiptsTable, MessagePartsTable } from '../inbound/inbound-receipt.table'
import type { InterviewSlotsTable, InterviewsTable } from '../interview/interview.table'
import type { JobsTable } from '../job/job.table'
import type { MessagePeopleTable, MessagesTable } from '../message/message.table'
import type { NotificationsTable } from '../notification/notification.table'
import type { OperatorTokensTable } from '../operator/operator.table'
import type { OptOutEventsTable, OptOutsTable } from '../opt-out/opt-out.table'
import type { OfficesTable, OrganizationsTable, TeamsTable } from '../organization/organization.table'
import type { PeopleTable, PersonTagsTable } from '../person/person.table'
import type { PlacementsTable } from '../placement/placement.table'
import type { RoutingRulesTable } from '../routing/routing.table'
import type { TemplatesTable } from '../template/template.table'
import type { UsersTable } from '../user/user.table'

/** The whole database, composed from each noun's `*.table.ts`. */
export interface Database {
  organizations: OrganizationsTable
  offices: OfficesTable
  teams: TeamsTable
  users: UsersTable
  sessions: SessionsTable
  api_keys: ApiKeysTable
  people: PeopleTable
  person_tags: PersonTagsTable
  companies: CompaniesTable
  jobs: JobsTable
  placements: PlacementsTable
  groups: GroupsTable
  group_members: GroupMembersTable
  connections: ConnectionsTable
  connection_numbers: ConnectionNumbersTable
  connection_send_pace: ConnectionSendPaceTable
  dispatchers: DispatchersTable
  conversations: ConversationsTable
  conversation_users: ConversationUsersTable
  messages: MessagesTable
  message_people: MessagePeopleTable
  inbound_receipts: InboundReceiptsTable
  message_parts: MessagePartsTable
  credit_balances: CreditBalancesTable
  credit_ledger: CreditLedgerTable
  notifications: NotificationsTable
  idempotency_keys: IdempotencyKeysTable
  opt_outs: OptOutsTable
  opt_out_events: OptOutEventsTable
  routing_rules: RoutingRulesTable
  forwarding_rules: ForwardingRulesTable
  email_outbox: EmailOutboxTable
  reply_emails: ReplyEmailsTable
  templates: TemplatesTable
  campaigns: CampaignsTable
  interviews: InterviewsTable
  interview_slots: InterviewSlotsTable
  attachments: AttachmentsTable
  attachment_links: AttachmentLinksTable
  document_links: DocumentLinksTable
  login_attempts: LoginAttemptsTable
  operator_tokens: OperatorTokensTable
}
