// Owns the simulator's inspection calls (GET /_sim/machines on hrm.test and connect.test): what each server's database
// holds of its machines, for the developer x-ray's state diagrams. No product page calls these, and no persona's cookie
// jar goes with them: the servers answer the simulator, not a signed-in user.
import { SIM_MACHINES_PATH, type ConnectInspection, type HrmInspection, type InspectionProblemCode } from '../contracts/inspection';
import { ORIGINS } from '../contracts/origins';
import { requestJson, type ClientContext, type ClientResult } from './http';

export type InspectionResult<T> = ClientResult<T, InspectionProblemCode>;

/** The tenant's rollout, and the link journey of the HRM user with this user ID when one is given. */
export function inspectHrm(ctx: ClientContext, loginId?: string): Promise<InspectionResult<HrmInspection>> {
  const query = loginId === undefined ? '' : `?loginId=${encodeURIComponent(loginId)}`;
  return requestJson(ctx, 'GET', `${ORIGINS.hrm}${SIM_MACHINES_PATH}${query}`);
}

/** The verification of every domain of the organisations these emails' accounts administer at Connect. */
export function inspectConnect(ctx: ClientContext, emails: readonly string[]): Promise<InspectionResult<ConnectInspection>> {
  const query = emails.map((email) => `email=${encodeURIComponent(email)}`).join('&');
  return requestJson(ctx, 'GET', `${ORIGINS.connect}${SIM_MACHINES_PATH}?${query}`);
}

