import type { DialectMigration } from '../migrate'
import * as createAccounts from './2026_11_22_0001_create_accounts'
import * as createRecords from './2026_11_22_0002_create_records'
import * as createMessaging from './2026_11_22_0003_create_messaging'
import * as createCampaigns from './2026_11_22_0004_create_campaigns'
import * as createConnectionDefaultIndex from './2026_11_22_0005_create_connection_default_index'
import * as createRouting from './2026_11_22_0006_create_routing'
import * as createHandoverIndex from './2026_11_23_0007_create_handover_index'
import * as partialDueIndex from './2026_11_23_0008_partial_due_index'
import * as leanMessageIndexes from './2026_11_23_0009_lean_message_indexes'
import * as createInboundReceipts from './2026_12_01_0010_create_inbound_receipts'
import * as createInboundParts from './2026_12_01_0011_create_inbound_parts'
import * as oneResendPerMessage from './2026_12_01_0012_one_resend_per_message'
import * as connectionNoReplySender from './2026_12_01_0013_connection_no_reply_sender'
import * as createConnectionSendPace from './2026_12_01_0014_create_connection_send_pace'
import * as dispatcherHeartbeats from './2026_12_05_0017_dispatcher_heartbeats'
import * as orgEmailOperatorsLoginAttempts from './2026_12_05_0018_org_email_operators_login_attempts'
import * as messageBodyCleaned from './2026_12_05_0019_message_body_cleaned'
import * as retentionIndexes from './2026_12_05_0020_retention_indexes'
import * as createConnectionNumbers from './2026_12_07_0021_create_connection_numbers'
import * as userReplyNumber from './2026_12_07_0022_user_reply_number'
import * as createForwardingRules from './2026_12_07_0023_create_forwarding_rules'
import * as createEmailOutbox from './2026_12_07_0024_create_email_outbox'
import * as messageQuietHoursOverride from './2026_12_07_0025_message_quiet_hours_override'
import * as userAssociationTypes from './2026_12_07_0026_user_association_types'
import * as replyEmails from './2026_12_07_0028_reply_emails'
import * as templateDocument from './2026_12_07_0029_template_document'
import * as createDocumentLinks from './2026_12_07_0031_create_document_links'
import * as createIdempotencyKeys from './2026_12_08_0045_create_idempotency_keys'
import * as peopleExternalId from './2026_12_08_0046_people_external_id'
import * as recordsExternalId from './2026_12_08_0047_records_external_id'

/** Every migration, in the order it runs. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, DialectMigration> = {
  '2026_11_22_0001_create_accounts': createAccounts,
  '2026_11_22_0002_create_records': createRecords,
  '2026_11_22_0003_create_messaging': createMessaging,
  '2026_11_22_0004_create_campaigns': createCampaigns,
  '2026_11_22_0005_create_connection_default_index': createConnectionDefaultIndex,
  '2026_11_22_0006_create_routing': createRouting,
  '2026_11_23_0007_create_handover_index': createHandoverIndex,
  '2026_11_23_0008_partial_due_index': partialDueIndex,
  '2026_11_23_0009_lean_message_indexes': leanMessageIndexes,
  '2026_12_01_0010_create_inbound_receipts': createInboundReceipts,
  '2026_12_01_0011_create_inbound_parts': createInboundParts,
  '2026_12_01_0012_one_resend_per_message': oneResendPerMessage,
  '2026_12_01_0013_connection_no_reply_sender': connectionNoReplySender,
  '2026_12_01_0014_create_connection_send_pace': createConnectionSendPace,
  '2026_12_05_0017_dispatcher_heartbeats': dispatcherHeartbeats,
  '2026_12_05_0018_org_email_operators_login_attempts': orgEmailOperatorsLoginAttempts,
  '2026_12_05_0019_message_body_cleaned': messageBodyCleaned,
  '2026_12_05_0020_retention_indexes': retentionIndexes,
  '2026_12_07_0021_create_connection_numbers': createConnectionNumbers,
  '2026_12_07_0022_user_reply_number': userReplyNumber,
  '2026_12_07_0023_create_forwarding_rules': createForwardingRules,
  '2026_12_07_0024_create_email_outbox': createEmailOutbox,
  '2026_12_07_0025_message_quiet_hours_override': messageQuietHoursOverride,
  '2026_12_07_0026_user_association_types': userAssociationTypes,
  '2026_12_07_0028_reply_emails': replyEmails,
  '2026_12_07_0029_template_document': templateDocument,
  '2026_12_07_0031_create_document_links': createDocumentLinks,
  '2026_12_08_0045_create_idempotency_keys': createIdempotencyKeys,
  '2026_12_08_0046_people_external_id': peopleExternalId,
  '2026_12_08_0047_records_external_id': recordsExternalId,
}
