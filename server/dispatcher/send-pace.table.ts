/**
 * The send rate of a connection, shared by every dispatcher process: the earliest time (epoch ms)
 * the next message may go, one interval (1 / rate) after the last one reserved.
 */
export interface ConnectionSendPaceTable {
  connection_id: string
  next_at_ms: number
}
