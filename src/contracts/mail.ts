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
