// Owns the HRM's calls to other servers, made over the in-tab network as a real server would (H1):
// Connect's find-or-create link and unlink, and the mail server's outbox.
import type { AccountStatusResponse, LinkAccountRequest, LinkAccountResponse } from '../../../src/contracts/connect';
import type { VerifiedDomainsResponse } from '../../../src/contracts/connect-domains';
import type { SendMailBatchRequest, SendMailBatchResponse, SendMailRequest } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';
import type { ServerContext } from '../../shared/server';
import { StorageFailure, type StorageFailureCode } from '../../shared/storage-failure';
import { CONNECT_APP_NAME, CONNECT_CLIENT_ID, MAIL_SUBMISSION_TOKEN } from './rules';

const INITIATOR = 'server:hrm.test';

/** `storage`: the peer could not store it (its storage is full or failed), which is no fault of the peer's own. */
export type PeerResult<T> = { ok: true; value: T } | { ok: false; reason: string; storage?: StorageFailure };

function basicAuth(secret: string): string {
  return `Basic ${btoa(`${CONNECT_CLIENT_ID}:${secret}`)}`;
}

async function call(ctx: ServerContext, request: Request): Promise<PeerResult<Response>> {
  try {
    const response = await ctx.network.fetch(request, { initiator: INITIATOR });
    if (response.ok) return { ok: true, value: response };
    let detail = '';
    try {
      const body = (await response.json()) as { code?: string; message?: string; cause?: string };
      // A peer whose storage failed says so in its users' words: passed on as it is, not as a code and status.
      if (body.message && (body.code === 'storage_full' || body.code === 'storage_failed')) {
        return { ok: false, reason: body.message, storage: new StorageFailure(body.code as StorageFailureCode, body.message, body.cause ?? body.message) };
      }
      detail = body.code ? ` ${body.code}${body.message ? `: ${body.message}` : ''}` : '';
    } catch {
      // Not JSON: the status says enough.
    }
    return { ok: false, reason: `${new URL(request.url).host} answered ${response.status}${detail}` };
  } catch (error) {
    return { ok: false, reason: `${new URL(request.url).host} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Headers of a submission to mail.test: JSON, with the HRM's submission credential. */
const MAIL_SUBMISSION_HEADERS = { authorization: `Bearer ${MAIL_SUBMISSION_TOKEN}`, 'content-type': 'application/json' } as const;

/** R4: Connect finds the account with that email or creates one, and records the HRM's link (idempotent). */
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

/** Tells Connect the HRM no longer links this account (R10). */
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
      headers: MAIL_SUBMISSION_HEADERS,
      body: JSON.stringify(mail),
    }),
  );
  return result.ok ? { ok: true, value: null } : result;
}

/** Many mails in one request; idempotent by `batchId` (a resumed job sends the same batch again). */
export async function sendMailBatch(ctx: ServerContext, batch: SendMailBatchRequest): Promise<PeerResult<SendMailBatchResponse>> {
  const result = await call(
    ctx,
    new Request(`${ORIGINS.mail}/api/messages/batch`, {
      method: 'POST',
      headers: MAIL_SUBMISSION_HEADERS,
      body: JSON.stringify(batch),
    }),
  );
  if (!result.ok) return result;
  try {
    const parsed = (await result.value.json()) as Partial<SendMailBatchResponse>;
    if (!Array.isArray(parsed.ids) || parsed.ids.length !== batch.messages.length) return { ok: false, reason: 'the mail server answered without an id per message' };
    return { ok: true, value: { ids: parsed.ids, duplicate: parsed.duplicate === true } };
  } catch {
    return { ok: false, reason: 'the mail server answered with a body that is not JSON' };
  }
}

/** Whether the Connect accounts of these linked users have a password (the Users view's "Password set" column). */
export async function accountStatusAtConnect(ctx: ServerContext, secret: string, accountIds: string[]): Promise<PeerResult<AccountStatusResponse>> {
  const result = await call(
    ctx,
    new Request(`${ORIGINS.connect}/api/accounts/status`, {
      method: 'POST',
      headers: { authorization: basicAuth(secret), 'content-type': 'application/json' },
      body: JSON.stringify({ accountIds }),
    }),
  );
  if (!result.ok) return result;
  try {
    const parsed = (await result.value.json()) as Partial<AccountStatusResponse>;
    return parsed.accounts && typeof parsed.accounts === 'object' ? { ok: true, value: { accounts: parsed.accounts } } : { ok: false, reason: 'Connect answered without accounts' };
  } catch {
    return { ok: false, reason: 'Connect answered with a body that is not JSON' };
  }
}

/** R13: the domains the organisation has verified at Connect, for linking without a code. */
export async function verifiedDomainsAtConnect(ctx: ServerContext, secret: string): Promise<PeerResult<string[]>> {
  const result = await call(ctx, new Request(`${ORIGINS.connect}/api/organisation/verified-domains`, { headers: { authorization: basicAuth(secret) } }));
  if (!result.ok) return result;
  try {
    const parsed = (await result.value.json()) as Partial<VerifiedDomainsResponse>;
    if (!Array.isArray(parsed.domains)) return { ok: false, reason: 'Connect answered without domains' };
    return { ok: true, value: parsed.domains.map((d) => d.domain) };
  } catch {
    return { ok: false, reason: 'Connect answered with a body that is not JSON' };
  }
}
