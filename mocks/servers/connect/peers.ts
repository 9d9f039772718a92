// Owns Connect's calls to other servers, made over the in-tab network as a real server would (H1):
// the mail server's outbox, the DNS as resolvers on the internet see it, and the websites of customers' domains.
import type { ResolveAnswer } from '../../../src/contracts/dns';
import { urlOf } from '../../../src/contracts/endpoint';
import { MAIL_API, type SendMailRequest } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';
import type { ServerContext } from '../../shared/server';
import { MAIL_SUBMISSION_TOKEN } from './rules';

const INITIATOR = 'server:connect.test';

export type PeerResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export async function sendMail(ctx: ServerContext, mail: SendMailRequest): Promise<PeerResult<{ id: string }>> {
  const url = urlOf(MAIL_API.send, {});
  try {
    const response = await ctx.network.fetch(
      new Request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${MAIL_SUBMISSION_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(mail),
      }),
      { initiator: INITIATOR },
    );
    const body = (await response.json().catch(() => ({}))) as { id?: string; code?: string; message?: string };
    if (response.ok && typeof body.id === 'string') return { ok: true, value: { id: body.id } };
    // The mail server's storage failed: its own words, not a code and status.
    if (body.message && (body.code === 'storage_full' || body.code === 'storage_failed')) return { ok: false, reason: body.message };
    const detail = body.code ? ` ${body.code}${body.message ? `: ${body.message}` : ''}` : '';
    return { ok: false, reason: `mail.test answered ${response.status}${detail}` };
  } catch (error) {
    return { ok: false, reason: `mail.test failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Asks the public resolver (dns.test/resolve) for `name`'s records of `type`, as any resolver on the internet would. */
export async function resolveDns(ctx: ServerContext, name: string, type: 'TXT' | 'CNAME'): Promise<PeerResult<ResolveAnswer>> {
  const url = `${ORIGINS.dns}/resolve?name=${encodeURIComponent(name)}&type=${type}`;
  try {
    const response = await ctx.network.fetch(new Request(url, { headers: { accept: 'application/dns-json' } }), { initiator: INITIATOR });
    const body = (await response.json().catch(() => undefined)) as ResolveAnswer | undefined;
    if (response.ok && body && typeof body.Status === 'number') return { ok: true, value: body };
    return { ok: false, reason: `dns.test answered ${response.status}` };
  } catch (error) {
    return { ok: false, reason: `dns.test failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** GETs a file from a website over HTTPS; any status is an answer (the caller reads 404), only a failure to send is not. */
export async function fetchWebsiteFile(ctx: ServerContext, url: string): Promise<PeerResult<{ status: number; text: string }>> {
  try {
    const response = await ctx.network.fetch(new Request(url, { headers: { accept: 'text/html, text/plain, */*' } }), {
      initiator: INITIATOR,
    });
    return { ok: true, value: { status: response.status, text: await response.text() } };
  } catch (error) {
    return { ok: false, reason: `${new URL(url).host} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
