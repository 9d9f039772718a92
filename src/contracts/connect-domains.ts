// Owns the wire of Connect's domain verification (R23): the admin portal's Domains API, what each
// "Verify" found and answered, and the verified domains an application may ask for (R13).
import type { ConnectAdminShell } from './connect';

/** How a domain's ownership is shown: a DNS TXT record, a DNS CNAME record, or a file at the website's root. */
export const VERIFICATION_METHODS = ['txt', 'cname', 'https'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export type DomainStatus = 'unverified' | 'verified';

/** Every answer "Verify" can give; the UI and the domain machine switch on it. */
export type DomainCheckCode =
  | 'verified'
  /** DNS: nothing at the expected name yet (not created, or not propagated): try again in a few minutes. */
  | 'not_visible_yet'
  /** A record (or the file) is there, with another value: `found` says what. */
  | 'wrong_value'
  /** The value is there, on another host or as another type: `found` says where. */
  | 'wrong_host'
  /** HTTPS: the website root has no such file (or the site cannot be reached). */
  | 'file_not_found'
  /** The resolver could not be asked (a fault on the network): nothing is known, try again. */
  | 'lookup_failed';

export interface FoundValue {
  /** Where it was found: a DNS name, or the file's URL. */
  where: string;
  type: 'TXT' | 'CNAME' | 'file';
  value: string;
}

export interface DomainCheck {
  code: DomainCheckCode;
  method: VerificationMethod;
  /** World time of the check. */
  at: number;
  /** What Connect found that explains the answer (wrong value, wrong host); empty otherwise. */
  found: FoundValue[];
  /** One or two sentences for the admin, in Connect's words. */
  message: string;
}

export interface DomainInstructions {
  txt: { type: 'TXT'; host: '@'; name: string; value: string; ttl: number };
  cname: { type: 'CNAME'; host: string; name: string; target: string; ttl: number };
  https: { fileName: string; content: string; url: string };
}

export interface DomainView {
  domain: string;
  status: DomainStatus;
  addedAt: number;
  addedBy: string;
  verifiedAt: number | null;
  verifiedWith: VerificationMethod | null;
  instructions: DomainInstructions;
  lastCheck: DomainCheck | null;
}

export interface DomainsPageData {
  shell: ConnectAdminShell;
  domains: DomainView[];
}

export interface AddDomainRequest {
  domain: string;
}

export interface VerifyDomainRequest {
  method: VerificationMethod;
}

export interface VerifyDomainResponse {
  domain: DomainView;
  check: DomainCheck;
}

/** Server-to-server (R13): the organisation's verified domains, for an application that trusts them. */
export interface VerifiedDomainsResponse {
  domains: Array<{ domain: string; verifiedAt: number; method: VerificationMethod }>;
}

export type DomainErrorCode =
  'domain_required' | 'domain_malformed' | 'domain_taken' | 'forbidden' | 'not_found' | 'invalid_request' | 'unauthenticated';
