import { url } from './url.helper';

const opts = (base?: unknown) => ({ data: { root: base === undefined ? {} : { base } }, hash: {} });

describe('url helper', () => {
  it('returns the path unchanged when the base is empty', () => {
    expect(url('/scp/tickets', opts(''))).toBe('/scp/tickets');
  });

  it('prefixes the base path', () => {
    expect(url('/scp/tickets', opts('/osTicket'))).toBe('/osTicket/scp/tickets');
  });

  it('does not double the slash when the base ends with one', () => {
    expect(url('/public/css/app.css', opts('/help/'))).toBe('/help/public/css/app.css');
  });

  it('concatenates extra arguments, numbers included', () => {
    expect(url('/scp/tickets/', 42, '/reply', opts('/osTicket'))).toBe('/osTicket/scp/tickets/42/reply');
  });

  it('prints nothing for null or undefined parts', () => {
    expect(url('/tickets/', null, undefined, opts(''))).toBe('/tickets/');
  });

  it('works when the root has no base', () => {
    expect(url('/', opts())).toBe('/');
    expect(url('/', { hash: {} })).toBe('/');
  });
});
