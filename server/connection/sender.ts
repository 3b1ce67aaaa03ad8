/**
 * The sender a text goes out from: the connection's sender (its reply number), or its sender id for
 * texts sent with "repliable" off when it has one.
 */
export function senderFor(
  connection: { sender: string; noReplySender: string | null },
  repliable: boolean,
): string {
  return !repliable && connection.noReplySender ? connection.noReplySender : connection.sender
}
