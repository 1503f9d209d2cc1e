import { Global, Module } from '@nestjs/common';
import { AccessLinksService } from './access-links.service';

/** Signed ticket access links, used by mail (to issue them) and the portal (to honour them). Global. */
@Global()
@Module({ providers: [AccessLinksService], exports: [AccessLinksService] })
export class PortalAccessModule {}
