export interface CreditBalancesTable {
  org_id: string
  balance: number
  updated_at: string
}

export interface CreditLedgerTable {
  id: string
  org_id: string
  delta: number
  balance_after: number
  reason: 'top_up' | 'message' | 'refund' | 'received' | 'adjustment'
  message_id: string | null
  user_id: string | null
  note: string | null
  created_at: string
}
