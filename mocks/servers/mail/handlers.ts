// Owns the mail server's routes (mail.test): which endpoint of its table (MAIL_API) answers which method and path.
// Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { MAIL_API } from '../../../src/contracts/mail';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { problem } from '../../shared/http';
import { inspectionReadOnly } from '../../shared/inspection';
import { route } from '../../shared/route';
import { inspectMailbox, inspectMessage, inspectSource } from './inspect';
import { getMessage, getMessageSource, listMailbox, markRead, sendBatch, sendMessage, type MailEnv } from './messages';
import { MESSAGES } from './rules';
import { signIn, signOut, signUp } from './session';

const MAIL = ORIGINS.mail;

type Params = Record<string, string | readonly string[] | undefined>;
type Endpoint = (env: MailEnv, request: Request, params: Params) => Promise<Response>;

export function mailHandlers(env: MailEnv): RequestHandler[] {
  const at =
    (endpoint: Endpoint) =>
    ({ request, params }: { request: Request; params: Params }) =>
      endpoint(env, request, params);
  const apiNotFound: Endpoint = async (_env, request) =>
    problem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    refuseCrossSiteChanges({ origin: MAIL, name: 'the mail server' }),
    route(MAIL_API.signIn, at(signIn)),
    route(MAIL_API.signOut, at(signOut)),
    route(MAIL_API.signUp, at(signUp)),
    route(MAIL_API.send, at(sendMessage)),
    route(MAIL_API.sendBatch, at(sendBatch)),
    route(MAIL_API.listMailbox, at(listMailbox)),
    route(MAIL_API.getMessage, at(getMessage)),
    route(MAIL_API.messageSource, at(getMessageSource)),
    route(MAIL_API.markRead, at(markRead)),
    // The trainer's inspection (SIM_MAIL_PATHS), apart from the product's API: read-only
    route(MAIL_API.inspectMailbox, at(inspectMailbox)),
    route(MAIL_API.inspectMessage, at(inspectMessage)),
    route(MAIL_API.inspectSource, at(inspectSource)),
    http.all(`${MAIL}/_sim/*`, inspectionReadOnly),
    http.all(`${MAIL}/*`, at(apiNotFound)),
  ];
}
