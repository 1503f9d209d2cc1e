import { cleanFileName, fileTypeLabel, isAcceptedType } from './attachments.service';

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

describe('isAcceptedType', () => {
  const file = (originalName: string, mimeType = 'application/octet-stream') => ({ originalName, mimeType });

  it('accepts everything when the list is empty', () => {
    expect(isAcceptedType(file('setup.exe'), [])).toBe(true);
  });

  it('matches extensions case-insensitively, on the last extension only', () => {
    expect(isAcceptedType(file('Report.PDF'), ['.pdf'])).toBe(true);
    expect(isAcceptedType(file('report.pdf.exe'), ['.pdf'])).toBe(false);
    expect(isAcceptedType(file('archive.tar.gz'), ['.gz'])).toBe(true);
    expect(isAcceptedType(file('README'), ['.pdf'])).toBe(false);
  });

  it('matches exact MIME types and type/* patterns', () => {
    expect(isAcceptedType(file('shot', 'image/png'), ['image/*'])).toBe(true);
    expect(isAcceptedType(file('notes.txt', 'text/plain'), ['text/plain'])).toBe(true);
    expect(isAcceptedType(file('notes.txt', 'text/plain'), ['image/*'])).toBe(false);
    expect(isAcceptedType(file('x', 'imagery/png'), ['image/*'])).toBe(false);
  });
});

describe('fileTypeLabel', () => {
  it('names the extension, else the MIME type', () => {
    expect(fileTypeLabel({ originalName: 'Setup.EXE', mimeType: 'application/x-msdownload' })).toBe('.exe');
    expect(fileTypeLabel({ originalName: 'README', mimeType: 'text/plain' })).toBe('text/plain');
    expect(fileTypeLabel({ originalName: 'README', mimeType: 'not a type' })).toBe('application/octet-stream');
  });
});
