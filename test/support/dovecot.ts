import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImapFlow } from 'imapflow';

const INSTALL_HINT = 'Dovecot is needed for the IMAP tests: apt-get install -y dovecot-imapd';
const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

/** What a test reads back from a mailbox: one entry per message, in UID order. */
export interface StoredMessage {
  uid: number;
  flags: string[];
  subject: string;
}

/**
 * A throwaway Dovecot (TESTING.md: inbound mail is tested against a real IMAP server). Everything lives in
 * a temp folder: the config, a passwd-file with plain passwords, one maildir per user, the log. It listens
 * on a free loopback port in clear text (ssl = no, plain auth allowed), which only loopback clients reach.
 */
export class Dovecot {
  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    readonly port: number,
    private readonly users: Map<string, string>,
  ) {}

  readonly host = '127.0.0.1';

  /** Starts an instance with these users (name -> password) and waits until it greets. */
  static async start(users: Record<string, string>): Promise<Dovecot> {
    const binary = findDovecot();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-dovecot-'));
    // CASE: another process may take the free port between our probe and Dovecot's bind: try a few ports.
    let lastError: Error | null = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort();
      const dovecot = new Dovecot(launch(binary, dir, port, users), dir, port, new Map(Object.entries(users)));
      try {
        await dovecot.waitForGreeting();
        return dovecot;
      } catch (err) {
        lastError = err as Error;
        await dovecot.stop(false);
      }
    }
    throw new Error(`Dovecot did not start: ${lastError?.message}\n${readLog(dir).slice(-4000)}`);
  }

  /** Stops the server and waits for it to exit; removes the temp folder unless told to keep it. */
  async stop(removeDir = true): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      await exited;
    }
    if (removeDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The server log (startup errors, then the log file), e.g. to check what a client did. */
  log(): string {
    return readLog(this.dir);
  }

  /** An IMAP client logged in as `user` (connected; the caller logs out); `pass` overrides the user's password. */
  async client(user: string, pass = this.users.get(user)): Promise<ImapFlow> {
    if (pass === undefined) throw new Error(`No Dovecot user ${user}`);
    const client = new ImapFlow({
      host: this.host, port: this.port, secure: false, doSTARTTLS: false, auth: { user, pass },
      logger: false, disableAutoIdle: true,
    });
    await client.connect();
    return client;
  }

  /** Appends raw messages to `folder` (created when missing); returns their UIDs. */
  async append(user: string, raws: (string | Buffer)[], folder = 'INBOX', flags: string[] = []): Promise<number[]> {
    return this.withClient(user, async (client) => {
      if (folder !== 'INBOX') await ensureFolder(client, folder);
      const uids: number[] = [];
      for (const raw of raws) {
        const result = await client.append(folder, raw, flags);
        if (!result || !result.uid) throw new Error('Dovecot did not report the UID of an appended message');
        uids.push(result.uid);
      }
      return uids;
    });
  }

  /** The messages in `folder` with their flags, in UID order ([] when the folder does not exist). \Recent is per session, so left out. */
  async messages(user: string, folder = 'INBOX'): Promise<StoredMessage[]> {
    return this.withClient(user, async (client) => {
      if (!(await folderExists(client, folder))) return [];
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        const out: StoredMessage[] = [];
        if (client.mailbox && client.mailbox.exists === 0) return out;
        for await (const msg of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
          out.push({ uid: msg.uid, flags: [...(msg.flags ?? [])].filter((f) => f !== '\\Recent').sort(), subject: msg.envelope?.subject ?? '' });
        }
        return out.sort((a, b) => a.uid - b.uid);
      } finally {
        lock.release();
      }
    });
  }

  /** The names (paths) of the user's folders, sorted. */
  async folders(user: string): Promise<string[]> {
    return this.withClient(user, async (client) => (await client.list()).map((f) => f.path).sort());
  }

  /** Adds and removes flags on messages of INBOX by UID. */
  async setFlags(user: string, uids: number[], change: { add?: string[]; remove?: string[] }): Promise<void> {
    await this.withClient(user, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        if (change.add?.length) await client.messageFlagsAdd(uids.join(','), change.add, { uid: true });
        if (change.remove?.length) await client.messageFlagsRemove(uids.join(','), change.remove, { uid: true });
      } finally {
        lock.release();
      }
    });
  }

  /** Deletes messages of INBOX by UID (flag \Deleted and expunge). */
  async expunge(user: string, uids: number[]): Promise<void> {
    await this.withClient(user, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageDelete(uids.join(','), { uid: true });
      } finally {
        lock.release();
      }
    });
  }

  async createFolder(user: string, folder: string): Promise<void> {
    await this.withClient(user, (client) => ensureFolder(client, folder));
  }

  /** The folder's UIDVALIDITY, as a client sees it on SELECT. */
  async uidValidity(user: string, folder = 'INBOX'): Promise<number> {
    return this.withClient(user, async (client) => {
      const status = await client.status(folder, { uidValidity: true });
      if (!status) throw new Error(`STATUS ${folder} failed`);
      return Number(status.uidValidity);
    });
  }

  /**
   * Gives INBOX a new UIDVALIDITY, as a server does after its index is rebuilt: every message keeps its
   * content but gets renumbered from 1. Done the way an admin would, by removing Dovecot's index and uid
   * list files while no client is connected; the next SELECT rescans the maildir.
   */
  async resetUidValidity(user: string): Promise<number> {
    const before = await this.uidValidity(user);
    const maildir = path.join(this.dir, 'home', user, 'Maildir');
    for (const name of fs.readdirSync(maildir)) {
      if (name.startsWith('dovecot')) fs.rmSync(path.join(maildir, name), { recursive: true, force: true });
    }
    // CASE: UIDVALIDITY is a timestamp in seconds: the rebuilt one would equal the old one within the same second.
    let after = await this.uidValidity(user);
    while (after === before) {
      for (const name of fs.readdirSync(maildir)) {
        if (name.startsWith('dovecot')) fs.rmSync(path.join(maildir, name), { recursive: true, force: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await this.uidValidity(user);
    }
    return after;
  }

  private async withClient<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = await this.client(user);
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => undefined);
    }
  }

  /** Resolves when the server sends its "* OK" greeting; rejects if it exits first or takes too long. */
  private async waitForGreeting(): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`dovecot exited with code ${this.child.exitCode}`);
      if (await greets(this.host, this.port)) return;
      if (Date.now() > deadline) throw new Error('no IMAP greeting within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function findDovecot(): string {
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (found) return found;
  try {
    return execFileSync('sh', ['-c', 'command -v dovecot'], { encoding: 'utf8' }).trim() || fail();
  } catch {
    return fail();
  }
}

function fail(): never {
  throw new Error(INSTALL_HINT);
}

function launch(binary: string, dir: string, port: number, users: Record<string, string>): ChildProcess {
  for (const sub of ['run', 'state', 'home']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const home = path.join(dir, 'home');
  // As root, mail, login and internal processes drop to Dovecot's own users (passwd-file refuses uid 0);
  // as anyone else, everything keeps our own user.
  const root = process.getuid?.() === 0;
  const mailAccount = root ? lookupUser('dovecot') : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  if (root) fs.chownSync(home, mailAccount.uid, mailAccount.gid);
  // passwd-file: user:{PLAIN}password:uid:gid::home
  const passwd = Object.entries(users).map(([user, pass]) => `${user}:{PLAIN}${pass}:${mailAccount.uid}:${mailAccount.gid}::${path.join(home, user)}`).join('\n');
  // The auth process runs as the internal user: it must be able to reach and read the (throwaway) passwd-file.
  fs.chmodSync(dir, 0o711);
  fs.writeFileSync(path.join(dir, 'users'), passwd + '\n', { mode: 0o644 });
  const me = os.userInfo().username;
  const loginUser = root ? 'dovenull' : me;
  const internalUser = root ? 'dovecot' : me;
  const conf = `
instance_name = relaydesk-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
default_login_user = ${loginUser}
default_internal_user = ${internalUser}
first_valid_uid = ${mailAccount.uid}
first_valid_gid = ${mailAccount.gid}
auth_failure_delay = 0
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0600
  }
}
`;
  const confPath = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(confPath, conf);
  const child = spawn(binary, ['-F', '-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => fs.appendFileSync(path.join(dir, 'dovecot.stderr'), chunk));
  return child;
}

function lookupUser(name: string): { uid: number; gid: number } {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`No system user ${name}: ${INSTALL_HINT}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function readLog(dir: string): string {
  return ['dovecot.stderr', 'dovecot.log']
    .map((f) => path.join(dir, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function greets(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('* OK')));
  });
}

async function folderExists(client: ImapFlow, folder: string): Promise<boolean> {
  if (folder.toUpperCase() === 'INBOX') return true;
  return (await client.list()).some((f) => f.path === folder);
}

async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  if (!(await folderExists(client, folder))) await client.mailboxCreate(folder);
}
