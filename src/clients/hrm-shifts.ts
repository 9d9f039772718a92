// Owns the HRM's schedule and shift request API as its pages call it: one small request function per endpoint.
import type { CodeOf, Endpoint, ResponseOf } from '../contracts/endpoint';
import { HRM_SHIFTS_API, type OfferShiftRequest } from '../contracts/hrm-shifts';
import { call, type ClientContext, type ClientResult } from './http';

type Answer<E extends Endpoint> = Promise<ClientResult<ResponseOf<E>, CodeOf<E>>>;

export function getMySchedule(ctx: ClientContext): Answer<typeof HRM_SHIFTS_API.mySchedule> {
  return call(ctx, HRM_SHIFTS_API.mySchedule);
}

/** "Create a new link": `replaces` is the token of the link on show. */
export function renewCalendarLink(ctx: ClientContext, replaces: string): Answer<typeof HRM_SHIFTS_API.renewCalendarLink> {
  return call(ctx, HRM_SHIFTS_API.renewCalendarLink, { body: { replaces } });
}

export function listShiftRequests(ctx: ClientContext): Answer<typeof HRM_SHIFTS_API.listShiftRequests> {
  return call(ctx, HRM_SHIFTS_API.listShiftRequests);
}

export function offerShift(ctx: ClientContext, shift: OfferShiftRequest): Answer<typeof HRM_SHIFTS_API.offerShift> {
  return call(ctx, HRM_SHIFTS_API.offerShift, { body: shift });
}
