import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';

/**
 * Raw inbound mail on disk (DATA_DIR/inbound-mail), not in a database blob: a mail may be tens of MB,
 * more than MariaDB's default max_allowed_packet and a poor fit for the row cache, and the data folder
 * is already the shared volume that attachments live on when several instances run.
 */
@Injectable()
export class RawMailStore {
  private readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = config.inboundMail.dir;
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Writes and syncs the bytes under a new random name, so they survive a crash right after. */
  write(raw: Buffer): string {
    const name = `${randomBytes(16).toString('hex')}.eml`;
    const fd = fs.openSync(path.join(this.dir, name), 'wx', 0o600);
    try {
      fs.writeSync(fd, raw);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return name;
  }

  read(name: string): Buffer {
    return fs.readFileSync(this.pathOf(name));
  }

  remove(name: string): void {
    fs.rmSync(this.pathOf(name), { force: true });
  }

  /** Only names this store made: never a path from elsewhere. */
  private pathOf(name: string): string {
    if (!/^[0-9a-f]{32}\.eml$/.test(name)) throw new Error('not a stored mail name');
    return path.join(this.dir, name);
  }
}
