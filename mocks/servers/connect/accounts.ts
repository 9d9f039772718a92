// Owns the server-to-server account API (clients authenticate with HTTP Basic, RFC 6749 §2.3.1): an application
// links one of its users to the account for an email, found or created, and removes its link (R10).
import { z } from 'zod';
import { ACCOUNT_STATUS_LIMIT, type AccountStatusResponse, type LinkAccountResponse } from '../../../src/contracts/connect';
import { parseEmail } from '../../../src/domain/email';
import { json, problemFrom, readJson } from '../../shared/http';
import type { AccountRow, AuditRow } from './db';
import { auditEntry, connectProblem, now, requireClient, type ConnectEnv } from './env';
import { MESSAGES, newAccount, sameApp, withApp, withoutApp } from './rules';

const LinkBody = z.object({
  email: z.string(),
  name: z.string().max(200),
  externalUserId: z.string().min(1).max(200),
});

/**
 * POST /api/accounts/link LinkAccountRequest → LinkAccountResponse. R4: "a Connect account will be created for
 * you using this email address … If you already have a Connect account with this email, your existing account will
 * instead be linked". Find-or-create runs in one transaction on the unique email index, so it never duplicates;
 * calling it again changes nothing (created: false).
 */
export async function linkAccount(env: ConnectEnv, request: Request): Promise<Response> {
  const client = await requireClient(env, request);
  const body = await readJson(request, LinkBody);
  const email = parseEmail(body.email);
  if (!email.ok) return problemFrom(422, email.problem);
  const name = body.name.trim() || email.value;
  const at = now(env);

  const result = await env.db.transaction('rw', env.db.accounts, env.db.audit, async (): Promise<LinkAccountResponse> => {
    const existing = await env.db.accounts.where('email').equals(email.value).first();
    const audit: AuditRow[] = [];
    let account: AccountRow;
    if (existing) {
      account = {
        ...existing,
        apps: withApp(existing.apps, client.name),
        externalIds: { ...existing.externalIds, [client.name]: body.externalUserId },
      };
    } else {
      // A new account has no password: the user sets one through "Forgot your password?" (R5).
      account = newAccount({
        id: `acc_${env.ctx.random.hex(8)}`,
        email: email.value,
        name,
        createdAt: at,
        apps: [client.name],
        externalIds: { [client.name]: body.externalUserId },
      });
      audit.push(
        auditEntry(env, 'account.created', `Account created for ${email.value} by ${client.name}`, {
          accountId: account.id,
          email: email.value,
        }),
      );
    }
    if (!existing || !existing.apps.some((a) => sameApp(a, client.name))) {
      audit.push(
        auditEntry(env, 'account.linked', `${account.email} linked to ${client.name}`, { accountId: account.id, email: account.email }),
      );
    }
    await env.db.accounts.put(account);
    if (audit.length > 0) await env.db.audit.bulkAdd(audit);
    return { accountId: account.id, created: !existing };
  });
  return json<LinkAccountResponse>(result);
}

/** DELETE /api/accounts/:accountId/links/:app → 204. A client removes only its own link; removing it twice is fine. */
export async function unlinkAccount(env: ConnectEnv, _request: Request, params: { accountId: string; app: string }): Promise<Response> {
  const client = await requireClient(env, _request);
  if (!sameApp(params.app, client.name)) return connectProblem(403, 'invalid_request', MESSAGES.otherAppsLink(client.id, client.name));

  const found = await env.db.transaction('rw', env.db.accounts, env.db.audit, async () => {
    const account = await env.db.accounts.get(params.accountId);
    if (!account) return false;
    if (account.apps.some((a) => sameApp(a, client.name))) {
      const externalIds = { ...account.externalIds };
      delete externalIds[client.name];
      await env.db.accounts.update(account.id, { apps: withoutApp(account.apps, client.name), externalIds });
      await env.db.audit.add(
        auditEntry(env, 'account.unlinked', `${account.email} unlinked from ${client.name}`, {
          accountId: account.id,
          email: account.email,
        }),
      );
    }
    return true;
  });
  if (!found) return connectProblem(404, 'not_found', MESSAGES.accountNotFound(params.accountId));
  return new Response(null, { status: 204 });
}

const StatusBody = z.object({ accountIds: z.array(z.string().min(1).max(200)).max(ACCOUNT_STATUS_LIMIT) });

/**
 * POST /api/accounts/status {accountIds} → AccountStatusResponse: whether each account has a password, for accounts
 * linked to the asking application only (an application learns nothing of accounts it does not link).
 */
export async function accountStatus(env: ConnectEnv, request: Request): Promise<Response> {
  const client = await requireClient(env, request);
  const body = await readJson(request, StatusBody);
  const rows = await env.db.accounts.bulkGet(body.accountIds);
  const accounts: AccountStatusResponse['accounts'] = {};
  for (const row of rows)
    if (row && row.apps.some((a) => sameApp(a, client.name))) accounts[row.id] = { hasPassword: row.passwordHash !== null };
  return json<AccountStatusResponse>({ accounts });
}
