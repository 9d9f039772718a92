// Tests the sandbox authenticator's CBOR encoder against RFC 8949 Appendix A's examples and its deterministic map order.
import { describe, expect, it } from 'vitest';
import { encodeCbor, type CborValue } from '../../../../src/platform/webauthn/cbor';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('encodeCbor', () => {
  it.each<[CborValue, string]>([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [100, '1864'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [-1, '20'],
    [-100, '3863'],
    [-1000, '3903e7'],
    ['', '60'],
    ['IETF', '6449455446'],
    ['ü', '62c3bc'],
    [Uint8Array.of(1, 2, 3, 4), '4401020304'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [
      new Map<number | string, CborValue>([
        [1, 2],
        [3, 4],
      ]),
      'a201020304',
    ],
    [
      new Map<number | string, CborValue>([
        ['a', 1],
        ['b', [2, 3]],
      ]),
      'a26161016162820203',
    ],
  ])('RFC 8949 Appendix A: %o is %s', (value, expected) => {
    expect(hex(encodeCbor(value))).toBe(expected);
  });

  it('orders map keys by their encoding (RFC 8949 §4.2.1), as COSE keys and attestation objects need', () => {
    const coseKey = new Map<number, CborValue>([
      [-3, 3],
      [-1, 1],
      [3, -7],
      [-2, 2],
      [1, 2],
    ]);
    expect(hex(encodeCbor(coseKey))).toBe('a5' + '0102' + '0326' + '2001' + '2102' + '2203');
    const attestation = new Map<string, CborValue>([
      ['authData', Uint8Array.of()],
      ['fmt', 'none'],
      ['attStmt', new Map()],
    ]);
    // "fmt": "none", "attStmt": {}, "authData": h''
    expect(hex(encodeCbor(attestation))).toBe(
      'a3' + '63666d74' + '646e6f6e65' + '6761747453746d74' + 'a0' + '68' + '6175746844617461' + '40',
    );
  });

  it('refuses what it cannot encode exactly, saying what', () => {
    expect(() => encodeCbor(1.5)).toThrow('CBOR: only whole numbers are encoded here, not 1.5');
  });
});
