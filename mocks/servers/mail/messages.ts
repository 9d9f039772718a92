// Owns the mail server's endpoints: sending (POST /api/messages, called by other servers), reading a mailbox,
// reading one message and marking it read (the inbox on the stage).
import { z } from 'zod';
import { MAIL_BATCH_LIMIT, type MailboxListing, type MailMessage, type SendMailBatchResponse } from '../../../src/contracts/mail';
import { parseEmail } from '../../../src/domain/email';
import { json, problem, problemFrom, readJson } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { MailDb, StoredMessage } from './db';
import { deliveryMailbox, MESSAGES, toMessage } from './rules';
import { sourceOf } from './source';
import type { MailStore, Outgoing } from './store';

export interface MailEnv {
  db: MailDb;
  ctx: ServerContext;
  /** The messages as served, loaded on first use. */
  store(): Promise<MailStore>;
}

const SendBody = z.object({
  to: z.string(),
  from: z.string(),
  fromName: z.string().max(200),
  subject: z.string().max(500),
  text: z.string().max(100_000),
});

/** Path parameters arrive percent-encoded from some clients ("anna%40company.com"): decode once, forgivingly. */
function decodeParam(value: string | readonly string[] | undefined): string {
  const raw = typeof value === 'string' ? value : (value?.[0] ?? '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const BatchBody = z.object({
  batchId: z.string().min(1).max(200),
  messages: z.array(SendBody).min(1).max(MAIL_BATCH_LIMIT),
});

/** Validates one message's addresses; the problem names the message when it is part of a batch. */
function outgoing(env: MailEnv, body: z.infer<typeof SendBody>, field = ''): Outgoing | Response {
  const to = parseEmail(body.to, `${field}to`);
  if (!to.ok) return problemFrom(422, to.problem);
  const from = parseEmail(body.from, `${field}from`);
  if (!from.ok) return problemFrom(422, from.problem);
  return {
    id: `msg_${env.ctx.random.hex(8)}`,
    mailbox: deliveryMailbox(to.value),
    to: to.value,
    from: from.value,
    fromName: body.fromName,
    subject: body.subject,
    text: body.text,
    sentAt: env.ctx.clock.now(),
  };
}

/** POST /api/messages SendMailRequest → 201 {id}. Delivered to mailboxOf(to): an alias lands in the base inbox. */
export async function sendMessage(env: MailEnv, request: Request): Promise<Response> {
  const message = outgoing(env, await readJson(request, SendBody));
  if (message instanceof Response) return message;
  await (await env.store()).deliver([message], null);
  return json({ id: message.id }, { status: 201 });
}

/**
 * POST /api/messages/batch SendMailBatchRequest → 201 SendMailBatchResponse: every message delivered, or none (one
 * transaction). The same batchId again answers 200 with the first delivery's ids and delivers nothing.
 */
export async function sendBatch(env: MailEnv, request: Request): Promise<Response> {
  const body = await readJson(request, BatchBody);
  const messages: Outgoing[] = [];
  for (const [i, m] of body.messages.entries()) {
    const message = outgoing(env, m, `messages.${i}.`);
    if (message instanceof Response) return message;
    messages.push(message);
  }
  const { ids, duplicate } = await (await env.store()).deliver(messages, body.batchId);
  if (duplicate) return json<SendMailBatchResponse>({ ids, duplicate: true });
  return json<SendMailBatchResponse>({ ids, duplicate: false }, { status: 201 });
}

/** GET /api/mailboxes/:mailbox/messages → MailboxListing, newest first. Any address is a mailbox, maybe empty. */
export async function listMailbox(env: MailEnv, request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> {
  const parsed = parseEmail(decodeParam(params['mailbox']), 'mailbox');
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  const mailbox = deliveryMailbox(parsed.value);
  return json<MailboxListing>({ mailbox, ...(await env.store()).listing(mailbox) });
}

async function findMessage(env: MailEnv, params: Record<string, string | readonly string[] | undefined>): Promise<{ message: StoredMessage; read: boolean }> {
  const id = decodeParam(params['id']);
  const found = await (await env.store()).message(id);
  if (!found) throw problem(404, 'not_found', MESSAGES.notFound(id));
  return found;
}

/** GET /api/messages/:id → MailMessage. */
export async function getMessage(env: MailEnv, _request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> {
  const { message, read } = await findMessage(env, params);
  return json<MailMessage>(toMessage(message, read));
}

/** GET /api/messages/:id/source → the RFC 5322 source (message/rfc822), as a mail server's "raw" view serves it. */
export async function getMessageSource(env: MailEnv, _request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> {
  return new Response(sourceOf((await findMessage(env, params)).message), { headers: { 'content-type': 'message/rfc822; charset=utf-8' } });
}

/** POST /api/messages/:id/read → 204. Idempotent. */
export async function markRead(env: MailEnv, _request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> {
  const id = decodeParam(params['id']);
  if (!(await (await env.store()).markRead(id))) return problem(404, 'not_found', MESSAGES.notFound(id));
  return new Response(null, { status: 204 });
}
