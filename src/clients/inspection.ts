// Owns the simulator's inspection calls (GET /_sim/machines on hrm.test and connect.test, GET /_sim/… on mail.test): what
// each server's database holds of its machines, for the developer x-ray's state diagrams, and every mailbox's mail. No
// product page calls these, and no persona's cookie jar goes with them: the servers answer the simulator, not a user.
import { HRM_API } from '../contracts/hrm';
import type { ConnectInspection, HrmInspection, InspectionProblemCode } from '../contracts/inspection';
import { CONNECT_API } from '../contracts/connect-api';
import { urlOf } from '../contracts/endpoint';
import { MAIL_API, type MailboxListing, type MailMessage, type MailProblemCode } from '../contracts/mail';
import { call, requestJson, type ClientContext, type ClientResult } from './http';

export type InspectionResult<T> = ClientResult<T, InspectionProblemCode>;

/** What the mail server's inspection may answer: its own refusals of a mailbox or message besides the inspection's. */
export type MailInspectionResult<T> = ClientResult<T, InspectionProblemCode | MailProblemCode>;

/** The tenant's rollout, and the link journey of the HRM user with this user ID when one is given. */
export function inspectHrm(ctx: ClientContext, loginId?: string): Promise<InspectionResult<HrmInspection>> {
  return call(ctx, HRM_API.inspectMachines, { query: { loginId } });
}

/** The verification of every domain of the organisations these emails' accounts administer at Connect. */
export function inspectConnect(ctx: ClientContext, emails: readonly string[]): Promise<InspectionResult<ConnectInspection>> {
  const query = emails.map((email) => `email=${encodeURIComponent(email)}`).join('&');
  return requestJson(ctx, 'GET', `${urlOf(CONNECT_API.inspectMachines, {})}?${query}`);
}

/** Any mailbox at mail.test as the server holds it (the trainer's view): nothing is marked read, no one signs in. */
export function inspectMailbox(ctx: ClientContext, mailbox: string): Promise<MailInspectionResult<MailboxListing>> {
  return call(ctx, MAIL_API.inspectMailbox, { params: { mailbox } });
}

/** Any message at mail.test, whole, without marking it read. */
export function inspectMessage(ctx: ClientContext, id: string): Promise<MailInspectionResult<MailMessage>> {
  return call(ctx, MAIL_API.inspectMessage, { params: { id } });
}

/** Any message's RFC 5322 source at mail.test (the x-ray's mail view). */
export async function inspectMessageSource(ctx: ClientContext, id: string): Promise<MailInspectionResult<string>> {
  const result = await call(ctx, MAIL_API.inspectSource, { params: { id } });
  return result.ok ? { ok: true, status: result.status, value: result.value.text } : result;
}
