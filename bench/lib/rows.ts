/**
 * Table specs for bulk-loading benchmark data, typed against the app's table interfaces so a column
 * added to a table without being listed here fails the type check instead of the load.
 */
import type { CompaniesTable } from '../../server/company/company.table'
import type { ConversationsTable } from '../../server/conversation/conversation.table'
import { searchTextOf } from '../../server/core/record-fields'
import type { MessagePeopleTable, MessagesTable } from '../../server/message/message.table'
import type { PeopleTable } from '../../server/person/person.table'
import type { CellValue, ColumnType, TableSpec } from './bulk-insert'

interface TypedSpec<T> extends TableSpec {
  cells(row: T): CellValue[]
}

function specOf<T>(table: string, types: { [K in keyof T]-?: ColumnType }): TypedSpec<T> {
  const columns = Object.entries(types) as Array<[string, ColumnType]>
  const keys = columns.map(([name]) => name as keyof T)
  return {
    table,
    columns,
    cells: (row) => keys.map((key) => (row[key] ?? null) as CellValue),
  }
}

const ts = 'timestamptz'

export const companiesSpec = specOf<CompaniesTable>('companies', {
  id: 'text',
  org_id: 'text',
  name: 'text',
  phone: 'text',
  website: 'text',
  external_id: 'text',
  created_at: ts,
  updated_at: ts,
})

/** `tags` and `custom_fields` go in as JSON text. */
export const peopleSpec = specOf<PeopleTable>('people', {
  id: 'text',
  org_id: 'text',
  kind: 'text',
  first_name: 'text',
  last_name: 'text',
  mobile_e164: 'text',
  email: 'text',
  company_id: 'text',
  job_title: 'text',
  tags: 'jsonb',
  time_zone: 'text',
  external_id: 'text',
  custom_fields: 'jsonb',
  search_text: 'text',
  created_at: ts,
  updated_at: ts,
  deleted_at: ts,
})

export const conversationsSpec = specOf<ConversationsTable>('conversations', {
  id: 'text',
  org_id: 'text',
  phone_e164: 'text',
  person_id: 'text',
  person_count: 'integer',
  last_message_at: ts,
  last_direct_message_at: ts,
  last_message_preview: 'text',
  last_message_direction: 'text',
  unread_count: 'integer',
  deleted_at: ts,
  created_at: ts,
})

export const messagesSpec = specOf<MessagesTable>('messages', {
  body_cleaned: 'integer',
  quiet_hours_override_reason: 'text',
  id: 'text',
  org_id: 'text',
  direction: 'text',
  kind: 'text',
  status: 'text',
  conversation_id: 'text',
  person_id: 'text',
  to_number: 'text',
  from_number: 'text',
  subject: 'text',
  body: 'text',
  encoding: 'text',
  segments: 'integer',
  credits: 'integer',
  repliable: 'integer',
  campaign_id: 'text',
  sender_user_id: 'text',
  connection_id: 'text',
  provider_message_id: 'text',
  send_at: ts,
  attempts: 'integer',
  next_attempt_at: ts,
  lease_until: ts,
  error_code: 'text',
  error_message: 'text',
  resent_from_id: 'text',
  deleted_at: ts,
  created_at: ts,
  updated_at: ts,
  sent_at: ts,
  delivered_at: ts,
  failed_at: ts,
  failover_from_connection_id: 'text',
  claimed_by: 'text',
  started_at: ts,
})

export const messagePeopleSpec = specOf<MessagePeopleTable>('message_people', {
  message_id: 'text',
  person_id: 'text',
})

/** A message row with every optional column empty; callers set what their scenario needs. */
export function blankMessage(
  fields: Pick<
    MessagesTable,
    'id' | 'org_id' | 'direction' | 'kind' | 'status' | 'to_number' | 'from_number' | 'body' | 'created_at'
  > &
    Partial<MessagesTable>,
): MessagesTable {
  return {
    conversation_id: null,
    person_id: null,
    subject: null,
    body_cleaned: 0,
    encoding: 'GSM-7',
    segments: 1,
    credits: 0,
    repliable: 1,
    campaign_id: null,
    sender_user_id: null,
    connection_id: null,
    provider_message_id: null,
    send_at: null,
    attempts: 0,
    next_attempt_at: null,
    lease_until: null,
    error_code: null,
    error_message: null,
    resent_from_id: null,
    deleted_at: null,
    updated_at: fields.created_at,
    sent_at: null,
    delivered_at: null,
    failed_at: null,
    failover_from_connection_id: null,
    ...fields,
  }
}

const FIRST_NAMES = ['Anna', 'Björn', 'Chloé', 'David', 'Emma', 'Farid', 'Grace', 'Hugo', 'Ingrid', 'Jamal']
const LAST_NAMES = ['Smith', 'Johansson', 'Nguyen', 'García', 'Okafor', 'Müller', 'Kowalski', 'Brown']
const JOB_TITLES = ['Nurse', 'Care assistant', 'Java developer', 'Site manager', 'Accountant', null]

/** The `n`th generated candidate: names, email and job cycle through small lists. */
export function benchPerson(input: {
  id: string
  orgId: string
  n: number
  mobile: string | null
  companyId: string | null
  createdAt: string
}): PeopleTable {
  const first = FIRST_NAMES[input.n % FIRST_NAMES.length]!
  const last = LAST_NAMES[Math.floor(input.n / FIRST_NAMES.length) % LAST_NAMES.length]!
  const email = `${first.toLowerCase()}.${input.n}@candidates.example`
  return {
    id: input.id,
    org_id: input.orgId,
    kind: 'candidate',
    first_name: first,
    last_name: last,
    mobile_e164: input.mobile,
    email,
    company_id: input.companyId,
    external_id: null,
    job_title: JOB_TITLES[input.n % JOB_TITLES.length] ?? null,
    tags: '[]',
    time_zone: null,
    custom_fields: '{}',
    search_text: searchTextOf(first, last, email),
    created_at: input.createdAt,
    updated_at: input.createdAt,
    deleted_at: null,
  }
}
