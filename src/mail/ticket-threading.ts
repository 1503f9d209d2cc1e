import { createHash } from 'node:crypto';

/** Windows FILETIME: 100-nanosecond intervals since 1601-01-01 UTC. */
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;
const filetime = (at: Date) => (BigInt(at.getTime()) + FILETIME_EPOCH_OFFSET_MS) * 10_000n;

/**
 * Outlook's Thread-Index: 22 bytes for the first mail of a conversation (6 bytes of the start's FILETIME,
 * then a 16-byte id), plus 5 bytes per reply (the time since the start, in the format's units). The
 * header part comes from the ticket alone, so every mail of a ticket lands in one Outlook conversation.
 */
export function threadIndex(ticket: { id: number; createdAt: Date }, host: string, replies: { at: Date }[]): string {
  const start = filetime(ticket.createdAt);
  const head = Buffer.alloc(22);
  head.writeBigUInt64BE(start, 0); // the top 6 bytes stay; the id overwrites the 2 low ones
  createHash('sha256').update(`relaydesk-ticket:${host}:${ticket.id}`).digest().copy(head, 6, 0, 16);
  const blocks = replies.map(({ at }, i) => {
    const delta = filetime(at) - start;
    const block = Buffer.alloc(5);
    // Under 0x0002000000000000 units the delta goes in bits 18..49 with the high bit clear; later ones in bits 23..54 with it set.
    const big = delta >= 0x2000000000000n;
    const value = Number(((big ? delta >> 23n : delta >> 18n) & 0x7fffffffn) | (big ? 0x80000000n : 0n));
    block.writeUInt32BE(value >>> 0, 0);
    block[4] = (i * 17 + 1) & 0xff; // random nibble + sequence in Outlook; any value reads back fine
    return block;
  });
  return Buffer.concat([head, ...blocks]).toString('base64');
}

/** `local+<token>@domain` from our address (`"Name" <local@domain>` or `local@domain`); null when it is not one. */
export function taggedReplyTo(fromHeader: string, token: string): string | null {
  const address = /<([^<>@\s]+@[^<>@\s]+)>\s*$/.exec(fromHeader)?.[1] ?? (/^[^<>@\s]+@[^<>@\s]+$/.test(fromHeader.trim()) ? fromHeader.trim() : null);
  if (!address) return null;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).replace(/\+.*$/, '');
  return `${local}+${token}@${address.slice(at + 1)}`;
}

/** `"Display Name" <address>`, the name cleaned of what would break the header. */
export function fromHeader(name: string, address: string): string {
  const clean = name.replace(/["\\\r\n<>]/g, '').trim();
  return clean ? `"${clean}" <${address}>` : address;
}
