// Owns running one "Verify": asking the DNS resolver (or the domain's website) over the network, as Connect on the
// internet would, and turning the answers into one coded result (rules.ts). Nothing is stored here.
import type { DomainCheck, VerificationMethod } from '../../../../src/contracts/connect-domains';
import { now, type ConnectEnv } from '../env';
import { fetchWebsiteFile, resolveDns } from '../peers';
import { evaluateCname, evaluateHttps, evaluateTxt, fileUrl, lookupFailed, lookupsFor, type DnsLookup } from './rules';

export async function checkDomain(env: ConnectEnv, domain: string, token: string, method: VerificationMethod): Promise<DomainCheck> {
  if (method === 'https') {
    const fetched = await fetchWebsiteFile(env.ctx, fileUrl(domain, token));
    return fetched.ok ? evaluateHttps(domain, token, fetched.value, now(env)) : lookupFailed(method, domain, fetched.reason, now(env));
  }
  const lookups: DnsLookup[] = [];
  for (const plan of lookupsFor(method, domain)) {
    const answered = await resolveDns(env.ctx, plan.name, plan.type);
    if (!answered.ok) return lookupFailed(method, domain, answered.reason, now(env));
    lookups.push({ ...plan, answer: answered.value });
  }
  return method === 'txt' ? evaluateTxt(domain, token, lookups, now(env)) : evaluateCname(domain, token, lookups, now(env));
}
