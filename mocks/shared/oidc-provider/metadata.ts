// Owns the provider metadata document (OIDC Discovery §3, RFC 8414 §2) of any OpenID provider of the simulation: its
// issuer and endpoint URLs, and what it supports.

export interface ProviderEndpoints {
  authorize: string;
  token: string;
  userinfo: string;
  jwks: string;
  endSession?: string;
}

export interface ProviderOptions {
  scopes: readonly string[];
  grantTypes: readonly string[];
  signingAlgs: readonly string[];
  tokenEndpointAuthMethods: readonly string[];
  /** RFC 8414 §2: the algorithms a private_key_jwt assertion may be signed with (only with that method). */
  tokenEndpointAuthSigningAlgs?: readonly string[];
  promptValues: readonly string[];
  claims: readonly string[];
}

/** OIDC Discovery §3 / RFC 8414 §2: what a client library reads to find and trust everything else. */
export function providerMetadata(issuer: string, urls: ProviderEndpoints, options: ProviderOptions): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    userinfo_endpoint: urls.userinfo,
    jwks_uri: urls.jwks,
    ...(urls.endSession !== undefined ? { end_session_endpoint: urls.endSession } : {}),
    scopes_supported: [...options.scopes],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...options.grantTypes],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...options.signingAlgs],
    token_endpoint_auth_methods_supported: [...options.tokenEndpointAuthMethods],
    ...(options.tokenEndpointAuthSigningAlgs
      ? { token_endpoint_auth_signing_alg_values_supported: [...options.tokenEndpointAuthSigningAlgs] }
      : {}),
    code_challenge_methods_supported: ['S256'],
    prompt_values_supported: [...options.promptValues],
    claims_supported: [...options.claims],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    authorization_response_iss_parameter_supported: true,
  };
}
