// Owns making one identity provider's simulated server from its brand: its own database (named after the provider),
// seed and handler list, the same for entra.test, google.test, okta.test and ping.test.
import type { ServerContext, SimulatedServer } from '../server';
import type { WorkspaceTemplate } from '../../templates/template';
import type { IdpBrand } from './brand';
import { ExternalIdpDb } from './db';
import type { IdpEnv } from './env';
import { externalIdpHandlers } from './handlers';
import { idpMessages } from './rules';
import { seedExternalIdp } from './seed';

export function createExternalIdpServer(ctx: ServerContext, brand: IdpBrand): SimulatedServer {
  const db = new ExternalIdpDb(ctx.workspaceId, brand.idp);
  const env: IdpEnv = { db, ctx, brand, messages: idpMessages(brand) };
  return {
    name: brand.idp,
    handlers: externalIdpHandlers(env),
    seed: (template: WorkspaceTemplate) => seedExternalIdp(db, ctx, brand, template),
    close: () => db.close(),
  };
}
