import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppRequest } from './request-context';
import type { Flash, LayoutLocals } from './view-models';

/** The settings the layouts and the `date` helper read (from SettingsService in the app). */
export interface LayoutSettings {
  helpdeskName: string;
  dateFormat: string;
  timezone: string;
  /** 'guests' | 'public' | 'invite': whether the portal offers accounts. */
  clientRegistration?: string;
}

export interface LocalsOptions {
  basePath: string;
  /** The configured name, shown when there are no settings to read (or they cannot be read). */
  helpdeskName: string;
  /** The help desk's settings; read only when a page is rendered. */
  settings?: () => Promise<LayoutSettings>;
  /** Returns the session's CSRF token, creating one (and so the session) when there is none yet. */
  csrfToken: (req: AppRequest) => string;
}

/**
 * Puts the LayoutLocals every page uses on res.locals, and req.flash() for controllers.
 *
 * `csrfToken` and `flash` are getters: they touch the session only when a page is actually rendered,
 * so requests that render nothing (health checks, redirects, downloads) never create a session. Each
 * getter is configurable, so the error filter can swap in a plain value.
 */
export function localsMiddleware(options: LocalsOptions): RequestHandler {
  const base = options.basePath.replace(/\/+$/, '');
  return (request: Request, res: Response, next: NextFunction) => {
    const req = request as AppRequest;
    const locals = res.locals as Partial<LayoutLocals>;
    locals.base = base;
    locals.helpdeskName = options.helpdeskName;
    locals.staff = req.user ? { id: req.user.id, name: req.user.name, isAdmin: req.user.isAdmin } : null;
    const portal = req.session?.portal;
    locals.portalAccess = portal ? { email: portal.email, account: portal.account === true } : null;

    let token: string | undefined;
    Object.defineProperty(res.locals, 'csrfToken', {
      enumerable: true,
      configurable: true,
      get: () => (token ??= options.csrfToken(req)),
    });

    // The messages are read once per request: the first render takes them out of the session.
    let flash: Flash[] | undefined;
    Object.defineProperty(res.locals, 'flash', {
      enumerable: true,
      configurable: true,
      get: () => {
        if (flash) return flash;
        flash = req.session?.flash ?? [];
        if (req.session?.flash) delete req.session.flash;
        return flash;
      },
    });

    req.flash = (type, message) => {
      if (!req.session) return;
      (req.session.flash ??= []).push({ type, message });
    };
    if (options.settings) applySettingsBeforeRender(res, locals, options.settings);
    next();
  };
}

/**
 * The help desk name, date format and time zone are settings, kept in the database: they are read when
 * a page is actually rendered, just before it, so health probes, redirects, downloads and the API never
 * wait on that read. CASE: when they cannot be read (the database is down and the page is most likely
 * the 503 one), the configured name and the default date format stand.
 */
function applySettingsBeforeRender(res: Response, locals: Partial<LayoutLocals>, read: () => Promise<LayoutSettings>): void {
  const render = res.render.bind(res) as (...args: unknown[]) => void;
  res.render = ((...args: unknown[]) => {
    read()
      .then(
        (settings) => {
          locals.helpdeskName = settings.helpdeskName;
          locals.dateFormat = settings.dateFormat;
          locals.timezone = settings.timezone;
          locals.portalAccounts = settings.clientRegistration !== undefined && settings.clientRegistration !== 'guests';
        },
        () => undefined,
      )
      .then(() => render(...args))
      .catch((err: unknown) => res.req.next?.(err));
  }) as Response['render'];
}
