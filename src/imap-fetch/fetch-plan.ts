/**
 * Pure rules of an IMAP fetch pass: where to start reading a folder, and how to group the downloads.
 * No IMAP, no database: the fetcher applies them.
 */

export interface StoredCursor {
  uidvalidity: number | null;
  lastUid: number;
}

export interface StartPoint {
  /** Ask the server for messages with UIDs from this one up. */
  fromUid: number;
  /** The cursor no longer applies (first look, or the server renumbered the folder): store a fresh one. */
  reset: boolean;
}

/**
 * UIDs only mean something together with the folder's UIDVALIDITY (RFC 9051 2.3.1.1).
 * CASE: a changed UIDVALIDITY (server rebuilt its index, folder recreated) starts over from UID 1; the
 * messages already handed over are \Seen or moved, and intake's duplicate check catches the rest.
 */
export function startPoint(cursor: StoredCursor | null, uidvalidity: number): StartPoint {
  if (!cursor || cursor.uidvalidity !== uidvalidity) return { fromUid: 1, reset: true };
  return { fromUid: cursor.lastUid + 1, reset: false };
}

export interface MessageSize {
  uid: number;
  size: number;
}

/** One download round trip: several whole messages, or the first bytes of one that is over the limit. */
export type Download = { kind: 'whole'; uids: number[] } | { kind: 'truncated'; uid: number; maxLength: number };

/**
 * Groups messages (in UID order) into downloads of at most `batchSize` messages and about `maxBytes` in
 * all, so memory stays bounded whatever the mailbox holds.
 * CASE: a message over the limit is still handed to intake, which quarantines it with the reason; only
 * its first maxBytes + 1 bytes are downloaded, enough for intake to see it is too large.
 */
export function planDownloads(messages: MessageSize[], batchSize: number, maxBytes: number): Download[] {
  const downloads: Download[] = [];
  let current: number[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length > 0) downloads.push({ kind: 'whole', uids: current });
    current = [];
    bytes = 0;
  };
  for (const m of [...messages].sort((a, b) => a.uid - b.uid)) {
    if (m.size > maxBytes) {
      flush();
      downloads.push({ kind: 'truncated', uid: m.uid, maxLength: maxBytes + 1 });
      continue;
    }
    if (current.length >= batchSize || (current.length > 0 && bytes + m.size > maxBytes)) flush();
    current.push(m.uid);
    bytes += m.size;
  }
  flush();
  return downloads;
}

/**
 * A UID set in IMAP's compact form ("1:3,7,9:10") for sorted UIDs: a pass over thousands of messages
 * still sends a short command line (servers cap its length; Dovecot at 64 kB).
 */
export function uidSet(sortedUids: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sortedUids.length; ) {
    let j = i;
    while (j + 1 < sortedUids.length && sortedUids[j + 1] === sortedUids[j] + 1) j++;
    parts.push(j === i ? String(sortedUids[i]) : `${sortedUids[i]}:${sortedUids[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
