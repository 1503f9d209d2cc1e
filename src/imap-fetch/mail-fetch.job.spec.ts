import { fetchLeaseName, summarize } from './mail-fetch.job';

describe('summarize', () => {
  it('counts what intake made of the handed messages', () => {
    expect(summarize({ emailAccountId: 1, outcome: 'ok', handed: { created: 2, bounce_recorded: 1 }, error: null })).toBe('ok: 2 created, 1 bounce recorded');
    expect(summarize({ emailAccountId: 1, outcome: 'ok', handed: {}, error: null })).toBe('ok: no new mail');
  });

  it('gives the reason of a failure, and what was handed before it', () => {
    expect(summarize({ emailAccountId: 1, outcome: 'failed', handed: { appended: 1 }, error: 'Connection closed' })).toBe('failed: Connection closed (1 appended)');
  });

  it('says when another instance has the mailbox', () => {
    expect(summarize({ outcome: 'busy' })).toBe('busy: another instance is fetching this mailbox');
  });
});

describe('fetchLeaseName', () => {
  it('is one lease per mailbox', () => {
    expect(fetchLeaseName(7)).toBe('mail.fetch.7');
  });
});
