// Owns the token decoder's state: the token (pasted, or handed over from the traffic or the OIDC flows), its decoding,
// and its signature checked against the issuer's JWKS, fetched through the in-tab network as the x-ray.
import { issuerJwks } from '../../clients/oidc';
import { XRAY_INITIATOR } from '../../contracts/network';
import { ORIGINS } from '../../contracts/origins';
import type { SimulationControl } from '../../contracts/simulation';
import { decodeJwt, verifySignature, type Decoded, type SignatureVerdict } from './jwt';

export type Verification =
  | { state: 'idle' }
  | { state: 'checking'; issuer: string }
  | { state: 'done'; issuer: string; jwksUri: string; verdict: SignatureVerdict }
  | { state: 'unavailable'; issuer: string; message: string };

/** The issuer whose keys to use: the token's own iss when it is an https URL, else Connect. */
function issuerOf(decoded: Extract<Decoded, { ok: true }>): string {
  const iss = decoded.claims['iss'];
  return typeof iss === 'string' && /^https:\/\/[^/]+/.test(iss) ? iss : ORIGINS.connect;
}

export class TokenDecoder {
  text = $state('');
  /** Where the token came from, when it was handed over. */
  source = $state<string | null>(null);
  verification = $state.raw<Verification>({ state: 'idle' });

  readonly decoded: Decoded = $derived(decodeJwt(this.text));

  readonly #simulation: SimulationControl;
  #sequence = 0;

  constructor(simulation: SimulationControl) {
    this.#simulation = simulation;
  }

  /** A token handed over from another view: decoded and verified at once. */
  show(token: string, source: string): void {
    this.text = token;
    this.source = source;
    void this.verify();
  }

  /** The text was edited: what it came from no longer describes it. */
  edited(): void {
    this.source = null;
    void this.verify();
  }

  async verify(): Promise<void> {
    const sequence = ++this.#sequence;
    const decoded = this.decoded;
    if (!decoded.ok) {
      this.verification = { state: 'idle' };
      return;
    }
    const issuer = issuerOf(decoded);
    this.verification = { state: 'checking', issuer };
    const keys = await issuerJwks({ network: this.#simulation.network, initiator: XRAY_INITIATOR }, issuer);
    if (sequence !== this.#sequence) return;
    if (!keys.ok) {
      this.verification = { state: 'unavailable', issuer, message: keys.problem.message };
      return;
    }
    const verdict = await verifySignature(decoded, keys.value.jwks);
    if (sequence === this.#sequence) this.verification = { state: 'done', issuer, jwksUri: keys.value.metadata.jwks_uri, verdict };
  }
}
