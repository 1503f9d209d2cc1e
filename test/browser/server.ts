import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The repository root: the built server lives in dist/ under it (it finds views/ and public/ from there). */
export const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist/src/main.js');
const CLI = path.join(ROOT, 'dist/src/cli/main.js');

export const DEMO_PASSWORD = 'demo-pass-123';
export const ADMIN_PASSWORD = 'admin-pass-123';

export interface RunningServer {
  /** Where the app answers, with the base path and no trailing slash: "http://127.0.0.1:41234". */
  baseUrl: string;
  /** The environment the server and the seed ran with (the database path, folders, passwords). */
  env: Record<string, string>;
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the BUILT server (`node dist/src/main.js`, as `npm start` does) on a free loopback port over a
 * fresh SQLite database in a temp folder, after `seed-demo` has added the walkthrough's people, and
 * waits until /readyz says it is ready. `stop()` ends the process and removes the temp folder.
 */
export async function startServer(options: { basePath?: string } = {}): Promise<RunningServer> {
  for (const file of [MAIN, CLI]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: build first with "npm run build" (npm run test:browser does).`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-browser-'));
  const port = await freePort();
  const basePath = options.basePath ?? '';
  const env: Record<string, string> = {
    // A clean environment: nothing from the caller's shell (a DATABASE_URL, TEST_DB, ...) leaks in.
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? tmp,
    TMPDIR: tmp,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `sqlite:${path.join(tmp, 'db.sqlite')}`,
    ATTACHMENTS_DIR: path.join(tmp, 'attachments'),
    // Otherwise the server would generate one and keep it in the repository's data/ folder.
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ADMIN_USERNAME: 'admin',
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD,
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    ...(basePath ? { BASE_PATH: basePath } : {}),
  };

  try {
    await run(process.execPath, [CLI, 'seed-demo'], env, tmp);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }

  // The working folder is the temp folder, so data/ (upload temp files) never lands in the repository.
  const child = spawn(process.execPath, [MAIN], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    baseUrl: `${origin}${basePath}`,
    env,
    output: () => output,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilReady(child, `${origin}${basePath}/readyz`, () => output);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(args[0])} ${args.slice(1).join(' ')} failed (${err.message.split('\n')[0]}):\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

async function waitUntilReady(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not get ready at ${url} within 30 s (last: ${last}):\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
