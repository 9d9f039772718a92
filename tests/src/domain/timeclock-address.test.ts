import { describe, expect, it } from 'vitest';
import { rewriteTimeclockAddress } from '../../../src/domain/timeclock-address';

const FLEX = { host: 'timeclock.flexhrm.com', customerNumber: '5120' };
const OURS = { host: 'https://timeclock.hrm.test', customerNumber: '4711' };

function url(old: string, target = FLEX): string {
  const result = rewriteTimeclockAddress(old, target);
  if (!result.ok) throw new Error(`expected a new address for ${old}: ${result.problem.message}`);
  return result.value.url;
}

function problem(old: string, target: { host: string; customerNumber: string | null } = FLEX) {
  const result = rewriteTimeclockAddress(old, target);
  if (result.ok) throw new Error(`expected ${old} to be refused, got ${result.value.url}`);
  return result.problem;
}

describe('rewriteTimeclockAddress: the three examples of the rule', () => {
  it('an address with no clock gets the default clock and the customer number', () => {
    expect(url('customer.flexhosting.se/Timeclock')).toBe('timeclock.flexhrm.com/default/5120');
  });
  it('a named clock keeps its name and gets the customer number', () => {
    expect(url('customer.flexhosting.se/Timeclock/Fabriksklocka')).toBe('timeclock.flexhrm.com/Fabriksklocka/5120');
  });
  it('an address with a customer number keeps it', () => {
    expect(url('exempel.com/Timeclock/Fabriksklocka/1234')).toBe('timeclock.flexhrm.com/Fabriksklocka/1234');
  });
});

describe('rewriteTimeclockAddress: the simulated customer', () => {
  it('https://hrm.test/Timeclock → the default clock at the Timeclock host', () => {
    expect(url('https://hrm.test/Timeclock', OURS)).toBe('https://timeclock.hrm.test/default/4711');
  });
  it('the three demo devices', () => {
    expect(url('https://hrm.test/Timeclock/Fabriksklocka', OURS)).toBe('https://timeclock.hrm.test/Fabriksklocka/4711');
    expect(url('https://hrm.test/Timeclock/Lager/4711', OURS)).toBe('https://timeclock.hrm.test/Lager/4711');
  });
  it('says what the address is made of', () => {
    const result = rewriteTimeclockAddress('https://hrm.test/Timeclock/Lager/4711', OURS);
    expect(result).toEqual({
      ok: true,
      value: { url: 'https://timeclock.hrm.test/Lager/4711', clock: 'Lager', customerNumber: '4711', dropped: '', unchanged: false },
    });
  });
});

describe('rewriteTimeclockAddress: what real addresses bring', () => {
  it('http and https both become https when the target names no scheme', () => {
    expect(url('http://customer.flexhosting.se/Timeclock')).toBe('https://timeclock.flexhrm.com/default/5120');
    expect(url('https://customer.flexhosting.se/Timeclock')).toBe('https://timeclock.flexhrm.com/default/5120');
  });
  it('the target’s scheme wins', () => {
    expect(url('http://hrm.test/Timeclock', OURS)).toBe('https://timeclock.hrm.test/default/4711');
    expect(url('hrm.test/Timeclock', OURS)).toBe('https://timeclock.hrm.test/default/4711');
  });
  it('a trailing slash changes nothing', () => {
    expect(url('customer.flexhosting.se/Timeclock/')).toBe('timeclock.flexhrm.com/default/5120');
    expect(url('exempel.com/Timeclock/Fabriksklocka/1234/')).toBe('timeclock.flexhrm.com/Fabriksklocka/1234');
  });
  it('"Timeclock" is found in any letter case; the clock keeps its own', () => {
    expect(url('customer.flexhosting.se/timeclock/Fabriksklocka')).toBe('timeclock.flexhrm.com/Fabriksklocka/5120');
    expect(url('CUSTOMER.FLEXHOSTING.SE/TIMECLOCK')).toBe('timeclock.flexhrm.com/default/5120');
  });
  it('leaves out a query string and a fragment, and says so', () => {
    const result = rewriteTimeclockAddress('https://hrm.test/Timeclock/Fabriksklocka?lang=sv#punch', OURS);
    expect(result.ok && result.value).toMatchObject({ url: 'https://timeclock.hrm.test/Fabriksklocka/4711', dropped: '?lang=sv#punch' });
  });
  it('an old port goes with the old host', () => {
    expect(url('http://hrm-server.local.se:8080/Timeclock')).toBe('https://timeclock.flexhrm.com/default/5120');
  });
  it('segments before /Timeclock (an application folder on a self-hosted server) go with the old host', () => {
    expect(url('https://intranet.exempel.com/flexhrm/Timeclock/Kiosk')).toBe('https://timeclock.flexhrm.com/Kiosk/5120');
  });
  it('an address already on the new host is kept, and says nothing changed', () => {
    const result = rewriteTimeclockAddress('https://timeclock.hrm.test/Lager/4711', OURS);
    expect(result.ok && result.value).toMatchObject({ url: 'https://timeclock.hrm.test/Lager/4711', unchanged: true });
  });
});

describe('rewriteTimeclockAddress: what it refuses, with why', () => {
  it('a missing customer number is asked for, never guessed', () => {
    const p = problem('customer.flexhosting.se/Timeclock/Fabriksklocka', { host: 'timeclock.flexhrm.com', customerNumber: null });
    expect(p.code).toBe('customer_number_needed');
    expect(p.message).toContain('timeclock.flexhrm.com/Fabriksklocka/<customer number>');
    expect(problem('customer.flexhosting.se/Timeclock', { host: 'timeclock.flexhrm.com', customerNumber: '  ' }).code).toBe(
      'customer_number_needed',
    );
  });
  it('a customer number in the address is digits', () => {
    const p = problem('exempel.com/Timeclock/Fabriksklocka/12a4');
    expect(p).toMatchObject({ code: 'address_invalid', field: 'address' });
    expect(p.message).toContain('“12a4” is not a customer number');
  });
  it('an address that is not a Timeclock address is explained', () => {
    const p = problem('https://hrm.test/Login');
    expect(p.code).toBe('not_timeclock');
    expect(p.message).toContain('/Timeclock/<clock>');
  });
  it('more after the customer number is refused', () => {
    expect(problem('exempel.com/Timeclock/Fabriksklocka/1234/extra').code).toBe('address_invalid');
  });
  it('empty, spaces, other schemes and hosts without a dot are refused at the field', () => {
    expect(problem('  ')).toMatchObject({ code: 'address_required', field: 'address' });
    expect(problem('hrm.test/Time clock').code).toBe('address_invalid');
    expect(problem('ftp://hrm.test/Timeclock').message).toContain('not ftp://');
    expect(problem('localhost/Timeclock').code).toBe('address_invalid');
  });
  it('an address on the new host without a customer number is refused', () => {
    expect(problem('https://timeclock.hrm.test/Lager', OURS).message).toContain('<clock>/<customer number>');
  });
});
