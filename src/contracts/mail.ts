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
