/**
 * What a reply says, without the history it quotes: the text shown on the thread entry. The full
 * original stays in the raw mail, which agents can open from the entry. Pure.
 */

/** The marker our outgoing mail carries above the quoted thread; replies are cut at it. */
export const REPLY_ABOVE_MARKER = '-- Reply above this line --';

const CUT_LINES: RegExp[] = [
  // Our own marker, however a client re-wrapped or prefixed it.
  /^[>\s]*[-=#\s]*reply above this line[-=#\s]*$/i,
  /^-{2,}\s*original message\s*-{2,}$/i,
  /^_{10,}$/, // Outlook's rule above "From: ... Sent: ..."
];

const FORWARD_LINE = /^(-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré)\s*-{2,}|begin forwarded message:)$/i;

/** "On Mon, 23 Nov 2026 at 10:00, Karen <k@example.com> wrote:", possibly wrapped over two lines. */
const WROTE_LINE = /^(on|am|le|el|il|op)\s.{4,300}(wrote|schrieb|a écrit|escribió|ha scritto|schreef)(\s[^:]{0,200})?:\s*$/i;

/**
 * The reply without quoted history and signature: cut at our marker, an "On ... wrote:" line, an
 * Outlook "From: / Sent:" block or "-----Original Message-----"; then drop trailing "> " quotes and a
 * "-- " signature. Returns the full text when trimming would leave nothing (a bare forward).
 */
export function trimQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    // CASE: a forward's quoted part is what the sender wants us to read: shown whole.
    if (FORWARD_LINE.test(line)) return text.trim();
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1].trim()}` : line;
    if (CUT_LINES.some((re) => re.test(line)) || WROTE_LINE.test(line) || WROTE_LINE.test(joined) || isOutlookHeaderBlock(lines, i)) {
      end = i;
      break;
    }
  }
  let kept = lines.slice(0, end);
  const signature = kept.findIndex((l) => l === '-- ' || l === '--');
  if (signature >= 0) kept = kept.slice(0, signature);
  // Interleaved answers stay; only the quote block at the end (what clients add below a reply) goes.
  while (kept.length > 0 && (/^\s*>/.test(kept[kept.length - 1]) || kept[kept.length - 1].trim() === '')) kept.pop();
  const result = kept.join('\n').trim();
  return result === '' ? text.trim() : result;
}

/** Outlook's reply header: "From: ..." followed within three lines by "Sent: ..." (or "Date:") and "To:"/"Subject:". */
function isOutlookHeaderBlock(lines: string[], i: number): boolean {
  if (!/^\*?(from|von|de)\s*:\*?\s+\S/i.test(lines[i].trim())) return false;
  const next = lines.slice(i + 1, i + 5).map((l) => l.trim());
  return next.some((l) => /^\*?(sent|date|gesendet|envoyé)\s*:/i.test(l)) && next.some((l) => /^\*?(to|subject|an|betreff|à|objet)\s*:/i.test(l));
}
