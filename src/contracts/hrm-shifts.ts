// Owns the wire of the HRM's schedules and shift requests (R18): an employee's shifts and calendar subscription, the
// shift requests administrators and HR send, and the addresses outside systems call — the calendar feed, the response
// link in mails and SMS, and the SMS provider's callback — at the old address and at the new ones.
import { endpointTable, shape } from './endpoint';
import type { HrmShellData } from './hrm';
import { HRM_NEW_ORIGINS, INTEGRATIONS_ORIGIN, ORIGINS } from './origins';

export const HRM_SHIFT_PATHS = {
  /** My Profile > My schedule: the signed-in employee's shifts and calendar subscription. */
  mySchedule: '/my-profile/schedule',
  /** Administrators and HR offer open shifts here. */
  shiftRequests: '/shift-requests',
} as const;

export const HRM_SHIFT_VIEWS = {
  mySchedule: 'hrm/my-schedule',
  shiftRequests: 'hrm/shift-requests',
  /** The page a response link opens: answer, the answer given, or why it cannot be answered. */
  shiftRequestResponse: 'hrm/shift-request-response',
} as const;

/** The time zone the tenant's shifts are planned in; the feed and the pages show it. */
export const SHIFT_TIME_ZONE = 'Europe/Stockholm';

/** One planned shift. Times are world time (epoch ms); `date`, `startTime` and `endTime` are the local times. */
export interface ScheduledShift {
  /** Stable for the same shift of the same person: the feed's UID is made from it (RFC 5545 §3.8.4.7). */
  id: string;
  /** YYYY-MM-DD in SHIFT_TIME_ZONE. */
  date: string;
  /** HH:MM in SHIFT_TIME_ZONE. */
  startTime: string;
  endTime: string;
  start: number;
  end: number;
  /** "Early shift", "Day shift", "Late shift", "Open shift". */
  kind: string;
  title: string;
  department: string;
  location: string;
}

export interface CalendarSubscription {
  /** The address to paste into a calendar app: the old address before the move, the new one after (R18). */
  url: string;
  token: string;
  createdAt: number;
}

export interface MySchedule {
  /** From the start of this week (Monday), the next eight weeks. */
  from: string;
  to: string;
  shifts: ScheduledShift[];
  subscription: CalendarSubscription;
}

export interface RenewCalendarLinkRequest {
  /** The token of the link the page shows: a page showing an older one is refused, not silently overwritten. */
  replaces: string;
}

export interface OfferShiftRequest {
  /** YYYY-MM-DD. */
  date: string;
  /** HH:MM. */
  startTime: string;
  endTime: string;
  department: string;
}

export type ShiftDelivery = 'sent' | 'failed' | 'none';
export type ShiftAnswer = 'accepted' | 'declined';

export interface ShiftRecipient {
  userId: string;
  name: string;
  email: string | null;
  mobile: string | null;
  mail: ShiftDelivery;
  sms: ShiftDelivery;
  answer: ShiftAnswer | null;
  answeredAt: number | null;
  answeredVia: 'web' | 'sms' | null;
}

export interface ShiftRequestSummary {
  id: string;
  number: number;
  date: string;
  startTime: string;
  endTime: string;
  department: string;
  createdAt: number;
  createdBy: string;
  /** The response link mailed and texted: at the old address before the move, at the new one after (R18). */
  link: string;
  /** Sent before the move: its link no longer answers (R18). */
  sentBeforeMove: boolean;
  assignedTo: { userId: string; name: string } | null;
  recipients: ShiftRecipient[];
}

export interface ShiftRequestList {
  requests: ShiftRequestSummary[];
  /** Departments with someone a request can reach (an email or a mobile number). */
  departments: string[];
}

/** The SMS provider's callback, as it posts an employee's reply. */
export interface SmsCallbackBody {
  /** The `reference` the HRM sent with the message: the shift request's id. */
  reference: string;
  /** The sender's mobile number. */
  from: string;
  text: string;
  /** When the provider received the reply: ISO 8601 or epoch ms. */
  receivedAt: string | number;
}

export interface SmsCallbackAnswer {
  outcome: ShiftAnswer | 'taken';
  message: string;
}

/** What the SMS provider is sent: `POST ${INTEGRATIONS_ORIGIN}/sms/messages`, answered 202 {id}. */
export interface SmsMessageRequest {
  to: string;
  text: string;
  reference: string;
}

export const SMS_PROVIDER_MESSAGES_URL = `${INTEGRATIONS_ORIGIN}/sms/messages`;

/** What the response link page shows. */
export type ShiftRequestPageState =
  /** The signed-in recipient may answer. */
  | 'open'
  /** The signed-in recipient has answered (or just did). */
  | 'answered'
  /** Someone else accepted first. */
  | 'taken'
  /** The signed-in user was not sent this request. */
  | 'notRecipient'
  /** A request sent before the move, opened at its old link after it (R18). */
  | 'sentBeforeMove'
  /** The new address before the move. */
  | 'notInUseYet'
  | 'notFound';

export interface ShiftRequestPageData {
  state: ShiftRequestPageState;
  tenantName: string;
  /** The request, when it exists and the visitor may see it. */
  request: Pick<ShiftRequestSummary, 'id' | 'date' | 'startTime' | 'endTime' | 'department' | 'createdBy' | 'createdAt'> | null;
  /** The signed-in recipient's answer. */
  answer: ShiftAnswer | null;
  /** Said at the top of the page: what happened or why it cannot be answered, and what to do. */
  message: string;
  /** Where the HRM is now, for "open the HRM and see open shifts". */
  hrmUrl: string;
}

export interface ShiftRequestAnswerBody {
  answer: 'accept' | 'decline';
}

export interface HrmMySchedulePageData extends HrmShellData {
  schedule: MySchedule;
}

export interface HrmShiftRequestsPageData extends HrmShellData {
  list: ShiftRequestList;
  /** Today in the tenant's time zone (YYYY-MM-DD): the earliest date the form offers. */
  today: string;
}

export type ShiftErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid_request'
  | 'not_found'
  | 'link_changed'
  | 'date_invalid'
  | 'date_in_past'
  | 'time_invalid'
  | 'end_before_start'
  | 'department_required'
  | 'department_unknown'
  | 'department_unreachable'
  | 'calendar_link_replaced'
  | 'calendar_address_gone'
  | 'address_not_in_use_yet'
  | 'callback_secret_invalid'
  | 'callback_address_gone'
  | 'not_a_recipient'
  | 'reply_not_understood'
  | 'already_answered'
  | 'shift_taken'
  | 'sent_before_move';

function codes<const Code extends ShiftErrorCode>(...list: Code[]): readonly Code[] {
  return list;
}

/** The HRM's own API for schedules and shift requests, under its old address like the rest of HRM_API. */
export const HRM_SHIFTS_API = endpointTable(ORIGINS.hrm, {
  mySchedule: {
    method: 'GET',
    path: '/api/me/schedule',
    summary: "The signed-in user's shifts for the next eight weeks and their calendar subscription link.",
    response: shape<MySchedule>(),
    errors: codes('unauthenticated'),
  },
  renewCalendarLink: {
    method: 'POST',
    path: '/api/me/calendar-subscription',
    summary: 'Creates a new calendar subscription link; the one it {replaces} stops working.',
    request: shape<RenewCalendarLinkRequest>(),
    response: shape<CalendarSubscription>(),
    errors: codes('unauthenticated', 'invalid_request', 'link_changed'),
  },
  listShiftRequests: {
    method: 'GET',
    path: '/api/shift-requests',
    summary: 'The shift requests sent, newest first, with who answered, and the departments a request can reach.',
    response: shape<ShiftRequestList>(),
    errors: codes('unauthenticated', 'forbidden'),
  },
  offerShift: {
    method: 'POST',
    path: '/api/shift-requests',
    summary: "Offers an open shift to a department's employees by mail, and by SMS to those with a mobile number; 201.",
    request: shape<OfferShiftRequest>(),
    response: shape<ShiftRequestSummary>(),
    errors: codes(
      'unauthenticated',
      'forbidden',
      'invalid_request',
      'date_invalid',
      'date_in_past',
      'time_invalid',
      'end_before_start',
      'department_required',
      'department_unknown',
      'department_unreachable',
    ),
  },
});

/** What outside systems and old links call at the customer's old address (R18). */
export const HRM_OLD_ADDRESS_SHIFTS = endpointTable(ORIGINS.hrm, {
  oldCalendarFeed: {
    method: 'GET',
    path: '/Calendar/:file',
    summary:
      'The schedule as iCalendar (`<token>.ics`) before the move; after it a 302 to the new address while the redirect lasts, then 410.',
    responseType: 'text/calendar',
    errors: codes('not_found', 'calendar_link_replaced', 'calendar_address_gone'),
  },
  oldShiftRequestLink: {
    method: 'GET',
    path: '/ShiftRequest/Respond/:id',
    summary: 'The response page of a shift request before the move; after it a page saying it can no longer be answered (410).',
  },
  oldShiftRequestAnswer: {
    method: 'POST',
    path: '/ShiftRequest/Respond/:id',
    summary: 'Accepts or declines a shift request {answer} before the move; the first to accept gets it.',
    request: shape<ShiftRequestAnswerBody>(),
    errors: codes('invalid_request'),
  },
  oldSmsCallback: {
    method: 'POST',
    path: '/ShiftRequest/SmsCallback/:secret',
    summary: "The SMS provider's callback with a reply YES or NO, before the move; after it 410 naming the new callback URL.",
    request: shape<SmsCallbackBody>(),
    response: shape<SmsCallbackAnswer>(),
    errors: codes(
      'invalid_request',
      'callback_secret_invalid',
      'callback_address_gone',
      'not_found',
      'not_a_recipient',
      'reply_not_understood',
      'already_answered',
    ),
  },
});

/** The same at the new web address, from the move. */
export const HRM_WEB_SHIFTS = endpointTable(HRM_NEW_ORIGINS.web, {
  calendarFeed: {
    method: 'GET',
    path: '/calendar/:token/schedule.ics',
    summary: "An employee's schedule as iCalendar (RFC 5545), from the move.",
    responseType: 'text/calendar',
    errors: codes('not_found', 'calendar_link_replaced', 'address_not_in_use_yet'),
  },
  shiftRequestLink: {
    method: 'GET',
    path: '/shift-requests/:id',
    summary: 'The response page of a shift request sent after the move.',
  },
  shiftRequestAnswer: {
    method: 'POST',
    path: '/shift-requests/:id',
    summary: 'Accepts or declines a shift request {answer}; the first to accept gets it.',
    request: shape<ShiftRequestAnswerBody>(),
    errors: codes('invalid_request'),
  },
});

/** The SMS provider's callback at the new API address, from the move. */
export const HRM_API_SHIFTS = endpointTable(HRM_NEW_ORIGINS.api, {
  smsCallback: {
    method: 'POST',
    path: '/v1/sms/callback/:secret',
    summary: "The SMS provider's callback with a reply YES or NO, from the move.",
    request: shape<SmsCallbackBody>(),
    response: shape<SmsCallbackAnswer>(),
    errors: codes(
      'invalid_request',
      'callback_secret_invalid',
      'address_not_in_use_yet',
      'not_found',
      'not_a_recipient',
      'reply_not_understood',
      'already_answered',
    ),
  },
});

/** The feed's address of a token, old (`https://hrm.test/Calendar/<token>.ics`) or new. */
export function calendarFeedUrl(token: string, address: 'old' | 'new'): string {
  return address === 'old'
    ? `${ORIGINS.hrm}/Calendar/${encodeURIComponent(token)}.ics`
    : `${HRM_NEW_ORIGINS.web}/calendar/${encodeURIComponent(token)}/schedule.ics`;
}

/** A shift request's response link, old (`https://hrm.test/ShiftRequest/Respond/<id>`) or new. */
export function shiftRequestUrl(id: string, address: 'old' | 'new'): string {
  return address === 'old'
    ? `${ORIGINS.hrm}/ShiftRequest/Respond/${encodeURIComponent(id)}`
    : `${HRM_NEW_ORIGINS.web}/shift-requests/${encodeURIComponent(id)}`;
}

/** The SMS provider's callback URL for the HRM, old or new. */
export function smsCallbackUrl(secret: string, address: 'old' | 'new'): string {
  return address === 'old'
    ? `${ORIGINS.hrm}/ShiftRequest/SmsCallback/${encodeURIComponent(secret)}`
    : `${HRM_NEW_ORIGINS.api}/v1/sms/callback/${encodeURIComponent(secret)}`;
}
