// Owns Connect's calls to other servers, made over the in-tab network as a real server would (DESIGN.md rule 1):
// the mail server's outbox.
import type { SendMailRequest } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';
import type { ServerContext } from '../../shared/server';

const INITIATOR = 'server:connect.test';

export type PeerResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export async function sendMail(ctx: ServerContext, mail: SendMailRequest): Promise<PeerResult<{ id: string }>> {
  const url = `${ORIGINS.mail}/api/messages`;
  try {
    const response = await ctx.network.fetch(
      new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(mail) }),
      { initiator: INITIATOR },
    );
    const body = (await response.json().catch(() => ({}))) as { id?: string; code?: string; message?: string };
    if (response.ok && typeof body.id === 'string') return { ok: true, value: { id: body.id } };
    const detail = body.code ? ` ${body.code}${body.message ? `: ${body.message}` : ''}` : '';
    return { ok: false, reason: `mail.test answered ${response.status}${detail}` };
  } catch (error) {
    return { ok: false, reason: `mail.test failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
