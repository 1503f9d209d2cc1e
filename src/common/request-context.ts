import 'express-session';
import type { Request } from 'express';
import type { Flash } from './view-models';

/** A file the upload middleware wrote to the temp folder; the attachments service moves or deletes it. */
export interface UploadedFile {
  tempPath: string;
  originalName: string;
  mimeType: string;
  size: number;
}

/**
 * What the session carries for a portal visitor: who they are, and either the tickets they proved they
 * may see (email + ticket number, an access link, a ticket they just opened) or, when signed in with a
 * portal account, `account: true` (every ticket the portal rules let them see).
 */
export interface PortalAccess {
  email: string;
  userId: number;
  ticketIds: number[];
  account?: boolean;
}

declare module 'express-session' {
  interface SessionData {
    flash?: Flash[];
    portal?: PortalAccess;
    /** The number of the ticket just opened on the portal, for the thank-you page. */
    lastOpenedTicket?: string;
    /** When the agent logged in (epoch ms): StaffGuard ends the session SESSION_ABSOLUTE_HOURS later. */
    loggedInAt?: number;
    /**
     * A right password for an agent with two-factor login, waiting for the code (src/two-factor/): who, since
     * when (epoch ms; the step expires after 5 minutes), and where to go after.
     */
    pendingTwoFactor?: { staffId: number; at: number; next?: string };
  }
}

/** The signed-in agent, as passport puts it on req.user (see auth/). */
export interface AgentPrincipal {
  id: number;
  name: string;
  isAdmin: boolean;
}

export type AppRequest = Request & {
  uploads?: UploadedFile[];
  /** Set when the multipart body broke a limit; the controller re-renders its form with this message. */
  uploadError?: string;
  flash?: (type: Flash['type'], message: string) => void;
  user?: AgentPrincipal;
};
