import type { BulkSmsMessage } from './bulksms.messages'

/**
 * The `filter` of GET /v1/messages as the fake understands it: clauses `name<op>value` joined by `&`
 * (already URL-decoded once by the query parser), ANDed together.
 */
export interface FilterClause {
  field: string
  op: '=' | '<' | '>' | '<=' | '>='
  value: string
}

const OPERATORS: Record<string, ReadonlyArray<FilterClause['op']>> = {
  id: ['<', '>'],
  type: ['='],
  'submission.id': ['='],
  'status.type': ['='],
  'status.id': ['='],
  'submission.date': ['<=', '<', '>', '>='],
  userSuppliedId: ['='],
}

/** The clauses, or the reason the filter is invalid (BulkSMS answers that with a 400). */
export function parseFilter(filter: string): FilterClause[] | string {
  if (filter === '') return []
  const clauses: FilterClause[] = []
  for (const text of filter.split('&')) {
    const match = /^([A-Za-z.]+)(<=|>=|=|<|>)(.*)$/.exec(text)
    const allowed = match ? OPERATORS[match[1]!] : undefined
    if (!match || !allowed?.includes(match[2] as FilterClause['op'])) {
      return `Invalid filter clause "${text}"`
    }
    clauses.push({ field: match[1]!, op: match[2] as FilterClause['op'], value: match[3]! })
  }
  return clauses
}

function compare(a: bigint | number, b: bigint | number): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function holds(order: number, op: FilterClause['op']): boolean {
  switch (op) {
    case '=':
      return order === 0
    case '<':
      return order < 0
    case '>':
      return order > 0
    case '<=':
      return order <= 0
    case '>=':
      return order >= 0
  }
}

export function matchesFilter(message: BulkSmsMessage, clauses: FilterClause[]): boolean {
  return clauses.every(({ field, op, value }) => {
    switch (field) {
      case 'id':
        return /^\d+$/.test(value) && holds(compare(BigInt(message.id), BigInt(value)), op)
      case 'type':
        return message.type === value
      case 'submission.id':
        return message.submission?.id === value
      case 'status.type':
        return message.status.type === value
      case 'status.id':
        return message.status.id === value
      case 'userSuppliedId':
        return message.type === 'SENT' && message.userSuppliedId === value
      case 'submission.date': {
        const at = Date.parse(message.submission?.date ?? '')
        const bound = Date.parse(value)
        return !Number.isNaN(at) && !Number.isNaN(bound) && holds(compare(at, bound), op)
      }
      default:
        return false
    }
  })
}
