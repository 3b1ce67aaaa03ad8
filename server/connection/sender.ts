/**
 * The sender a text goes out from: `number` when a reply number of the connection applies (an
 * office's or a user's), else the connection's sender; or its sender id for texts sent with
 * "repliable" off when it has one.
 */
export function senderFor(
  connection: { sender: string; noReplySender: string | null },
  repliable: boolean,
  number: string | null = null,
): string {
  if (!repliable && connection.noReplySender) return connection.noReplySender
  return number ?? connection.sender
}
