// Owns the DNS provider simulated server (dns.test and the websites of its domains): its database, seed and handler
// list, as the workspace runtime creates it; on start it learns its zones and puts pending propagations on the clock.
import type { ServerContext, SimulatedServer } from '../../shared/server';
import type { WorkspaceTemplate } from '../../templates/template';
import { DnsDb } from './db';
import { scheduleChange, type DnsEnv } from './env';
import { dnsHandlers } from './handlers';
import { seedDns } from './seed';

export function createDnsServer(ctx: ServerContext): SimulatedServer {
  const db = new DnsDb(ctx.workspaceId);
  const env: DnsEnv = { db, ctx, hostedZones: new Set() };
  return {
    name: 'dns',
    handlers: dnsHandlers(env),
    seed: (template: WorkspaceTemplate) => seedDns(db, ctx, template),
    start: async () => {
      env.hostedZones = new Set(await db.zones.toCollection().primaryKeys());
      for (const change of await db.changes.where('visibleAt').above(ctx.clock.now()).toArray()) scheduleChange(env, change);
    },
    close: () => db.close(),
  };
}
