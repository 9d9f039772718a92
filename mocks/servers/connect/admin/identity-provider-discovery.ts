// Owns "Check discovery": Connect reads an identity provider's discovery document (OIDC Discovery §4) over the in-tab
// network, as a server on the internet would, within a time limit, and says what it found or precisely why not.
import type { DiscoveredMetadata, DiscoveryCheck, SsoClientAuthMethod } from '../../../../src/contracts/connect-sso';
import { PROBLEM_CONTENT_TYPE } from '../../../../src/contracts/wire';
import { quoted } from '../../../shared/http';
import type { ServerContext } from '../../../shared/server';
import { SSO_PROVIDER_TIME_LIMIT_MS } from '../sso/rules';

const INITIATOR = 'server:connect.test';

/** How long Connect waits for a discovery document: as long as for any answer of an identity provider. */
export const DISCOVERY_TIME_LIMIT_MS = SSO_PROVIDER_TIME_LIMIT_MS;

/** OIDC Discovery §3: the metadata every provider publishes (token_endpoint too, as Connect uses the code flow). */
const REQUIRED_FIELDS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'jwks_uri',
  'response_types_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
] as const;

/** OIDC Discovery §4.1: the document is at the issuer + "/.well-known/openid-configuration", a trailing "/" dropped. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

type Answer = { kind: 'response'; response: Response } | { kind: 'failed'; reason: string } | { kind: 'timeout' };

async function fetchWithin(ctx: Pick<ServerContext, 'network'>, url: string, limitMs: number): Promise<Answer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), limitMs);
  });
  const answer = ctx.network
    .fetch(new Request(url, { headers: { accept: 'application/json' } }), { initiator: INITIATOR })
    .then(async (response): Promise<Answer> => {
      // The body is read within the same limit: a provider may send its headers and then stall.
      const text = await response.text();
      return { kind: 'response', response: new Response(text, { status: response.status, headers: response.headers }) };
    })
    .catch((error: unknown): Answer => ({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) }));
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function failed(
  url: string,
  failure: DiscoveryCheck['failure'],
  message: string,
  metadata: DiscoveredMetadata | null = null,
): DiscoveryCheck {
  return { ok: false, failure, message, url, metadata };
}

const METHOD_WORDS: Record<SsoClientAuthMethod, string> = {
  client_secret_basic: 'a client secret (client_secret_basic)',
  client_secret_post: 'a client secret in the request body (client_secret_post)',
  private_key_jwt: 'a certificate (private_key_jwt)',
};

/**
 * Reads the discovery document under `issuer` and checks it: reachable in time, JSON, a provider metadata document,
 * stating exactly this issuer (OIDC Discovery §4.3), and accepting the client authentication chosen at its token
 * endpoint (absent, the list means client_secret_basic only, OIDC Discovery §3).
 */
export async function checkDiscovery(
  ctx: Pick<ServerContext, 'network'>,
  issuer: string,
  clientAuth: SsoClientAuthMethod,
  limitMs = DISCOVERY_TIME_LIMIT_MS,
): Promise<DiscoveryCheck> {
  const url = discoveryUrl(issuer);
  const host = new URL(url).host;
  const answer = await fetchWithin(ctx, url, limitMs);
  if (answer.kind === 'timeout')
    return failed(
      url,
      'discovery_unreachable',
      `${host} did not answer within ${limitMs / 1000} seconds. Check the issuer URL, or try again when the provider is reachable.`,
    );
  if (answer.kind === 'failed') return failed(url, 'discovery_unreachable', `${host} could not be reached: ${answer.reason}.`);
  const { response } = answer;
  const body = await response.text();
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (response.status === 502 && contentType === PROBLEM_CONTENT_TYPE && body.includes('"host_unreachable"'))
    return failed(url, 'discovery_unreachable', `No server answers at ${host}. Check the issuer URL for a typo in the host name.`);
  if (!response.ok)
    return failed(
      url,
      'discovery_unreachable',
      `${host} answered ${response.status} for ${url}: there is no discovery document at that address. Check the issuer URL (its path too).`,
    );
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return failed(
      url,
      'discovery_invalid',
      `${host} answered with something that is not JSON${contentType ? ` (${contentType})` : ''}: not an OpenID provider's discovery document. Check the issuer URL.`,
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return failed(
      url,
      'discovery_invalid',
      `${host} answered with JSON that is not a discovery document (not an object). Check the issuer URL.`,
    );
  const fields = document as Record<string, unknown>;
  const missing = REQUIRED_FIELDS.filter((name) => fields[name] === undefined || fields[name] === null || fields[name] === '');
  if (missing.length > 0)
    return failed(
      url,
      'discovery_invalid',
      `The document at ${url} is not complete provider metadata: it lacks ${missing.join(', ')}. Check the issuer URL.`,
    );
  const wrongType = (['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const).filter(
    (name) => typeof fields[name] !== 'string',
  );
  if (wrongType.length > 0)
    return failed(url, 'discovery_invalid', `The document at ${url} is not valid provider metadata: ${wrongType.join(', ')} must be URLs.`);
  const metadata: DiscoveredMetadata = {
    issuer: fields['issuer'] as string,
    authorization_endpoint: fields['authorization_endpoint'] as string,
    token_endpoint: fields['token_endpoint'] as string,
    jwks_uri: fields['jwks_uri'] as string,
    userinfo_endpoint: typeof fields['userinfo_endpoint'] === 'string' ? fields['userinfo_endpoint'] : null,
    token_endpoint_auth_methods_supported: stringList(fields['token_endpoint_auth_methods_supported']),
    scopes_supported: stringList(fields['scopes_supported']),
  };
  if (metadata.issuer !== issuer)
    return failed(
      url,
      'issuer_mismatch',
      `The provider says its issuer is “${quoted(metadata.issuer, 120)}”, but you entered “${quoted(issuer, 120)}”. They must be identical, character for character: enter the provider's issuer.`,
      metadata,
    );
  const accepted =
    fields['token_endpoint_auth_methods_supported'] === undefined
      ? ['client_secret_basic']
      : metadata.token_endpoint_auth_methods_supported;
  if (!accepted.includes(clientAuth))
    return failed(
      url,
      'client_auth_unsupported',
      `The provider does not accept ${METHOD_WORDS[clientAuth]} at its token endpoint; it accepts ${accepted.join(', ') || 'none it names'}. Choose one of those.`,
      metadata,
    );
  return {
    ok: true,
    failure: null,
    message: `Found the provider ${metadata.issuer}: it signs users in at ${new URL(metadata.authorization_endpoint).host} and accepts ${METHOD_WORDS[clientAuth]}.`,
    url,
    metadata,
  };
}
