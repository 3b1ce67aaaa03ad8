/** A number a connection owns besides its sender: texts may go out from it on that connection. */
export interface ConnectionNumbersTable {
  connection_id: string
  org_id: string
  /** E.164. */
  number: string
  created_at: string
}
