// Owns google.test as the workspace runtime creates it: the shared identity provider kit with this provider's brand.
import type { ServerContext, SimulatedServer } from '../../shared/server';
import { createExternalIdpServer } from '../../shared/external-idp/server';
import { GOOGLE } from './brand';

export function createGoogleServer(ctx: ServerContext): SimulatedServer {
  return createExternalIdpServer(ctx, GOOGLE);
}
