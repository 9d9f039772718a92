// Owns Connect's inspection answer (GET /_sim/machines?email=…, src/contracts/inspection.ts): the verification machine
// of every domain of the organisations the accounts with these emails administer, as the database holds it — for the
// x-ray's state diagrams of an administrator persona (R28).
import type { ConnectInspection } from '../../../src/contracts/inspection';
import { normalizeEmail } from '../../../src/domain/email';
import { problem } from '../../shared/http';
import { inspectionAnswer, machineInstance } from '../../shared/inspection';
import { now, type ConnectEnv } from './env';
import { administeredBy } from './organisation';

export async function inspectMachines(env: ConnectEnv, request: Request): Promise<Response> {
  const emails = new URL(request.url).searchParams.getAll('email').map(normalizeEmail);
  if (emails.length === 0 || emails.some((email) => email === ''))
    throw problem(400, 'invalid_request', 'email: one or more emails of the persona', 'email');
  const accounts = await env.db.accounts.where('email').anyOf(emails).toArray();
  const organisations = new Set<string>();
  for (const account of accounts) {
    const organisation = await administeredBy(env, account.id);
    if (organisation) organisations.add(organisation.id);
  }
  const rows =
    organisations.size === 0
      ? []
      : await env.db.domains
          .where('organisationId')
          .anyOf([...organisations])
          .sortBy('domain');
  const answer: ConnectInspection = {
    at: now(env),
    domains: rows.map((row) =>
      machineInstance('domainVerification', row.domain, {
        value: row.machine.value,
        context: row.machine.context,
        lastEvents: row.lastEvents,
      }),
    ),
  };
  return inspectionAnswer(answer);
}
