// Tests the one-time passwords Connect verifies and the phone shows (src/domain/totp.ts): RFC 4226 Appendix D and
// RFC 6238 Appendix B vectors, the ±1 step window, the replay rule, key URIs and typed setup keys.
import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/domain/random';
import {
  checkTotp,
  CONNECT_TOTP,
  formatSetupKey,
  hotpCode,
  newTotpSecret,
  otpauthUri,
  parseOtpauthUri,
  parseSetupKey,
  totpCode,
  totpMillisecondsLeft,
  totpStep,
  type TotpAlgorithm,
} from '../../../src/domain/totp';

/** RFC 6238 Appendix A: the seeds are ASCII "1234567890" repeated to the hash's length (20, 32 and 64 bytes). */
const RFC_SEEDS: Record<TotpAlgorithm, string> = {
  SHA1: Secret.fromLatin1('12345678901234567890').base32,
  SHA256: Secret.fromLatin1('12345678901234567890123456789012').base32,
  SHA512: Secret.fromLatin1('1234567890123456789012345678901234567890123456789012345678901234').base32,
};

describe('hotpCode (RFC 4226)', () => {
  it('gives the Appendix D values for counts 0 to 9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, count) => hotpCode(RFC_SEEDS.SHA1, count))).toEqual(expected);
  });
});

describe('totpCode (RFC 6238)', () => {
  // Appendix B: time in seconds, then the 8-digit TOTP for SHA1, SHA256, SHA512.
  const APPENDIX_B: Array<[number, string, string, string]> = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];

  it.each(APPENDIX_B)('gives the Appendix B values at %i s for SHA1, SHA256 and SHA512', (seconds, sha1, sha256, sha512) => {
    const at = (algorithm: TotpAlgorithm) => totpCode(RFC_SEEDS[algorithm], seconds * 1000, { algorithm, digits: 8, period: 30 });
    expect([at('SHA1'), at('SHA256'), at('SHA512')]).toEqual([sha1, sha256, sha512]);
  });

  it('accepts the Appendix B codes through checkTotp at their own time', () => {
    for (const [seconds, sha1, sha256, sha512] of APPENDIX_B) {
      for (const [algorithm, code] of [
        ['SHA1', sha1],
        ['SHA256', sha256],
        ['SHA512', sha512],
      ] as const) {
        const check = checkTotp(RFC_SEEDS[algorithm], code, seconds * 1000, {
          lastUsedStep: null,
          window: 0,
          params: { algorithm, digits: 8, period: 30 },
        });
        expect(check).toEqual({ ok: true, step: Math.floor(seconds / 30) });
      }
    }
  });

  it('steps every 30 seconds of the given time, and says how long the code has left', () => {
    expect(totpStep(59_000)).toBe(1);
    expect(totpStep(60_000)).toBe(2);
    expect(totpMillisecondsLeft(59_000)).toBe(1_000);
    expect(totpMillisecondsLeft(60_000)).toBe(30_000);
  });
});

describe('checkTotp window and replay (RFC 6238 §5.2)', () => {
  const secret = RFC_SEEDS.SHA1;
  /** 08:00:10 on the demo's first day: step T, 20 s left. */
  const now = Date.UTC(2026, 2, 2, 8, 0, 10);
  const step = totpStep(now);
  const codeAt = (offsetSteps: number) => hotpCode(secret, step + offsetSteps);

  it('accepts the previous, current and next step, and nothing further', () => {
    expect(checkTotp(secret, codeAt(-1), now, { lastUsedStep: null })).toEqual({ ok: true, step: step - 1 });
    expect(checkTotp(secret, codeAt(0), now, { lastUsedStep: null })).toEqual({ ok: true, step });
    expect(checkTotp(secret, codeAt(1), now, { lastUsedStep: null })).toEqual({ ok: true, step: step + 1 });
    expect(checkTotp(secret, codeAt(-2), now, { lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
    expect(checkTotp(secret, codeAt(2), now, { lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a code of a step already used, and of any earlier step, as replayed', () => {
    expect(checkTotp(secret, codeAt(0), now, { lastUsedStep: step })).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(secret, codeAt(-1), now, { lastUsedStep: step })).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(secret, codeAt(1), now, { lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
  });

  it('a code still in the window 30 seconds later is refused once it was used', () => {
    const used = checkTotp(secret, codeAt(0), now, { lastUsedStep: null });
    expect(used.ok).toBe(true);
    const later = checkTotp(secret, codeAt(0), now + 30_000, { lastUsedStep: used.ok ? used.step : null });
    expect(later).toEqual({ ok: false, reason: 'replayed' });
  });

  it('ignores the space apps show in the middle and refuses anything but six digits unread', () => {
    const code = codeAt(0);
    expect(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, { lastUsedStep: null })).toEqual({ ok: true, step });
    expect(checkTotp(secret, code.slice(0, 5), now, { lastUsedStep: null })).toEqual({ ok: false, reason: 'malformed' });
    expect(checkTotp(secret, `${code.slice(0, 5)}x`, now, { lastUsedStep: null })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a phone clock 90 seconds off gives codes outside the window; 20 seconds off still works', () => {
    expect(checkTotp(secret, totpCode(secret, now + 90_000), now, { lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
    expect(checkTotp(secret, totpCode(secret, now - 90_000), now, { lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
    expect(checkTotp(secret, totpCode(secret, now + 20_000), now, { lastUsedStep: null }).ok).toBe(true);
  });
});

describe('newTotpSecret', () => {
  it('draws 160 bits from the seeded stream: the same seed gives the same secret', () => {
    const a = newTotpSecret(SeededRandom.fromSeed('demo/connect'));
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret(SeededRandom.fromSeed('demo/connect'))).toBe(a);
    expect(newTotpSecret(SeededRandom.fromSeed('other'))).not.toBe(a);
  });
});

describe('otpauthUri and parseOtpauthUri', () => {
  const account = { issuer: 'Connect', label: 'anna.svensson@company.com', secret: RFC_SEEDS.SHA1, ...CONNECT_TOTP };

  it('writes the key URI with issuer, label = email, SHA1, 6 digits, 30 s, and reads it back', () => {
    const uri = otpauthUri(account);
    expect(uri).toBe(
      `otpauth://totp/Connect:anna.svensson%40company.com?issuer=Connect&secret=${RFC_SEEDS.SHA1}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(parseOtpauthUri(uri)).toEqual({ ok: true, value: account });
  });

  it('refuses what is not a TOTP key', () => {
    expect(parseOtpauthUri('https://connect.test/')).toMatchObject({ ok: false });
    expect(parseOtpauthUri(`otpauth://hotp/Connect:a?secret=${RFC_SEEDS.SHA1}&counter=0`)).toMatchObject({
      ok: false,
      message: expect.stringContaining('HOTP'),
    });
  });
});

describe('setup keys', () => {
  it('shows the key in groups of four and reads it back however it was typed', () => {
    const shown = formatSetupKey(RFC_SEEDS.SHA1);
    expect(shown).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
    expect(parseSetupKey(shown.toLowerCase())).toEqual({ ok: true, value: RFC_SEEDS.SHA1 });
    expect(parseSetupKey('GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ')).toEqual({ ok: true, value: RFC_SEEDS.SHA1 });
  });

  it('says what is wrong with a key that is empty, has other characters or is too short', () => {
    expect(parseSetupKey('  ')).toMatchObject({ ok: false, message: expect.stringContaining('Enter the key') });
    expect(parseSetupKey('GEZD GNBV GY3T QOJ1 GEZD GNBV GY3T QOJQ')).toMatchObject({ ok: false, message: expect.stringContaining('2–7') });
    expect(parseSetupKey('GEZD GNBV')).toMatchObject({ ok: false, message: expect.stringContaining('too short') });
  });
});
