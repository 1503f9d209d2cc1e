import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppRequest } from './request-context';
import type { Flash, LayoutLocals } from './view-models';

export interface LocalsOptions {
  basePath: string;
  helpdeskName: string;
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
    locals.portalAccess = portal ? { email: portal.email } : null;

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
    next();
  };
}
