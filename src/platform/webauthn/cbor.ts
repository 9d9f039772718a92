// Owns the CBOR encoding the sandbox authenticator writes (RFC 8949): unsigned and negative integers, byte and text
// strings, arrays and maps, with map keys in the deterministic order of RFC 8949 §4.2.1 (bytewise by their encoding),
// which for the keys of COSE keys and attestation objects is also CTAP2's canonical order.

export type CborValue = number | string | Uint8Array | CborValue[] | Map<number | string, CborValue>;

export function encodeCbor(value: CborValue): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  write(value, parts);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function write(value: CborValue, parts: Uint8Array[]): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`CBOR: only whole numbers are encoded here, not ${value}`);
    // RFC 8949 §3.1: major type 0 for n ≥ 0, major type 1 holding -1 - n for n < 0.
    parts.push(value >= 0 ? head(0, value) : head(1, -1 - value));
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    parts.push(head(3, bytes.length), bytes);
  } else if (value instanceof Uint8Array) {
    parts.push(head(2, value.length), value);
  } else if (Array.isArray(value)) {
    parts.push(head(4, value.length));
    for (const item of value) write(item, parts);
  } else {
    const entries = [...value].map(([key, item]) => ({ key: encodeCbor(key), item }));
    entries.sort((a, b) => compareBytes(a.key, b.key));
    parts.push(head(5, entries.length));
    for (const { key, item } of entries) {
      parts.push(key);
      write(item, parts);
    }
  }
}

/** RFC 8949 §3: the initial byte (major type, additional information) and the argument in the fewest bytes. */
function head(major: number, argument: number): Uint8Array {
  if (argument < 24) return Uint8Array.of((major << 5) | argument);
  if (argument < 0x100) return Uint8Array.of((major << 5) | 24, argument);
  if (argument < 0x10000) return Uint8Array.of((major << 5) | 25, argument >> 8, argument & 0xff);
  if (argument < 0x100000000) {
    const bytes = new Uint8Array(5);
    bytes[0] = (major << 5) | 26;
    new DataView(bytes.buffer).setUint32(1, argument);
    return bytes;
  }
  throw new RangeError(`CBOR: ${argument} needs more than 32 bits, which nothing here writes`);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
