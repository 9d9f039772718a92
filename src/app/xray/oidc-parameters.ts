// Owns what each parameter of an authorization-code flow means, with its spec: the authorization request (RFC 6749
// §4.1.1, OIDC Core §3.1.2.1, RFC 7636 §4.3), the authorization response (RFC 6749 §4.1.2, RFC 9207), the token request
// (RFC 6749 §4.1.3, RFC 7636 §4.5) and the token response (RFC 6749 §5.1, OIDC Core §3.1.3.3).
import type { Described } from './jwt-claims';

export const AUTHORIZE_PARAMETERS: Record<string, Described> = {
  response_type: {
    description: '"code": the authorization code flow. The browser only ever carries a short-lived code; tokens go server to server.',
    spec: 'RFC 6749 §3.1.1, §4.1.1',
  },
  client_id: {
    description: 'Which registered application asks. Connect knows hrm (confidential), expense and playground (public).',
    spec: 'RFC 6749 §2.2, §4.1.1',
  },
  redirect_uri: {
    description:
      'Where Connect sends the browser back with the code. Must equal a registered one exactly, or Connect shows its own error page instead of redirecting.',
    spec: 'RFC 6749 §3.1.2, OIDC Core §3.1.2.1',
  },
  scope: {
    description: '"openid" makes it an OpenID Connect request (an ID token); "email" and "profile" ask for those claims.',
    spec: 'RFC 6749 §3.3, OIDC Core §3.1.2.1, §5.4',
  },
  state: {
    description:
      'An unguessable value the client keeps (here in a cookie) and expects back: a callback it did not start is refused (CSRF protection).',
    spec: 'RFC 6749 §4.1.1, §10.12',
  },
  nonce: {
    description:
      'An unguessable value Connect copies into the ID token; the client checks it, so a token from another request cannot be replayed.',
    spec: 'OIDC Core §3.1.2.1, §15.5.2',
  },
  code_challenge: {
    description:
      'PKCE: BASE64URL(SHA-256(code_verifier)). The verifier stays with the client and comes only with the token request, so a stolen code is worthless.',
    spec: 'RFC 7636 §4.2',
  },
  code_challenge_method: { description: 'How the challenge was made: "S256". Connect refuses "plain".', spec: 'RFC 7636 §4.3' },
  prompt: {
    description: '"login" asks for the password even with a session; "none" must not show a page (login_required if there is no session).',
    spec: 'OIDC Core §3.1.2.1',
  },
  max_age: {
    description: 'Seconds since the last real sign-in beyond which Connect asks for the password again.',
    spec: 'OIDC Core §3.1.2.1',
  },
  login_hint: { description: 'The email to fill in on the login page.', spec: 'OIDC Core §3.1.2.1' },
  response_mode: {
    description: 'How the response is returned; Connect answers in the query only.',
    spec: 'OAuth 2.0 Multiple Response Types §2.1',
  },
  ui_locales: { description: 'Preferred languages for the login pages.', spec: 'OIDC Core §3.1.2.1' },
  id_token_hint: { description: 'An ID token issued before, as a hint of who is expected.', spec: 'OIDC Core §3.1.2.1' },
  acr_values: { description: 'Requested authentication context classes.', spec: 'OIDC Core §3.1.2.1' },
  display: { description: 'How the login page should be shown (page, popup, touch, wap).', spec: 'OIDC Core §3.1.2.1' },
  claims: { description: 'Individual claims requested, as JSON.', spec: 'OIDC Core §5.5' },
  request: { description: 'The whole request as a signed JWT. Connect refuses it (request_not_supported).', spec: 'OIDC Core §6.1' },
  request_uri: { description: 'A reference to a request object. Connect refuses it (request_uri_not_supported).', spec: 'OIDC Core §6.2' },
};

export const AUTHORIZATION_RESPONSE_PARAMETERS: Record<string, Described> = {
  code: {
    description:
      'The authorization code: single use, bound to the client, redirect_uri and PKCE challenge; Connect keeps only its SHA-256 digest and accepts it for 60 s of world time.',
    spec: 'RFC 6749 §4.1.2, §10.5',
  },
  state: { description: 'The request’s state, returned unchanged: the client compares it with the one it kept.', spec: 'RFC 6749 §4.1.2' },
  iss: {
    description:
      'The issuer that answers, so a client talking to several providers cannot be confused into sending the code to the wrong one.',
    spec: 'RFC 9207 §2',
  },
  error: { description: 'Why no code was issued (login_required, invalid_scope, access_denied …).', spec: 'RFC 6749 §4.1.2.1' },
  error_description: { description: 'The error in words, for the developer.', spec: 'RFC 6749 §4.1.2.1' },
};

export const TOKEN_PARAMETERS: Record<string, Described> = {
  grant_type: { description: '"authorization_code" to exchange a code; "refresh_token" to renew tokens.', spec: 'RFC 6749 §4.1.3, §6' },
  code: {
    description: 'The code from the authorization response; a second use is refused and revokes what the first one gave.',
    spec: 'RFC 6749 §4.1.3, §10.5',
  },
  redirect_uri: { description: 'Must equal the authorization request’s redirect_uri.', spec: 'RFC 6749 §4.1.3' },
  code_verifier: {
    description:
      'PKCE: the secret behind the code_challenge. Connect computes BASE64URL(SHA-256(code_verifier)) and compares it with the challenge stored with the code.',
    spec: 'RFC 7636 §4.5, §4.6',
  },
  client_id: {
    description: 'A public client names itself here (it has no secret); a confidential one authenticates with HTTP Basic instead.',
    spec: 'RFC 6749 §3.2.1, §2.3.1',
  },
  client_secret: {
    description: 'A client secret in the body; Connect accepts only HTTP Basic (client_secret_basic).',
    spec: 'RFC 6749 §2.3.1',
  },
  refresh_token: { description: 'The refresh token to rotate.', spec: 'RFC 6749 §6' },
  scope: { description: 'A narrower scope for the renewed tokens.', spec: 'RFC 6749 §6' },
  client_assertion_type: {
    description: '"urn:ietf:params:oauth:client-assertion-type:jwt-bearer": the client proves who it is with a signed JWT.',
    spec: 'RFC 7523 §2.2',
  },
  client_assertion: {
    description:
      'A short-lived JWT the client signed with its private key (iss and sub its client id, aud the token endpoint): the provider checks it with the certificate registered for the application (private_key_jwt).',
    spec: 'RFC 7523 §2.2, §3, OIDC Core §9',
  },
};

export const TOKEN_RESPONSE_FIELDS: Record<string, Described> = {
  access_token: {
    description: 'For calling APIs (here Connect’s userinfo) as the user. A JWT access token (RFC 9068), 10 minutes.',
    spec: 'RFC 6749 §5.1, RFC 9068',
  },
  token_type: { description: '"Bearer": whoever holds the token may use it.', spec: 'RFC 6749 §7.1, RFC 6750' },
  expires_in: { description: 'Seconds the access token lives.', spec: 'RFC 6749 §5.1' },
  refresh_token: {
    description: 'For new tokens without the user; confidential clients only, rotated on each use.',
    spec: 'RFC 6749 §5.1, §10.4',
  },
  id_token: {
    description: 'Who signed in, when and how: a signed JWT for the client itself (audience = client_id).',
    spec: 'OIDC Core §3.1.3.3, §2',
  },
  scope: { description: 'The scopes granted.', spec: 'RFC 6749 §5.1' },
  error: { description: 'Why the token request was refused (invalid_grant, invalid_client …).', spec: 'RFC 6749 §5.2' },
  error_description: { description: 'The refusal in words, for the developer.', spec: 'RFC 6749 §5.2' },
};
