// Owns the public resolver (GET dns.test/resolve?name=&type=): what a resolver out on the internet answers now, with
// every change seen only once it has propagated. Anyone may ask; Connect does, to verify a domain (R23).
import { DNS_JSON_CONTENT_TYPE, type ResolveAnswer } from '../../../src/contracts/dns';
import { problem } from '../../shared/http';
import type { ChangeRow } from './db';
import { now, type DnsEnv } from './env';
import { lookupName, MESSAGES, parseName, parseQueryType, resolveAnswer, visibleRecords, zoneOf, type NameLookup } from './rules';

/** GET /resolve?name=company.com&type=TXT → ResolveAnswer (`application/dns-json`). The type defaults to A. */
export async function resolve(env: DnsEnv, request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  if (!query.get('name')) return problem(400, 'invalid_request', MESSAGES.resolveName, 'name');
  const parsed = parseName(query.get('name') ?? '');
  if (!parsed.ok) return problem(400, 'invalid_request', parsed.problem.message, 'name');
  const name = parsed.value;
  const typed = query.get('type') ?? 'A';
  const type = parseQueryType(typed);
  if (!type) return problem(400, 'invalid_request', MESSAGES.resolveType(typed), 'type');

  const at = now(env);
  const byZone = new Map<string, ChangeRow[]>();
  for (const change of await env.db.changes.toArray()) byZone.set(change.zone, [...(byZone.get(change.zone) ?? []), change]);
  const lookup = (target: string): NameLookup => {
    const zone = zoneOf(target, env.hostedZones);
    if (!zone) return { kind: 'no_zone' };
    return lookupName(target, zone, visibleRecords(byZone.get(zone) ?? [], at));
  };
  const answer: ResolveAnswer = resolveAnswer(name, type, lookup);
  return new Response(JSON.stringify(answer), { headers: { 'content-type': DNS_JSON_CONTENT_TYPE, 'cache-control': 'no-store' } });
}
