// Owns the trainer's view of mail.test (GET /_sim/mailboxes/:mailbox/messages, /_sim/messages/:id[/source]): any
// mailbox and message as the server holds it, for the x-ray and for scenario expectations about mailboxes nobody on
// stage reads. Read-only and uncached; nothing is marked read and no session is asked for (shared/inspection.ts).
import type { MailboxListing, MailMessage } from '../../../src/contracts/mail';
import { inspectionAnswer } from '../../shared/inspection';
import { decodeParam, mailboxParam, sourceAnswer, storedMessage, type MailEnv } from './messages';
import { toMessage } from './rules';

type Params = Record<string, string | readonly string[] | undefined>;

export async function inspectMailbox(env: MailEnv, _request: Request, params: Params): Promise<Response> {
  const mailbox = mailboxParam(params);
  return inspectionAnswer<MailboxListing>({ mailbox, ...(await env.store()).listing(mailbox) });
}

export async function inspectMessage(env: MailEnv, _request: Request, params: Params): Promise<Response> {
  const { message, read } = await storedMessage(env, decodeParam(params['id']));
  return inspectionAnswer<MailMessage>(toMessage(message, read));
}

export async function inspectSource(env: MailEnv, _request: Request, params: Params): Promise<Response> {
  const answer = sourceAnswer((await storedMessage(env, decodeParam(params['id']))).message);
  answer.headers.set('cache-control', 'no-store');
  return answer;
}
