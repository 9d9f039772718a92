// Owns the words of every error_description an OpenID provider of the simulation gives for the parts of the protocol
// they share (authorization requests, codes, PKCE, Bearer tokens), with the provider's own name where one is said.

export function providerMessages(provider: string, codeTtlSeconds: number) {
  return {
    duplicated: (name: string) => `The parameter ${name} is sent more than once.`,
    clientIdMissing: `The request has no client_id, so ${provider} cannot tell which application sent you here.`,
    unknownClient: (id: string) => `No application is registered at ${provider} with the client_id "${id}".`,
    redirectUriMissing: `The request has no redirect_uri: ${provider} does not know where to send you back.`,
    redirectUriMismatch: (uri: string, client: string) => `The redirect_uri ${uri} is not registered for the client "${client}".`,
    requestNotSupported: 'Request objects (the request parameter) are not supported.',
    requestUriNotSupported: 'The request_uri parameter is not supported.',
    responseTypeMissing: 'response_type is missing: send response_type=code.',
    responseTypeUnsupported: (value: string) =>
      `response_type "${value}" is not supported: ${provider} only does the authorization code flow (response_type=code).`,
    responseModeUnsupported: (value: string) => `response_mode "${value}" is not supported: the code comes back in the query.`,
    scopeMissing: 'scope is missing: an OpenID Connect request needs at least scope=openid.',
    scopeUnknown: (values: string[], supported: readonly string[]) =>
      `Unknown scope: ${values.join(', ')}. Supported: ${supported.join(', ')}.`,
    scopeWithoutOpenid: 'scope must include openid.',
    challengeMissing: 'code_challenge_method is sent without a code_challenge.',
    challengeMethodMissing: `code_challenge_method is missing: without it the method is plain, which ${provider} does not accept. Send S256.`,
    challengeMethodUnsupported: (value: string) => `code_challenge_method "${value}" is not accepted: use S256.`,
    challengeMalformed: 'code_challenge is not an S256 challenge (43 base64url characters).',
    pkceRequired: (client: string) =>
      `The client "${client}" is a public client: send a PKCE code_challenge with code_challenge_method=S256.`,
    pkceRequiredOfEveryClient: (client: string) =>
      `${provider} requires PKCE of every application: "${client}" must send a code_challenge with code_challenge_method=S256.`,
    promptUnsupported: (value: string) => `prompt "${value}" is not supported: use none or login.`,
    promptNoneWithOthers: 'prompt=none cannot be combined with other prompt values.',
    maxAgeMalformed: 'max_age must be a whole number of seconds.',
    loginRequired: `The user is not signed in to ${provider} (prompt=none asks not to show a login page).`,
    // Token endpoint
    bodyNotForm: 'The token request must be an application/x-www-form-urlencoded POST.',
    tokenMethod: 'The token endpoint only answers POST.',
    grantTypeMissing: 'grant_type is missing.',
    missing: (name: string) => `${name} is missing.`,
    verifierMalformed: 'code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_", "~".',
    codeInvalid: 'The authorization code is not valid.',
    codeOtherClient: 'The authorization code was issued to another client.',
    codeReused: 'The authorization code has already been used. The tokens issued with it are revoked.',
    codeExpired: `The authorization code has expired: codes are valid for ${codeTtlSeconds} seconds.`,
    codeRedirectMismatch: 'redirect_uri does not match the one of the authorization request.',
    verifierWithoutChallenge: 'code_verifier is sent, but the authorization request had no code_challenge.',
    verifierMissing: 'code_verifier is missing: the authorization request had a code_challenge.',
    verifierMismatch: 'code_verifier does not match the code_challenge of the authorization request.',
    // Userinfo
    tokenMissing: 'Send the access token as "Authorization: Bearer <token>".',
    tokenTwice: 'Send the access token one way only (RFC 6750 §2).',
    tokenInvalid: 'The access token is not valid.',
    tokenExpired: 'The access token has expired.',
  };
}

export type ProviderMessages = ReturnType<typeof providerMessages>;
