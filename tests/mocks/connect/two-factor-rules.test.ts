// Tests two-factor authentication's pure rules (R21): what a policy asks of an account and when, whether a sign-in
// needs a second step (an SSO IdP's own MFA by its RFC 8176 amr counts, as does a passkey that verified its user), the
// amr after it, and typed recovery codes.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/domain/random';
import {
  amrAfterSecondFactor,
  hasSecondFactor,
  newRecoveryCodes,
  normaliseRecoveryCode,
  secondStep,
  twoFactorRequirement,
  upstreamDidMfa,
} from '../../../mocks/servers/connect/two-factor/rules';

const HR = { id: 'grp_hr', name: 'HR staff' };
const T = Date.UTC(2026, 3, 1, 8, 0, 0);

describe('twoFactorRequirement', () => {
  it('asks nothing without a policy, and requires it of a required group’s members only', () => {
    expect(twoFactorRequirement({ requiredGroupIds: [], everyoneFrom: null }, [HR], T)).toEqual({ kind: 'none' });
    expect(twoFactorRequirement({ requiredGroupIds: [HR.id], everyoneFrom: null }, [HR], T)).toEqual({
      kind: 'required',
      because: { kind: 'group', group: 'HR staff' },
    });
    expect(twoFactorRequirement({ requiredGroupIds: [HR.id], everyoneFrom: null }, [], T)).toEqual({ kind: 'none' });
  });

  it('for everyone: upcoming until the date, required from the date exactly; a required group names the reason', () => {
    const policy = { requiredGroupIds: [], everyoneFrom: T };
    expect(twoFactorRequirement(policy, [], T - 1)).toEqual({ kind: 'upcoming', from: T });
    expect(twoFactorRequirement(policy, [], T)).toEqual({ kind: 'required', because: { kind: 'everyone', since: T } });
    expect(twoFactorRequirement({ requiredGroupIds: [HR.id], everyoneFrom: T }, [HR], T - 1)).toEqual({
      kind: 'required',
      because: { kind: 'group', group: 'HR staff' },
    });
  });
});

describe('upstreamDidMfa (R21: SSO users keep their IdP’s 2FA)', () => {
  it.each([
    [['pwd', 'mfa'], true],
    [['mfa'], true],
    [['pwd', 'otp'], true],
    [['pwd', 'fpt'], true],
    [['hwk', 'face'], true],
    [['pwd'], false],
    [['pwd', 'pin'], false],
    [['otp', 'sms'], false],
    [['pwd', 'rba'], false],
    [[], false],
  ])('amr %j is MFA: %s', (amr, expected) => {
    expect(upstreamDidMfa(amr)).toBe(expected);
  });

  it('an IdP that sends no amr, or not an array of strings, did not show MFA', () => {
    expect(upstreamDidMfa(undefined)).toBe(false);
    expect(upstreamDidMfa([1, 'mfa '] as unknown[])).toBe(false);
  });
});

describe('secondStep', () => {
  const none = { kind: 'none' } as const;
  const required = { kind: 'required', because: { kind: 'group', group: 'HR staff' } } as const;

  it('verifies an account’s factor unless the browser is remembered; recovery codes alone are not a factor', () => {
    expect(
      secondStep({ first: { kind: 'password' }, factors: ['totp', 'recovery_code'], requirement: none, rememberedDevice: false }),
    ).toBe('verify');
    expect(secondStep({ first: { kind: 'password' }, factors: ['totp', 'recovery_code'], requirement: none, rememberedDevice: true })).toBe(
      'none',
    );
    expect(secondStep({ first: { kind: 'password' }, factors: ['recovery_code'], requirement: none, rememberedDevice: false })).toBe(
      'none',
    );
  });

  it('sets a factor up when the policy asks, remembered browser or not; nothing when it does not', () => {
    expect(secondStep({ first: { kind: 'password' }, factors: [], requirement: required, rememberedDevice: true })).toBe('set_up');
    expect(
      secondStep({ first: { kind: 'password' }, factors: [], requirement: { kind: 'upcoming', from: T }, rememberedDevice: false }),
    ).toBe('set_up');
    expect(secondStep({ first: { kind: 'password' }, factors: [], requirement: none, rememberedDevice: false })).toBe('none');
  });

  it('an SSO sign-in whose IdP did MFA is not asked again, even when required; one that did not is', () => {
    expect(
      secondStep({
        first: { kind: 'sso', upstreamAmr: ['pwd', 'mfa'] },
        factors: ['totp'],
        requirement: required,
        rememberedDevice: false,
      }),
    ).toBe('none');
    expect(secondStep({ first: { kind: 'sso', upstreamAmr: ['pwd'] }, factors: [], requirement: required, rememberedDevice: false })).toBe(
      'set_up',
    );
    expect(
      secondStep({ first: { kind: 'sso', upstreamAmr: undefined }, factors: ['totp'], requirement: none, rememberedDevice: false }),
    ).toBe('verify');
  });

  it('a passkey is a factor of its own: a password is followed by verifying it, also where the policy requires one', () => {
    expect(secondStep({ first: { kind: 'password' }, factors: ['passkey'], requirement: required, rememberedDevice: false })).toBe(
      'verify',
    );
    expect(secondStep({ first: { kind: 'password' }, factors: ['passkey'], requirement: none, rememberedDevice: true })).toBe('none');
  });

  it('a sign-in with a passkey that verified its user (amr mfa) is not asked again, even when required; one with presence alone is', () => {
    expect(
      secondStep({
        first: { kind: 'passkey', amr: ['swk', 'user', 'mfa'] },
        factors: ['passkey'],
        requirement: required,
        rememberedDevice: false,
      }),
    ).toBe('none');
    expect(
      secondStep({
        first: { kind: 'passkey', amr: ['pop', 'user', 'mfa'] },
        factors: ['passkey', 'totp'],
        requirement: required,
        rememberedDevice: false,
      }),
    ).toBe('none');
    expect(
      secondStep({
        first: { kind: 'passkey', amr: ['swk', 'user'] },
        factors: ['passkey', 'totp'],
        requirement: required,
        rememberedDevice: false,
      }),
    ).toBe('verify');
  });
});

describe('hasSecondFactor', () => {
  it('counts a passkey and an app, not recovery codes alone', () => {
    expect(hasSecondFactor(['passkey'])).toBe(true);
    expect(hasSecondFactor(['totp', 'recovery_code'])).toBe(true);
    expect(hasSecondFactor(['recovery_code'])).toBe(false);
    expect(hasSecondFactor([])).toBe(false);
  });
});

describe('amrAfterSecondFactor (RFC 8176 §2)', () => {
  it('adds otp and mfa after the password, for the app and for a recovery code', () => {
    expect(amrAfterSecondFactor(['pwd'], 'totp')).toEqual(['pwd', 'otp', 'mfa']);
    expect(amrAfterSecondFactor(['pwd'], 'recovery_code')).toEqual(['pwd', 'otp', 'mfa']);
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes from the seeded random, the same for the same seed', () => {
    const codes = newRecoveryCodes(SeededRandom.fromSeed('demo/connect'));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(newRecoveryCodes(SeededRandom.fromSeed('demo/connect'))).toEqual(codes);
  });

  it('are read as typed in any case, with or without the dash and spaces, and nothing else', () => {
    expect(normaliseRecoveryCode(' K7MQX-2HP9D ')).toBe('k7mqx2hp9d');
    expect(normaliseRecoveryCode('k7mqx 2hp9d')).toBe('k7mqx2hp9d');
    expect(normaliseRecoveryCode('k7mqx-2hp9')).toBeNull();
    expect(normaliseRecoveryCode('k7mqx-2hp9d!')).toBeNull();
  });
});
