import { REPLY_ABOVE_MARKER, trimQuoted } from './quoted-text';

describe('trimQuoted', () => {
  it('cuts at our reply-above marker', () => {
    expect(trimQuoted(`Thanks, fixed.\n\n${REPLY_ABOVE_MARKER}\nYour ticket #1 ...`)).toBe('Thanks, fixed.');
    expect(trimQuoted('Ok\n> ##- Reply above this line -##\n> old')).toBe('Ok');
  });

  it('cuts Gmail and Apple Mail "On ... wrote:" lines, also wrapped over two lines', () => {
    expect(trimQuoted('Yes please.\n\nOn Mon, 23 Nov 2026 at 10:00, Help Desk <help@x.example> wrote:\n> Shall we?')).toBe('Yes please.');
    expect(trimQuoted('Sure\n\nOn 23 Nov 2026, at 10:00, Help Desk\n<help@x.example> wrote:\n\n> Q')).toBe('Sure');
    expect(trimQuoted('Ja\n\nAm 23.11.2026 um 10:00 schrieb Help <h@x>:\n> Frage')).toBe('Ja');
  });

  it('cuts Outlook blocks and "Original Message" separators', () => {
    expect(trimQuoted('Done.\n\n________________________________\nFrom: Help Desk <h@x>\nSent: Monday\nTo: Karen\nSubject: Re')).toBe('Done.');
    expect(trimQuoted('Done.\n\nFrom: Help Desk <h@x>\nSent: Monday, November 23, 2026 10:00 AM\nTo: Karen\nSubject: Re')).toBe('Done.');
    expect(trimQuoted('Done.\n\n-----Original Message-----\nFrom: h@x')).toBe('Done.');
  });

  it('drops trailing quotes and a "-- " signature, keeps answers between quotes', () => {
    expect(trimQuoted('> question 1\nanswer 1\n> question 2\nanswer 2\n\n-- \nKaren Lee\nACME')).toBe('> question 1\nanswer 1\n> question 2\nanswer 2');
    expect(trimQuoted('Fine\n\n> old\n> older')).toBe('Fine');
  });

  it('keeps a forward whole, and the whole text when trimming would leave nothing', () => {
    const forward = 'FYI\n\n---------- Forwarded message ---------\nFrom: Boss <b@x>\nDate: Mon\nSubject: Outage\nTo: me\n\nServers down.';
    expect(trimQuoted(forward)).toBe(forward);
    expect(trimQuoted('> only a quote')).toBe('> only a quote');
  });
});
