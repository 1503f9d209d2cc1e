import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { AppConfig, loadConfig } from './app-config';

/** Reads `.env` (when present) into the environment, then validates it. The one reader of process.env. */
export function configFromEnvironment(cwd = process.cwd()): AppConfig {
  const envFile = path.join(cwd, '.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  return loadConfig(process.env, cwd);
}

/**
 * The session secret: SESSION_SECRET when set, otherwise one generated at first start and kept in
 * data/session-secret, so sessions survive restarts without the admin having to choose one.
 */
export function resolveSessionSecret(config: AppConfig): string {
  if (config.session.secret) return config.session.secret;
  const file = path.join(config.dataDir, 'session-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
