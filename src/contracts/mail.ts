// Owns the mail server's wire (mail.test): what other servers send and what an inbox reads, and its endpoint table.
import { endpointTable, pathOf, shape, type TextFile } from './endpoint';
import { ORIGINS } from './origins';

export interface SendMailRequest {
  to: string;
  from: string;
  fromName: string;
  subject: string;
  /** Plain text; URLs in it become links that open in the reader's virtual browser. */
  text: string;
}

export interface MailSummary {
  id: string;
  mailbox: string;
  to: string;
  from: string;
  fromName: string;
  subject: string;
  preview: string;
  /** The code the mail asks its reader to type (a verification code, a temporary password), for the inbox's chip. */
  code: string | null;
  sentAt: number;
  read: boolean;
}

export interface MailMessage extends MailSummary {
  text: string;
}

export interface MailboxListing {
  mailbox: string;
  messages: MailSummary[];
  unread: number;
}

/**
 * Many messages in one request (a bulk mailing). `batchId` makes it idempotent: sending the same batch again (a job
 * resumed after a reload) answers with the ids of the first delivery and delivers nothing twice.
 */
export interface SendMailBatchRequest {
  batchId: string;
  messages: SendMailRequest[];
}

export interface SendMailBatchResponse {
  ids: string[];
  /** true when this batch had been delivered before. */
  duplicate: boolean;
}

/** The most messages one batch may carry. */
export const MAIL_BATCH_LIMIT = 1000;

/**
 * `POST https://mail.test/api/session`: a mail app signs in to one mailbox with its address and password. A request
 * that already carries a live session adds the mailbox to it, so one session reads every mailbox a person signed in to
 * (a work and a private address), as a mail app with several accounts configured does.
 */
export interface MailSignInRequest {
  address: string;
  password: string;
}

/** The mailboxes the session may read (each a base address: plus-address aliases share it). */
export interface MailSession {
  mailboxes: string[];
}

/** `POST https://mail.test/api/accounts`: registers an address no account holds yet, as a free mail provider does. */
export type MailSignUpRequest = MailSignInRequest;

export type MailProblemCode =
  | 'invalid_request'
  /** An address that is missing or not an email address. */
  | 'email_required'
  | 'email_malformed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'not_signed_in_to_mailbox'
  | 'address_taken'
  | 'submission_unauthorized'
  | 'not_found'
  | 'method_not_allowed';

/** Refusals of a submission: no or an unknown submission credential, or an address that is not an email address. */
const SUBMISSION_ERRORS = ['submission_unauthorized', 'invalid_request', 'email_required', 'email_malformed'] as const;

/**
 * The mail server's API (mail.test/api/*): what the other servers submit with their submission credential (a Bearer
 * token), and what a mail app reads with the session cookie of the mailboxes it signed in to.
 */
export const MAIL_API = endpointTable(ORIGINS.mail, {
  signIn: {
    method: 'POST',
    path: '/api/session',
    summary: 'Signs in to one mailbox; a live session gets the mailbox added. Answers the mailboxes the session reads.',
    request: shape<MailSignInRequest>(),
    response: shape<MailSession>(),
    errors: ['invalid_request', 'email_required', 'email_malformed', 'invalid_credentials'],
  },
  signOut: {
    method: 'DELETE',
    path: '/api/session',
    summary: 'Signs out of every mailbox of the session.',
    response: shape<MailSession>(),
  },
  signUp: {
    method: 'POST',
    path: '/api/accounts',
    summary: 'Registers an address no account holds yet; 201.',
    request: shape<MailSignUpRequest>(),
    response: shape<{ mailbox: string }>(),
    errors: ['invalid_request', 'email_required', 'email_malformed', 'address_taken'],
  },
  send: {
    method: 'POST',
    path: '/api/messages',
    summary: "Delivers a message to the recipient's mailbox (an alias lands in its base inbox); 201 with its id.",
    request: shape<SendMailRequest>(),
    response: shape<{ id: string }>(),
    errors: SUBMISSION_ERRORS,
  },
  sendBatch: {
    method: 'POST',
    path: '/api/messages/batch',
    summary: 'Delivers many messages, all or none; the same batch id again delivers nothing twice. 201.',
    request: shape<SendMailBatchRequest>(),
    response: shape<SendMailBatchResponse>(),
    errors: SUBMISSION_ERRORS,
  },
  listMailbox: {
    method: 'GET',
    path: '/api/mailboxes/:mailbox/messages',
    summary: "A mailbox's messages, newest first, for a session signed in to it.",
    response: shape<MailboxListing>(),
    errors: ['unauthenticated', 'email_required', 'email_malformed', 'not_signed_in_to_mailbox'],
  },
  getMessage: {
    method: 'GET',
    path: '/api/messages/:id',
    summary: 'One message, of a mailbox the session reads.',
    response: shape<MailMessage>(),
    errors: ['unauthenticated', 'not_found'],
  },
  messageSource: {
    method: 'GET',
    path: '/api/messages/:id/source',
    summary: "The message's RFC 5322 source, as message/rfc822 text (not JSON).",
    response: shape<TextFile>(),
    responseType: 'message/rfc822',
    errors: ['unauthenticated', 'not_found'],
  },
  markRead: {
    method: 'POST',
    path: '/api/messages/:id/read',
    summary: 'Marks a message read; 204.',
    response: shape<undefined>(),
    errors: ['unauthenticated', 'not_found'],
  },

  // The trainer's view (the x-ray, scenario expectations about a mailbox nobody on stage reads): read-only, apart from
  // the product, without signing in; nothing is marked read
  inspectMailbox: {
    method: 'GET',
    path: '/_sim/mailboxes/:mailbox/messages',
    summary: "Any mailbox's messages, newest first, as the server holds them.",
    response: shape<MailboxListing>(),
    errors: ['email_required', 'email_malformed'],
  },
  inspectMessage: {
    method: 'GET',
    path: '/_sim/messages/:id',
    summary: 'Any message, whole.',
    response: shape<MailMessage>(),
    errors: ['not_found'],
  },
  inspectSource: {
    method: 'GET',
    path: '/_sim/messages/:id/source',
    summary: "Any message's RFC 5322 source, as message/rfc822 text.",
    response: shape<TextFile>(),
    responseType: 'message/rfc822',
    errors: ['not_found'],
  },
});

/**
 * The trainer's view of mail.test (the x-ray, scenario expectations about a mailbox nobody on stage reads): every
 * mailbox and message as the server holds it, read-only, without signing in. Under `/_sim/`, like the other servers'
 * inspection answers; no product page or mail app calls it. Nothing is marked read.
 */
export const SIM_MAIL_PATHS = {
  mailbox: (mailbox: string) => pathOf(MAIL_API.inspectMailbox, { mailbox }),
  message: (id: string) => pathOf(MAIL_API.inspectMessage, { id }),
  source: (id: string) => pathOf(MAIL_API.inspectSource, { id }),
} as const;
