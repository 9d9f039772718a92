// Owns the mail server's endpoints: sending (POST /api/messages, called by other servers), reading a mailbox,
// reading one message and marking it read (the inbox on the stage).
import Dexie from 'dexie';
import { z } from 'zod';
import { MAIL_BATCH_LIMIT, type MailboxListing, type MailMessage, type SendMailBatchResponse } from '../../../src/contracts/mail';
import { parseEmail } from '../../../src/domain/email';
import { json, problem, problemFrom, readJson } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { MailDb, MessageRow } from './db';
import { deliveryMailbox, MESSAGES, toMessage, toSummary } from './rules';
import { sourceOf } from './source';

export interface MailEnv {
  db: MailDb;
  ctx: ServerContext;
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

type Outgoing = Omit<MessageRow, 'seq'>;

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
    read: 0,
  };
}

/** Files messages in delivery order, in the caller's transaction. */
async function deliver(env: MailEnv, messages: readonly Outgoing[]): Promise<void> {
  const last = await env.db.messages.orderBy('seq').last();
  const first = (last?.seq ?? 0) + 1;
  await env.db.messages.bulkAdd(messages.map((m, i): MessageRow => ({ ...m, seq: first + i })));
}

/** POST /api/messages SendMailRequest → 201 {id}. Delivered to mailboxOf(to): an alias lands in the base inbox. */
export async function sendMessage(env: MailEnv, request: Request): Promise<Response> {
  const message = outgoing(env, await readJson(request, SendBody));
  if (message instanceof Response) return message;
  await env.db.transaction('rw', env.db.messages, () => deliver(env, [message]));
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
  const ids = messages.map((m) => m.id);
  // The batch id is checked inside the delivering transaction: a repeat, even one racing the first, is filed once.
  const stored = await env.db.transaction('rw', env.db.messages, env.db.batches, async () => {
    const earlier = await env.db.batches.get(body.batchId);
    if (earlier) return earlier.ids;
    await deliver(env, messages);
    await env.db.batches.add({ batchId: body.batchId, ids });
    return null;
  });
  if (stored) return json<SendMailBatchResponse>({ ids: stored, duplicate: true });
  return json<SendMailBatchResponse>({ ids, duplicate: false }, { status: 201 });
}

/** GET /api/mailboxes/:mailbox/messages → MailboxListing, newest first. Any address is a mailbox, maybe empty. */
export async function listMailbox(env: MailEnv, request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> {
  const parsed = parseEmail(decodeParam(params['mailbox']), 'mailbox');
  if (!parsed.ok) return problemFrom(422, parsed.problem);
  const mailbox = deliveryMailbox(parsed.value);
  const [rows, unread] = await env.db.transaction('r', env.db.messages, () =>
    Promise.all([
      env.db.messages.where('[mailbox+seq]').between([mailbox, Dexie.minKey], [mailbox, Dexie.maxKey]).reverse().toArray(),
      env.db.messages.where('[mailbox+read]').equals([mailbox, 0]).count(),
    ]),
  );
  return json<MailboxListing>({ mailbox, messages: rows.map(toSummary), unread });
}

async function findMessage(env: MailEnv, params: Record<string, string | readonly string[] | undefined>): Promise<MessageRow> {
  const id = decodeParam(params['id']);
  const row = await env.db.messages.get(id);
  if (!row) throw problem(404, 'not_found', MESSAGES.notFound(id));
  return row;
}

/** GET /api/messages/:id → MailMessage. */
export async function getMessage(env: MailEnv, _request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> {
  return json<MailMessage>(toMessage(await findMessage(env, params)));
}

/** GET /api/messages/:id/source → the RFC 5322 source (message/rfc822), as a mail server's "raw" view serves it. */
export async function getMessageSource(env: MailEnv, _request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> {
  return new Response(sourceOf(await findMessage(env, params)), { headers: { 'content-type': 'message/rfc822; charset=utf-8' } });
}

/** POST /api/messages/:id/read → 204. Idempotent. */
export async function markRead(env: MailEnv, _request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response> {
  const id = decodeParam(params['id']);
  const updated = await env.db.transaction('rw', env.db.messages, () => env.db.messages.update(id, { read: 1 }));
  if (updated === 0) {
    // update() answers 0 both for "no such message" and "already read": tell them apart.
    if (!(await env.db.messages.get(id))) return problem(404, 'not_found', MESSAGES.notFound(id));
  }
  return new Response(null, { status: 204 });
}
