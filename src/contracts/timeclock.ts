// Owns the Timeclock's wire (R11, R19): what a Timeclock device calls at its address, the old one under the customer's
// own host (hrm.test/Timeclock[/<clock>[/<customer number>]]) until the move and the shared Timeclock host
// (timeclock.hrm.test/<clock>/<customer number>) from it, and the endpoint tables of both.
import { endpointTable, shape } from './endpoint';
import { HRM_NEW_ORIGINS, ORIGINS } from './origins';

/** The Timeclock's path under the customer's own host before the move (R19: it goes with the move). */
export const OLD_TIMECLOCK_PATH = '/Timeclock';

/** The clock a Timeclock address without a clock name opens (R19). */
export const DEFAULT_CLOCK = 'default';

export type TimeclockProblemCode =
  | 'invalid_request'
  | 'timeclock_moved'
  | 'timeclock_not_in_use'
  | 'unknown_customer'
  | 'customer_number_needed'
  | 'invalid_credentials'
  | 'device_login_required'
  | 'unknown_badge'
  | 'unknown_employee_number'
  | 'no_employment';

/** What a device shows when it opens its address: the clock, and whether this device is logged in to it. */
export interface TimeclockScreen {
  clock: string;
  customerNumber: string;
  tenantName: string;
  /** The device's name, when it is logged in here; null: the device login is shown. */
  device: string | null;
}

/** The Timeclock's device login: the Timeclock user of the customer, and the name this device goes by. */
export interface TimeclockLoginRequest {
  username: string;
  password: string;
  deviceName: string;
}

/** A punch: by badge (a tag held to the reader) or by employee number typed on the keypad; exactly one of them. */
export interface PunchRequest {
  badge?: string;
  employeeNumber?: string;
}

export type PunchDirection = 'in' | 'out';

export interface Punch {
  id: number;
  name: string;
  employeeNumber: string;
  direction: PunchDirection;
  /** World time. */
  at: number;
  clock: string;
  /** The device it was punched on. */
  device: string;
}

/** The same three routes under each form of the old address (R19): with no clock, a clock, a clock and a customer number. */
export const TIMECLOCK_OLD_API = endpointTable(ORIGINS.hrm, {
  oldScreen: {
    method: 'GET',
    path: '/Timeclock',
    summary: "The default clock's screen at the customer's own address: this device logged in or not. Gone (410) after the move.",
    response: shape<TimeclockScreen>(),
    errors: ['timeclock_moved'],
  },
  oldClockScreen: {
    method: 'GET',
    path: '/Timeclock/:clock',
    summary: "A named clock's screen at the customer's own address. Gone (410) after the move.",
    response: shape<TimeclockScreen>(),
    errors: ['timeclock_moved'],
  },
  oldCustomerClockScreen: {
    method: 'GET',
    path: '/Timeclock/:clock/:customerNumber',
    summary: "A clock's screen at the customer's own address with its customer number. Gone (410) after the move.",
    response: shape<TimeclockScreen>(),
    errors: ['timeclock_moved', 'unknown_customer'],
  },
  oldLogin: {
    method: 'POST',
    path: '/Timeclock/login',
    summary: "The device login at the default clock: the Timeclock user's name and password; a device session cookie for this host.",
    request: shape<TimeclockLoginRequest>(),
    response: shape<TimeclockScreen>(),
    errors: ['timeclock_moved', 'invalid_request', 'invalid_credentials'],
  },
  oldClockLogin: {
    method: 'POST',
    path: '/Timeclock/:clock/login',
    summary: 'The device login at a named clock.',
    request: shape<TimeclockLoginRequest>(),
    response: shape<TimeclockScreen>(),
    errors: ['timeclock_moved', 'invalid_request', 'invalid_credentials'],
  },
  oldCustomerClockLogin: {
    method: 'POST',
    path: '/Timeclock/:clock/:customerNumber/login',
    summary: 'The device login at a named clock with the customer number.',
    request: shape<TimeclockLoginRequest>(),
    response: shape<TimeclockScreen>(),
    errors: ['timeclock_moved', 'invalid_request', 'invalid_credentials', 'unknown_customer'],
  },
  oldPunch: {
    method: 'POST',
    path: '/Timeclock/punch',
    summary: 'A punch in or out at the default clock, by badge or employee number; 201 with the person and the direction.',
    request: shape<PunchRequest>(),
    response: shape<Punch>(),
    errors: ['timeclock_moved', 'invalid_request', 'device_login_required', 'unknown_badge', 'unknown_employee_number', 'no_employment'],
  },
  oldClockPunch: {
    method: 'POST',
    path: '/Timeclock/:clock/punch',
    summary: 'A punch at a named clock.',
    request: shape<PunchRequest>(),
    response: shape<Punch>(),
    errors: ['timeclock_moved', 'invalid_request', 'device_login_required', 'unknown_badge', 'unknown_employee_number', 'no_employment'],
  },
  oldCustomerClockPunch: {
    method: 'POST',
    path: '/Timeclock/:clock/:customerNumber/punch',
    summary: 'A punch at a named clock with the customer number.',
    request: shape<PunchRequest>(),
    response: shape<Punch>(),
    errors: [
      'timeclock_moved',
      'invalid_request',
      'unknown_customer',
      'device_login_required',
      'unknown_badge',
      'unknown_employee_number',
      'no_employment',
    ],
  },
});

/** The shared Timeclock host from the move (R19): every address names its clock and the customer number. */
export const TIMECLOCK_API = endpointTable(HRM_NEW_ORIGINS.timeclock, {
  screen: {
    method: 'GET',
    path: '/:clock/:customerNumber',
    summary: "A clock's screen: this device logged in or not. Before the move: not in use yet (409).",
    response: shape<TimeclockScreen>(),
    errors: ['timeclock_not_in_use', 'unknown_customer'],
  },
  deviceLogin: {
    method: 'POST',
    path: '/:clock/:customerNumber/login',
    summary: 'The device login on the new host: a session of its own, apart from the old address’s (log in again on each device).',
    request: shape<TimeclockLoginRequest>(),
    response: shape<TimeclockScreen>(),
    errors: ['timeclock_not_in_use', 'unknown_customer', 'invalid_request', 'invalid_credentials'],
  },
  punch: {
    method: 'POST',
    path: '/:clock/:customerNumber/punch',
    summary: 'A punch in or out by badge or employee number; 201 with the person and the direction.',
    request: shape<PunchRequest>(),
    response: shape<Punch>(),
    errors: [
      'timeclock_not_in_use',
      'unknown_customer',
      'invalid_request',
      'device_login_required',
      'unknown_badge',
      'unknown_employee_number',
      'no_employment',
    ],
  },
  clockWithoutCustomer: {
    method: 'GET',
    path: '/:clock',
    summary: 'An address without the customer number: 404 saying the address needs it.',
    errors: ['customer_number_needed'],
  },
});
