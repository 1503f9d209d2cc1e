import { Dovecot } from '../support/dovecot';

const raw = (subject: string) => `From: Ann <ann@example.com>\r\nTo: help@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.com>\r\n\r\nHello\r\n`;

/** The test Dovecot itself: starts, takes messages, reports flags and folders, renumbers on demand. */
describe('test Dovecot', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await Dovecot.start({ support: 'secret-1' });
  });
  afterAll(() => dovecot?.stop());

  it('appends messages and reads them back with flags', async () => {
    const uids = await dovecot.append('support', [raw('first'), raw('second')]);
    expect(uids).toEqual([1, 2]);
    await dovecot.append('support', [raw('seen one')], 'INBOX', ['\\Seen']);
    const messages = await dovecot.messages('support');
    expect(messages.map((m) => [m.uid, m.subject, m.flags])).toEqual([[1, 'first', []], [2, 'second', []], [3, 'seen one', ['\\Seen']]]);
  });

  it('creates folders and lists them', async () => {
    await dovecot.createFolder('support', 'Archive');
    expect(await dovecot.folders('support')).toEqual(['Archive', 'INBOX']);
    expect(await dovecot.messages('support', 'Archive')).toEqual([]);
    expect(await dovecot.messages('support', 'Nowhere')).toEqual([]);
  });

  it('gives INBOX a new UIDVALIDITY and renumbers its messages', async () => {
    const before = await dovecot.uidValidity('support');
    const after = await dovecot.resetUidValidity('support');
    expect(after).not.toBe(before);
    expect((await dovecot.messages('support')).map((m) => m.subject)).toEqual(['first', 'second', 'seen one']);
  });

  it('refuses a wrong password', async () => {
    await expect(dovecot.client('support', 'wrong')).rejects.toMatchObject({ authenticationFailed: true });
  });
});
