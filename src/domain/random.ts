// Owns the seeded random source: every code, id, salt and secret in a workspace derives from it,
// so a scenario replayed from the same seed gives the same result (H5).

export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, max). */
  int(max: number): number;
  /** `length` random bytes. */
  bytes(length: number): Uint8Array;
  /** Lower-case hex string of `bytes` random bytes. */
  hex(bytes: number): string;
  /** `length` decimal digits, leading zeros kept (verification codes). */
  digits(length: number): string;
  /** Serializable state, to resume the same sequence after a reload. */
  state(): RandomState;
}

export type RandomState = readonly [number, number, number, number];

/** cyrb128: spreads a string seed over four 32-bit words. */
function hashSeed(seed: string): RandomState {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32: small, fast, passes PractRand; not for cryptography (the sandbox's secrets are deterministic on purpose). */
export class SeededRandom implements Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  private constructor(state: RandomState) {
    [this.#a, this.#b, this.#c, this.#d] = state;
  }

  static fromSeed(seed: string): SeededRandom {
    return new SeededRandom(hashSeed(seed));
  }

  static fromState(state: RandomState): SeededRandom {
    return new SeededRandom(state);
  }

  /** An independent stream for one purpose (e.g. one server), stable under the same seed. */
  static derive(seed: string, purpose: string): SeededRandom {
    return SeededRandom.fromSeed(`${seed}/${purpose}`);
  }

  #nextUint32(): number {
    this.#a >>>= 0;
    this.#b >>>= 0;
    this.#c >>>= 0;
    this.#d >>>= 0;
    let t = (this.#a + this.#b) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#d = (this.#d + 1) | 0;
    t = (t + this.#d) | 0;
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.#nextUint32() / 4294967296;
  }

  int(max: number): number {
    if (!Number.isInteger(max) || max <= 0) throw new RangeError(`int(max) needs a positive integer, got ${max}`);
    return Math.floor(this.next() * max);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.#nextUint32() & 0xff;
    return out;
  }

  hex(bytes: number): string {
    return Array.from(this.bytes(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  digits(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String(this.int(10));
    return s;
  }

  state(): RandomState {
    return [this.#a >>> 0, this.#b >>> 0, this.#c >>> 0, this.#d >>> 0];
  }
}
