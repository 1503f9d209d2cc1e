import { safeCell } from './ticket-csv';

describe('safeCell', () => {
  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const v of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\r=1']) expect(safeCell(v)).toBe(`'${v}`);
  });

  it('leaves other text alone', () => {
    for (const v of ['Printer on fire', '', '123', 'a=b', ' =x']) expect(safeCell(v)).toBe(v);
  });
});
