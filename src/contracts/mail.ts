// Owns the mail server's wire (mail.test): what other servers send and what an inbox reads.

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
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'not_signed_in_to_mailbox'
  | 'address_taken'
  | 'submission_unauthorized'
  | 'not_found'
  | 'method_not_allowed';

/**
 * The trainer's view of mail.test (the x-ray, scenario expectations about a mailbox nobody on stage reads): every
 * mailbox and message as the server holds it, read-only, without signing in. Under `/_sim/`, like the other servers'
 * inspection answers; no product page or mail app calls it. Nothing is marked read.
 */
export const SIM_MAIL_PATHS = {
  mailbox: (mailbox: string) => `/_sim/mailboxes/${mailbox}/messages`,
  message: (id: string) => `/_sim/messages/${id}`,
  source: (id: string) => `/_sim/messages/${id}/source`,
} as const;
