import { changedFields, redact } from './audit.service';

describe('audit redaction', () => {
  it('masks secrets and keeps plain values', () => {
    expect(redact({ name: 'Ann', passwordHash: 'x', totpSecret: 'y', apiKeyHash: 'z', isAdmin: true, at: new Date('2026-01-02T03:04:05Z') }))
      .toEqual({ name: 'Ann', passwordHash: '[redacted]', totpSecret: '[redacted]', apiKeyHash: '[redacted]', isAdmin: true, at: '2026-01-02T03:04:05.000Z' });
  });

  it('drops nested objects (relations) but keeps arrays', () => {
    expect(redact({ role: { id: 1 }, permissions: ['ticket.reply'] })).toEqual({ permissions: ['ticket.reply'] });
  });

  it('reports only what changed', () => {
    expect(changedFields({ name: 'A', isActive: true, ids: [1] }, { name: 'B', isActive: true, ids: [1] })).toEqual({ before: { name: 'A' }, after: { name: 'B' } });
  });
});
