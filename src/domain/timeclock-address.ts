// Owns the Timeclock's new address (R19): the old address of a device rewritten to the shared Timeclock host, as the
// admin types it into each device by hand. Pure: no network, no clock.
import { fail, ok, type Result } from './errors';

export type TimeclockAddressProblemCode = 'address_required' | 'address_invalid' | 'not_timeclock' | 'customer_number_needed';

export interface TimeclockAddress {
  /** The new address to enter on the device. */
  url: string;
  /** The clock's name ("default" when the old address named none). */
  clock: string;
  customerNumber: string;
  /** The old address's query string and fragment, left out of the new address; '' when it had none. */
  dropped: string;
  /** The address was on the new host already: nothing to change. */
  unchanged: boolean;
}

export interface TimeclockTarget {
  /** The shared Timeclock host, with or without a scheme: "timeclock.flexhrm.com", "https://timeclock.hrm.test". */
  host: string;
  /** The customer's number, used when the old address has none; null or '' when it is not known. */
  customerNumber: string | null;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const CUSTOMER_NUMBER = /^\d+$/;

/**
 * R19: the host becomes the Timeclock host, "/Timeclock" goes, and the path becomes "/<clock>/<customerNumber>", with
 * clock "default" when the old address names none and the customer number kept when the old address has one. The
 * scheme: the target's if it names one, https when the old address had one (the new host answers https only), none
 * when neither does (addresses written as a host and a path stay so). The query string and fragment are left out: the
 * clock and the customer are in the path, and what the old host read from a query (its own session and return
 * addresses) means nothing to the new one; the result says what was left out so the admin can see it.
 */
export function rewriteTimeclockAddress(
  oldAddress: string,
  target: TimeclockTarget,
  field = 'address',
): Result<TimeclockAddress, TimeclockAddressProblemCode> {
  const text = oldAddress.trim();
  if (text.length === 0) return fail('address_required', 'Enter the address the device uses now, e.g. https://hrm.test/Timeclock', field);
  if (/\s/.test(text)) return fail('address_invalid', 'An address cannot contain spaces', field);
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase() ?? null;
  if (scheme !== null && scheme !== 'http' && scheme !== 'https')
    return fail('address_invalid', `A Timeclock address starts with https:// or http://, not ${scheme}://`, field);
  let url: URL;
  try {
    url = new URL(scheme === null ? `https://${text}` : text);
  } catch {
    return fail('address_invalid', `“${text}” is not a web address, e.g. https://hrm.test/Timeclock`, field);
  }
  if (!url.hostname.includes('.')) return fail('address_invalid', `“${url.hostname}” needs a dot and a top-level domain`, field);

  const targetScheme = SCHEME.exec(target.host.trim())?.[1]?.toLowerCase() ?? null;
  const targetHost = target.host.trim().replace(SCHEME, '').replace(/\/+$/, '').toLowerCase();
  const outScheme = targetScheme ?? (scheme === null ? null : 'https');
  const prefix = outScheme === null ? targetHost : `${outScheme}://${targetHost}`;
  const dropped = `${url.search}${url.hash}`;
  const segments = url.pathname.split('/').filter((s) => s.length > 0);

  if (url.host === targetHost) {
    // Already the new address: it must name a clock and a customer number.
    const [clock, number, ...rest] = segments;
    if (clock === undefined || number === undefined || rest.length > 0 || !CUSTOMER_NUMBER.test(number))
      return fail(
        'address_invalid',
        `An address on ${targetHost} names the clock and the customer number: ${prefix}/<clock>/<customer number>`,
        field,
      );
    return ok({ url: `${prefix}/${clock}/${number}`, clock, customerNumber: number, dropped, unchanged: dropped === '' });
  }

  const at = segments.findIndex((s) => s.toLowerCase() === 'timeclock');
  if (at === -1)
    return fail(
      'not_timeclock',
      `“${text}” is not a Timeclock address: a device's address ends in /Timeclock, /Timeclock/<clock> or /Timeclock/<clock>/<customer number>`,
      field,
    );
  const after = segments.slice(at + 1);
  if (after.length > 2)
    return fail(
      'address_invalid',
      `“${text}” has more after the customer number than a Timeclock address has: /Timeclock/<clock>/<customer number>`,
      field,
    );
  const clock = after[0] ?? 'default';
  const given = after[1];
  if (given !== undefined && !CUSTOMER_NUMBER.test(given))
    return fail('address_invalid', `“${given}” is not a customer number: it is digits only, e.g. 4711`, field);
  const customerNumber = given ?? target.customerNumber?.trim() ?? '';
  if (customerNumber.length === 0)
    return fail(
      'customer_number_needed',
      `The new address needs the customer number (${prefix}/${clock}/<customer number>), and “${text}” has none: enter the customer number`,
      field,
    );
  if (!CUSTOMER_NUMBER.test(customerNumber))
    return fail('address_invalid', `“${customerNumber}” is not a customer number: it is digits only, e.g. 4711`, 'customerNumber');
  return ok({ url: `${prefix}/${clock}/${customerNumber}`, clock, customerNumber, dropped, unchanged: false });
}
