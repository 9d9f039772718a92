// Owns the HRM's calls to other servers, made over the in-tab network as a real server would (H1):
// Connect's find-or-create link and unlink, and the mail server's outbox.
import type { AccountStatusResponse, LinkAccountRequest, LinkAccountResponse } from '../../../src/contracts/connect';
import type { VerifiedDomainsResponse } from '../../../src/contracts/connect-domains';
import type { SendMailBatchRequest, SendMailBatchResponse, SendMailRequest } from '../../../src/contracts/mail';
import { CONNECT_API } from '../../../src/contracts/connect-api';
import { urlOf, type Endpoint, type ParamsOf } from '../../../src/contracts/endpoint';
import { MAIL_API } from '../../../src/contracts/mail';
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
        return {
          ok: false,
          reason: body.message,
          storage: new StorageFailure(body.code as StorageFailureCode, body.message, body.cause ?? body.message),
        };
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

/** A request to an endpoint of a peer's table, with a JSON body when given. */
function peerRequest<E extends Endpoint>(endpoint: E, params: ParamsOf<E>, headers: Record<string, string>, body?: unknown): Request {
  return new Request(urlOf(endpoint, params), {
    method: endpoint.method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Headers of a submission to mail.test: JSON, with the HRM's submission credential. */
const MAIL_SUBMISSION_HEADERS = { authorization: `Bearer ${MAIL_SUBMISSION_TOKEN}` };

/** R4: Connect finds the account with that email or creates one, and records the HRM's link (idempotent). */
export async function linkAtConnect(
  ctx: ServerContext,
  secret: string,
  body: LinkAccountRequest,
): Promise<PeerResult<LinkAccountResponse>> {
  const result = await call(ctx, peerRequest(CONNECT_API.linkAccount, {}, { authorization: basicAuth(secret) }, body));
  if (!result.ok) return result;
  try {
    const parsed = (await result.value.json()) as Partial<LinkAccountResponse>;
    if (typeof parsed.accountId !== 'string' || parsed.accountId.length === 0)
      return { ok: false, reason: 'Connect answered without an accountId' };
    return { ok: true, value: { accountId: parsed.accountId, created: parsed.created === true } };
  } catch {
    return { ok: false, reason: 'Connect answered with a body that is not JSON' };
  }
}

/** Tells Connect the HRM no longer links this account (R10). */
export async function unlinkAtConnect(ctx: ServerContext, secret: string, accountId: string): Promise<PeerResult<null>> {
  const result = await call(
    ctx,
    peerRequest(CONNECT_API.unlinkAccount, { accountId, app: CONNECT_APP_NAME }, { authorization: basicAuth(secret) }),
  );
  return result.ok ? { ok: true, value: null } : result;
}

export async function sendMail(ctx: ServerContext, mail: SendMailRequest): Promise<PeerResult<null>> {
  const result = await call(ctx, peerRequest(MAIL_API.send, {}, MAIL_SUBMISSION_HEADERS, mail));
  return result.ok ? { ok: true, value: null } : result;
}

/** Many mails in one request; idempotent by `batchId` (a resumed job sends the same batch again). */
export async function sendMailBatch(ctx: ServerContext, batch: SendMailBatchRequest): Promise<PeerResult<SendMailBatchResponse>> {
  const result = await call(ctx, peerRequest(MAIL_API.sendBatch, {}, MAIL_SUBMISSION_HEADERS, batch));
  if (!result.ok) return result;
  try {
    const parsed = (await result.value.json()) as Partial<SendMailBatchResponse>;
    if (!Array.isArray(parsed.ids) || parsed.ids.length !== batch.messages.length)
      return { ok: false, reason: 'the mail server answered without an id per message' };
    return { ok: true, value: { ids: parsed.ids, duplicate: parsed.duplicate === true } };
  } catch {
    return { ok: false, reason: 'the mail server answered with a body that is not JSON' };
  }
}

/** Whether the Connect accounts of these linked users have a password (the Users view's "Password set" column). */
export async function accountStatusAtConnect(
  ctx: ServerContext,
  secret: string,
  accountIds: string[],
): Promise<PeerResult<AccountStatusResponse>> {
  const result = await call(ctx, peerRequest(CONNECT_API.accountStatus, {}, { authorization: basicAuth(secret) }, { accountIds }));
  if (!result.ok) return result;
  try {
    const parsed = (await result.value.json()) as Partial<AccountStatusResponse>;
    return parsed.accounts && typeof parsed.accounts === 'object'
      ? { ok: true, value: { accounts: parsed.accounts } }
      : { ok: false, reason: 'Connect answered without accounts' };
  } catch {
    return { ok: false, reason: 'Connect answered with a body that is not JSON' };
  }
}

/** R13: the domains the organisation has verified at Connect, for linking without a code. */
export async function verifiedDomainsAtConnect(ctx: ServerContext, secret: string): Promise<PeerResult<string[]>> {
  const result = await call(ctx, peerRequest(CONNECT_API.verifiedDomains, {}, { authorization: basicAuth(secret) }));
  if (!result.ok) return result;
  try {
    const parsed = (await result.value.json()) as Partial<VerifiedDomainsResponse>;
    if (!Array.isArray(parsed.domains)) return { ok: false, reason: 'Connect answered without domains' };
    return { ok: true, value: parsed.domains.map((d) => d.domain) };
  } catch {
    return { ok: false, reason: 'Connect answered with a body that is not JSON' };
  }
}
