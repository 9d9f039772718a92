// Owns ping.test as the workspace runtime creates it: the shared identity provider kit with this provider's brand.
import type { ServerContext, SimulatedServer } from '../../shared/server';
import { createExternalIdpServer } from '../../shared/external-idp/server';
import { PING } from './brand';

export function createPingServer(ctx: ServerContext): SimulatedServer {
  return createExternalIdpServer(ctx, PING);
}
