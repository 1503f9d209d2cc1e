/** The part of Handlebars' options object this helper reads. */
type UrlHelperOptions = { data?: { root?: { base?: unknown } } };

/**
 * `{{url "/scp/tickets/" id}}` -> "/osTicket/scp/tickets/42".
 * Prefixes the base path from the root context so the app can live under a sub-path (as osTicket often
 * does); the parts are joined as given. Null/undefined parts print nothing rather than "undefined".
 */
export function url(...args: unknown[]): string {
  const options = args.pop() as UrlHelperOptions | undefined;
  const root = options?.data?.root;
  const base = typeof root?.base === 'string' ? root.base.replace(/\/+$/, '') : '';
  const path = args.map((part) => (part === null || part === undefined ? '' : String(part))).join('');
  return base + path;
}
