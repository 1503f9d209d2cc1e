import { Injectable, Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { AppConfig } from '../config/app-config';
import { EmailAccountsService } from '../email-accounts/email-accounts.service';
import { ImapSettings } from '../email-accounts/mailbox-settings';
import { Download, planDownloads, startPoint, uidSet } from './fetch-plan';
import { MailboxCursorsService } from './mailbox-cursors.service';
import { MailReceiver, ReceiveStatus } from './mail-receiver';

/** No step of a pass may hang on a server that stopped answering. */
const CONNECT_MS = 30_000;
const SOCKET_MS = 120_000;
/** A pass takes at most this many messages (oldest first); the next pass goes on from the cursor. */
const MAX_PER_PASS = 500;

export interface MailboxFetchResult {
  emailAccountId: number;
  /** 'failed': the mailbox could not be read, or intake refused at least one message (see error). */
  outcome: 'ok' | 'failed';
  /** Messages handed to intake and then marked on the server, by intake's verdict. */
  handed: Partial<Record<ReceiveStatus, number>>;
  error: string | null;
}

/** Called between messages: renews the caller's lease, and says whether to stop (the app is shutting down). */
export type KeepGoing = () => Promise<boolean>;

/**
 * Reads one mailbox over IMAP and hands each new unread message, in UID order, to intake. Only after intake
 * has committed is the message flagged \Seen or moved to the archive folder, and the cursor moved past it;
 * a message intake threw on stays unread where it was and is tried again next pass. Leasing is the
 * caller's business (MailFetchJob): this class assumes it is the only one reading the mailbox.
 */
@Injectable()
export class ImapFetcher {
  private readonly logger = new Logger('MailFetch');

  constructor(
    private readonly accounts: EmailAccountsService,
    private readonly cursors: MailboxCursorsService,
    private readonly receiver: MailReceiver,
    private readonly config: AppConfig,
  ) {}

  /** One pass over one mailbox; never throws: a failure is recorded on the cursor (last_error) and returned. */
  async fetch(emailAccountId: number, keepGoing: KeepGoing = async () => true): Promise<MailboxFetchResult> {
    const result: MailboxFetchResult = { emailAccountId, outcome: 'ok', handed: {}, error: null };
    const refusals: string[] = [];
    try {
      const settings = await this.accounts.imapSettings(emailAccountId);
      await this.withFolder(settings, async (client, uidvalidity) => {
        await this.readNew(client, settings, uidvalidity, result, refusals, keepGoing);
      });
    } catch (err) {
      result.error = describe(err);
    }
    if (!result.error && refusals.length > 0) {
      result.error = `Intake refused ${refusals.length} message${refusals.length === 1 ? '' : 's'} (left unread, retried next pass): ${refusals.join('; ')}`;
    }
    if (result.error) {
      result.outcome = 'failed';
      this.logger.warn(`email account ${emailAccountId}: ${result.error}`);
    }
    try {
      await this.cursors.finish(emailAccountId, result.error);
    } catch (err) {
      // CASE: the account was deleted during the pass (its cursor went with it); nothing left to record on.
      this.logger.warn(`email account ${emailAccountId}: could not record the pass: ${describe(err)}`);
    }
    return result;
  }

  private async withFolder(settings: ImapSettings, work: (client: ImapFlow, uidvalidity: number) => Promise<void>): Promise<void> {
    const client = new ImapFlow({
      ...settings.connection, logger: false, disableAutoIdle: true,
      connectionTimeout: CONNECT_MS, greetingTimeout: CONNECT_MS, socketTimeout: SOCKET_MS,
    });
    // A socket error is also reported by the command in flight; an unhandled 'error' event would end the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const lock = await client.getMailboxLock(settings.folder);
      try {
        const mailbox = client.mailbox;
        if (!mailbox) throw new Error(`Could not open folder ${settings.folder}`);
        await work(client, Number(mailbox.uidValidity));
      } finally {
        lock.release();
      }
      await client.logout();
    } finally {
      client.close();
    }
  }

  private async readNew(client: ImapFlow, settings: ImapSettings, uidvalidity: number, result: MailboxFetchResult, refusals: string[], keepGoing: KeepGoing): Promise<void> {
    const id = settings.accountId;
    const start = startPoint(await this.cursors.find(id), uidvalidity);
    if (start.reset) await this.cursors.reset(id, uidvalidity);
    // CASE: "n:*" always matches the newest message, even below n; the filter drops it.
    // CASE: only unread mail: \Seen is the mark of a message handed over (in the no-archive setup), and
    // mail someone already read in the mailbox is not turned into tickets, as a mail client would leave it.
    const found = await client.search({ uid: `${start.fromUid}:*`, seen: false }, { uid: true });
    const uids = (found || []).filter((uid) => uid >= start.fromUid).sort((a, b) => a - b).slice(0, MAX_PER_PASS);
    if (uids.length === 0) return;
    if (settings.archiveFolder) await ensureFolder(client, settings.archiveFolder);

    const sizes = await client.fetchAll(uidSet(uids), { uid: true, size: true }, { uid: true });
    const downloads = planDownloads(sizes.map((m) => ({ uid: m.uid, size: m.size ?? 0 })), this.config.mailFetch.batchSize, this.config.inboundMail.maxBytes);
    // The cursor moves only while every message so far was handed over, so a refused one is searched again.
    let unbroken = true;
    for (const download of downloads) {
      const raws = await this.download(client, download);
      for (const [uid, raw] of raws) {
        if (!(await keepGoing())) return;
        try {
          const outcome = await this.receiver.receive(raw, { kind: 'imap', emailAccountId: id, remoteRef: `${uidvalidity}:${uid}` });
          result.handed[outcome.status] = (result.handed[outcome.status] ?? 0) + 1;
        } catch (err) {
          unbroken = false;
          refusals.push(`UID ${uid}: ${describe(err)}`);
          continue;
        }
        await markHandled(client, uid, settings.archiveFolder);
        if (unbroken) await this.cursors.advance(id, uid);
      }
    }
  }

  /** The downloaded messages by UID, in UID order (one that vanished meanwhile is simply missing). */
  private async download(client: ImapFlow, download: Download): Promise<[number, Buffer][]> {
    // Messages are collected first: no other command may run on the connection while a FETCH streams.
    const out: [number, Buffer][] = [];
    if (download.kind === 'truncated') {
      const msg = await client.fetchOne(String(download.uid), { uid: true, source: { start: 0, maxLength: download.maxLength } }, { uid: true });
      if (msg && msg.source) out.push([msg.uid, msg.source]);
      return out;
    }
    for await (const msg of client.fetch(uidSet(download.uids), { uid: true, source: true }, { uid: true })) {
      if (msg.source) out.push([msg.uid, msg.source]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }
}

async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const folders = await client.list();
  if (!folders.some((f) => f.path === folder)) await client.mailboxCreate(folder);
}

/**
 * Handed over: flagged \Seen, then moved to the archive folder when there is one (read there too, for
 * whoever opens it in a mail client; and if the move fails, the flag alone keeps it from being fetched again).
 */
async function markHandled(client: ImapFlow, uid: number, archiveFolder: string | null): Promise<void> {
  if (!(await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }))) throw new Error(`The server would not flag UID ${uid} \\Seen`);
  if (archiveFolder && !(await client.messageMove(String(uid), archiveFolder, { uid: true }))) throw new Error(`The server would not move UID ${uid} to ${archiveFolder}`);
}

/** The server's own words when it gave any (imapflow: responseText), else the error message. */
function describe(err: unknown): string {
  const e = (err && typeof err === 'object' ? err : {}) as { responseText?: unknown; authenticationFailed?: unknown; message?: unknown; code?: unknown };
  const text = typeof e.responseText === 'string' && e.responseText ? e.responseText : typeof e.message === 'string' && e.message ? e.message : String(err);
  const prefix = e.authenticationFailed ? 'Login refused: ' : '';
  const code = typeof e.code === 'string' && !text.includes(e.code) ? ` (${e.code})` : '';
  return `${prefix}${text}${code}`.replace(/\s+/g, ' ').trim().slice(0, 1000);
}
