import { cleanFileName } from './attachments.service';

describe('cleanFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\karen\\shot.png', 'shot.png'],
    ['"evil".html', '_evil_.html'],
    ['line\r\nbreak.txt', 'line__break.txt'],
    ['...hidden', 'hidden'],
    ['', 'attachment'],
  ])('%j -> %j', (input, expected) => {
    expect(cleanFileName(input)).toBe(expected);
  });

  it('keeps at most 255 characters, from the end so the extension survives', () => {
    const long = `${'a'.repeat(300)}.pdf`;
    expect(cleanFileName(long)).toHaveLength(255);
    expect(cleanFileName(long).endsWith('.pdf')).toBe(true);
  });
});
