/** Where a fetched message came from: the account and the message's place in the folder. */
export interface ImapMailSource {
  kind: 'imap';
  emailAccountId: number;
  /** "<uidvalidity>:<uid>" in the account's folder, for the inbound journal. */
  remoteRef?: string;
}

export type ReceiveStatus = 'created' | 'appended' | 'duplicate' | 'quarantined' | 'ignored' | 'bounce_recorded';

export interface ReceiveOutcome {
  inboundId: number;
  status: ReceiveStatus;
  ticketNumber?: string;
  reason?: string;
}

/**
 * What the fetcher hands each message to: inbound-mail intake (bound in ImapFetchModule). Whatever it
 * returns has been committed; it throws when it could not commit, and the message is then left as it was.
 */
export abstract class MailReceiver {
  abstract receive(raw: Buffer, source: ImapMailSource): Promise<ReceiveOutcome>;
}
