// Owns the HRM's calls to other servers, made over the in-tab network as a real server would (DESIGN.md rule 1):
// Connect's find-or-create link and unlink, and the mail server's outbox.
import type { LinkAccountRequest, LinkAccountResponse } from '../../../src/contracts/connect';
import type { SendMailRequest } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';
import type { ServerContext } from '../../shared/server';
import { CONNECT_APP_NAME, CONNECT_CLIENT_ID } from './rules';

const INITIATOR = 'server:hrm.test';

export type PeerResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function basicAuth(secret: string): string {
  return `Basic ${btoa(`${CONNECT_CLIENT_ID}:${secret}`)}`;
}

async function call(ctx: ServerContext, request: Request): Promise<PeerResult<Response>> {
  try {
    const response = await ctx.network.fetch(request, { initiator: INITIATOR });
    if (response.ok) return { ok: true, value: response };
    let detail = '';
    try {
      const body = (await response.json()) as { code?: string; message?: string };
      detail = body.code ? ` ${body.code}${body.message ? `: ${body.message}` : ''}` : '';
    } catch {
      // Not JSON: the status says enough.
    }
    return { ok: false, reason: `${new URL(request.url).host} answered ${response.status}${detail}` };
  } catch (error) {
    return { ok: false, reason: `${new URL(request.url).host} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Seed 000: Connect finds the account with that email or creates one, and records the HRM's link (idempotent). */
export async function linkAtConnect(ctx: ServerContext, secret: string, body: LinkAccountRequest): Promise<PeerResult<LinkAccountResponse>> {
  const result = await call(
    ctx,
    new Request(`${ORIGINS.connect}/api/accounts/link`, {
      method: 'POST',
      headers: { authorization: basicAuth(secret), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  if (!result.ok) return result;
  try {
    const parsed = (await result.value.json()) as Partial<LinkAccountResponse>;
    if (typeof parsed.accountId !== 'string' || parsed.accountId.length === 0) return { ok: false, reason: 'Connect answered without an accountId' };
    return { ok: true, value: { accountId: parsed.accountId, created: parsed.created === true } };
  } catch {
    return { ok: false, reason: 'Connect answered with a body that is not JSON' };
  }
}

/** Tells Connect the HRM no longer links this account (rule 10). */
export async function unlinkAtConnect(ctx: ServerContext, secret: string, accountId: string): Promise<PeerResult<null>> {
  const result = await call(
    ctx,
    new Request(`${ORIGINS.connect}/api/accounts/${encodeURIComponent(accountId)}/links/${CONNECT_APP_NAME}`, {
      method: 'DELETE',
      headers: { authorization: basicAuth(secret) },
    }),
  );
  return result.ok ? { ok: true, value: null } : result;
}

export async function sendMail(ctx: ServerContext, mail: SendMailRequest): Promise<PeerResult<null>> {
  const result = await call(
    ctx,
    new Request(`${ORIGINS.mail}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(mail),
    }),
  );
  return result.ok ? { ok: true, value: null } : result;
}
