// Owns the mail server's endpoints: sending (POST /api/messages, submitted by other servers with their submission
// credential), reading a mailbox, reading one message and marking it read (a signed-in mail app: the inbox on the stage).
import { z } from 'zod';
import { MAIL_BATCH_LIMIT, type MailboxListing, type MailMessage, type SendMailBatchResponse } from '../../../src/contracts/mail';
import { parseEmail } from '../../../src/domain/email';
import { digestsEqual, sha256Hex } from '../../shared/crypto';
import { json, problem, problemFrom, readJson } from '../../shared/http';
import type { ServerContext } from '../../shared/server';
import type { MailAccounts } from './accounts';
import type { MailDb, StoredMessage } from './db';
import { bearerToken, deliveryMailbox, MESSAGES, SUBMITTERS, toMessage } from './rules';
import { readableMailboxes } from './session';
import { sourceOf } from './source';
import type { MailStore, Outgoing } from './store';

export interface MailEnv {
  db: MailDb;
  ctx: ServerContext;
  /** The messages as served, loaded on first use. */
  store(): Promise<MailStore>;
  /** The accounts and their sessions, loaded on first use. */
  accounts(): Promise<MailAccounts>;
}

/**
 * The sending server a submission comes from, or a thrown 401 with a Bearer challenge (RFC 6750 §3) when the request
 * carries no submission credential this server knows: a persona's browser cannot post mail "from hrm.test".
 */
export async function requireSubmitter(request: Request): Promise<string> {
  const token = bearerToken(request.headers.get('authorization'));
  if (token !== null) {
    const digest = await sha256Hex(token);
    for (const [known, submitter] of Object.entries(SUBMITTERS)) if (digestsEqual(digest, known)) return submitter;
  }
  const refusal = problem(401, 'submission_unauthorized', MESSAGES.submissionUnauthorized);
  refusal.headers.set('www-authenticate', token === null ? 'Bearer realm="mail.test"' : 'Bearer realm="mail.test", error="invalid_token"');
  throw refusal;
}

const SendBody = z.object({
  to: z.string(),
  from: z.string(),
  fromName: z.string().max(200),
  subject: z.string().max(500),
  text: z.string().max(100_000),
});

type Params = Record<string, string | readonly string[] | undefined>;

/** Path parameters arrive percent-encoded from some clients ("anna%40company.com"): decode once, forgivingly. */
export function decodeParam(value: string | readonly string[] | undefined): string {
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

/** Validates one message's addresses, or throws a problem that names the message when it is part of a batch. */
function outgoing(env: MailEnv, body: z.infer<typeof SendBody>, field = ''): Outgoing {
  const to = parseEmail(body.to, `${field}to`);
  if (!to.ok) throw problemFrom(422, to.problem);
  const from = parseEmail(body.from, `${field}from`);
  if (!from.ok) throw problemFrom(422, from.problem);
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
  await requireSubmitter(request);
  const message = outgoing(env, await readJson(request, SendBody));
  await (await env.store()).deliver([message], null);
  return json({ id: message.id }, { status: 201 });
}

/**
 * POST /api/messages/batch SendMailBatchRequest → 201 SendMailBatchResponse: every message delivered, or none (one
 * transaction). The same batchId again answers 200 with the first delivery's ids and delivers nothing.
 */
export async function sendBatch(env: MailEnv, request: Request): Promise<Response> {
  await requireSubmitter(request);
  const body = await readJson(request, BatchBody);
  const messages: Outgoing[] = [];
  for (const [i, m] of body.messages.entries()) {
    messages.push(outgoing(env, m, `messages.${i}.`));
  }
  const { ids, duplicate } = await (await env.store()).deliver(messages, body.batchId);
  if (duplicate) return json<SendMailBatchResponse>({ ids, duplicate: true });
  return json<SendMailBatchResponse>({ ids, duplicate: false }, { status: 201 });
}

/** The mailbox a `:mailbox` path parameter names (its base address), or a thrown 422 at `mailbox`. */
export function mailboxParam(params: Params): string {
  const parsed = parseEmail(decodeParam(params['mailbox']), 'mailbox');
  if (!parsed.ok) throw problemFrom(422, parsed.problem);
  return deliveryMailbox(parsed.value);
}

/**
 * GET /api/mailboxes/:mailbox/messages → MailboxListing, newest first, for a session signed in to that mailbox. Any
 * address is a mailbox, maybe empty, so a mailbox of someone else is refused as such (403), never as missing.
 */
export async function listMailbox(env: MailEnv, request: Request, params: Params): Promise<Response> {
  const mailbox = mailboxParam(params);
  const readable = await readableMailboxes(env, request);
  if (!readable.has(mailbox)) return problem(403, 'not_signed_in_to_mailbox', MESSAGES.notSignedInTo(mailbox));
  return json<MailboxListing>({ mailbox, ...(await env.store()).listing(mailbox) });
}

/** A message's id from the path, if the session may read its mailbox; a message of another mailbox is as missing (404). */
async function readableId(env: MailEnv, request: Request, params: Params): Promise<string> {
  const readable = await readableMailboxes(env, request);
  const id = decodeParam(params['id']);
  const mailbox = (await env.store()).mailboxOf(id);
  if (mailbox === undefined || !readable.has(mailbox)) throw problem(404, 'not_found', MESSAGES.notFound(id));
  return id;
}

/** The whole message of this id, or a thrown 404. */
export async function storedMessage(env: MailEnv, id: string): Promise<{ message: StoredMessage; read: boolean }> {
  const found = await (await env.store()).message(id);
  if (!found) throw problem(404, 'not_found', MESSAGES.notFound(id));
  return found;
}

export function sourceAnswer(message: StoredMessage): Response {
  return new Response(sourceOf(message), { headers: { 'content-type': 'message/rfc822; charset=utf-8' } });
}

/** GET /api/messages/:id → MailMessage. */
export async function getMessage(env: MailEnv, request: Request, params: Params): Promise<Response> {
  const { message, read } = await storedMessage(env, await readableId(env, request, params));
  return json<MailMessage>(toMessage(message, read));
}

/** GET /api/messages/:id/source → the RFC 5322 source (message/rfc822), as a mail server's "raw" view serves it. */
export async function getMessageSource(env: MailEnv, request: Request, params: Params): Promise<Response> {
  return sourceAnswer((await storedMessage(env, await readableId(env, request, params))).message);
}

/** POST /api/messages/:id/read → 204. Idempotent. */
export async function markRead(env: MailEnv, request: Request, params: Params): Promise<Response> {
  const id = await readableId(env, request, params);
  if (!(await (await env.store()).markRead(id))) return problem(404, 'not_found', MESSAGES.notFound(id));
  return new Response(null, { status: 204 });
}
