import { issueChallenge, verifyChallenge } from './challenge';

const now = new Date('2026-11-23T15:00:00Z');
const answerOf = (question: string) => String(question.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0));

describe('form challenge', () => {
  it('accepts the right answer before expiry, and nothing else', () => {
    const { question, token } = issueChallenge('secret', now);
    expect(question).toMatch(/^What is \d plus \d\?$/);
    const answer = answerOf(question);
    expect(verifyChallenge('secret', token, ` ${answer} `, now)).toMatchObject({ nonce: token.split('.')[0] });
    expect(verifyChallenge('secret', token, String(Number(answer) + 1), now)).toBeNull();
    expect(verifyChallenge('other-secret', token, answer, now)).toBeNull();
    expect(verifyChallenge('secret', token, answer, new Date(now.getTime() + 31 * 60_000))).toBeNull();
    expect(verifyChallenge('secret', `${token}x`, answer, now)).toBeNull();
    expect(verifyChallenge('secret', ['x'], answer, now)).toBeNull();
    expect(verifyChallenge('secret', token, 'eleven', now)).toBeNull();
  });

  it('does not carry the answer in the token', () => {
    const { token } = issueChallenge('secret', now);
    const [nonce, expires] = token.split('.');
    expect(expires).toBe(String(now.getTime() / 1000 + 1800));
    expect(nonce).toHaveLength(22);
  });
});
