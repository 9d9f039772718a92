// Owns reading the parameters of an OAuth request as every OpenID provider of the simulation does: empty means
// absent, a repeated parameter is an error, and the PKCE value shapes (RFC 6749 §3.1, RFC 7636 §4).

/** RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted from the request." */
export function parameter(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

/** RFC 6749 §3.1 / §3.2: "Request and response parameters MUST NOT be included more than once." */
export function duplicatedParameter(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (value === '') continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
export function isCodeVerifier(value: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(value);
}

/** RFC 7636 §4.2: S256 gives BASE64URL of a 32-byte digest, 43 characters without padding. */
export function isS256Challenge(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
