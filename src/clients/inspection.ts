// Owns the simulator's inspection calls (GET /_sim/machines on hrm.test and connect.test, GET /_sim/… on mail.test): what
// each server's database holds of its machines, for the developer x-ray's state diagrams, and every mailbox's mail. No
// product page calls these, and no persona's cookie jar goes with them: the servers answer the simulator, not a user.
import { HRM_API } from '../contracts/hrm';
import { SIM_MACHINES_PATH, type ConnectInspection, type HrmInspection, type InspectionProblemCode } from '../contracts/inspection';
import { SIM_MAIL_PATHS, type MailboxListing, type MailMessage } from '../contracts/mail';
import { ORIGINS } from '../contracts/origins';
import { call, getText, pathSegment, requestJson, type ClientContext, type ClientResult } from './http';

export type InspectionResult<T> = ClientResult<T, InspectionProblemCode>;

/** The tenant's rollout, and the link journey of the HRM user with this user ID when one is given. */
export function inspectHrm(ctx: ClientContext, loginId?: string): Promise<InspectionResult<HrmInspection>> {
  return call(ctx, HRM_API.inspectMachines, { query: { loginId } });
}

/** The verification of every domain of the organisations these emails' accounts administer at Connect. */
export function inspectConnect(ctx: ClientContext, emails: readonly string[]): Promise<InspectionResult<ConnectInspection>> {
  const query = emails.map((email) => `email=${encodeURIComponent(email)}`).join('&');
  return requestJson(ctx, 'GET', `${ORIGINS.connect}${SIM_MACHINES_PATH}?${query}`);
}


/** Any mailbox at mail.test as the server holds it (the trainer's view): nothing is marked read, no one signs in. */
export function inspectMailbox(ctx: ClientContext, mailbox: string): Promise<InspectionResult<MailboxListing>> {
  return requestJson(ctx, 'GET', `${ORIGINS.mail}${SIM_MAIL_PATHS.mailbox(pathSegment(mailbox))}`);
}

/** Any message at mail.test, whole, without marking it read. */
export function inspectMessage(ctx: ClientContext, id: string): Promise<InspectionResult<MailMessage>> {
  return requestJson(ctx, 'GET', `${ORIGINS.mail}${SIM_MAIL_PATHS.message(pathSegment(id))}`);
}

/** Any message's RFC 5322 source at mail.test (the x-ray's mail view). */
export async function inspectMessageSource(ctx: ClientContext, id: string): Promise<InspectionResult<string>> {
  const result = await getText<InspectionProblemCode>(ctx, `${ORIGINS.mail}${SIM_MAIL_PATHS.source(pathSegment(id))}`, 'message/rfc822');
  return result.ok ? { ok: true, status: result.status, value: result.value.text } : result;
}
