// Owns the mail server's routes (mail.test): which endpoint answers which method and path. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { problem } from '../../shared/http';
import { inspectionReadOnly } from '../../shared/inspection';
import { inspectMailbox, inspectMessage, inspectSource } from './inspect';
import { getMessage, getMessageSource, listMailbox, markRead, sendBatch, sendMessage, type MailEnv } from './messages';
import { MESSAGES } from './rules';
import { signIn, signOut, signUp } from './session';

const MAIL = ORIGINS.mail;

type Params = Record<string, string | readonly string[] | undefined>;
type Endpoint = (env: MailEnv, request: Request, params: Params) => Promise<Response>;

export function mailHandlers(env: MailEnv): RequestHandler[] {
  const at = (endpoint: Endpoint) => ({ request, params }: { request: Request; params: Params }) => endpoint(env, request, params);
  const apiNotFound: Endpoint = async (_env, request) =>
    problem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    refuseCrossSiteChanges({ origin: MAIL, name: 'the mail server' }),
    http.post(`${MAIL}/api/session`, at(signIn)),
    http.delete(`${MAIL}/api/session`, at(signOut)),
    http.post(`${MAIL}/api/accounts`, at(signUp)),
    http.post(`${MAIL}/api/messages`, at(sendMessage)),
    http.post(`${MAIL}/api/messages/batch`, at(sendBatch)),
    http.get(`${MAIL}/api/mailboxes/:mailbox/messages`, at(listMailbox)),
    http.get(`${MAIL}/api/messages/:id`, at(getMessage)),
    http.get(`${MAIL}/api/messages/:id/source`, at(getMessageSource)),
    http.post(`${MAIL}/api/messages/:id/read`, at(markRead)),
    http.get(`${MAIL}/_sim/mailboxes/:mailbox/messages`, at(inspectMailbox)),
    http.get(`${MAIL}/_sim/messages/:id`, at(inspectMessage)),
    http.get(`${MAIL}/_sim/messages/:id/source`, at(inspectSource)),
    http.all(`${MAIL}/_sim/*`, inspectionReadOnly),
    http.all(`${MAIL}/*`, at(apiNotFound)),
  ];
}
