// Owns the wire of an identity provider's admin console (entra.test, google.test, okta.test, ping.test): the IT
// administrator's pages and API for the directory's users, application registrations with their client secrets and
// certificates, the sign-in log and the console's own activity, at the same paths at every provider.
import { endpointTable, shape } from './endpoint';
import type { IdpBrandView, IdpName } from './idp';
import { ORIGINS } from './origins';

export const IDP_CONSOLE_PATHS = {
  root: '/admin',
  /** Starts a sign-in at the provider's login page that comes back to the console page ?return_to= names. */
  signIn: '/admin/signin',
  users: '/admin/users',
  applications: '/admin/applications',
  signIns: '/admin/sign-ins',
} as const;

export function consoleApplicationPath(clientId: string): string {
  return `${IDP_CONSOLE_PATHS.applications}/${encodeURIComponent(clientId)}`;
}

export const IDP_CONSOLE_VIEWS = {
  users: 'idp/console/users',
  applications: 'idp/console/applications',
  application: 'idp/console/application',
  signIns: 'idp/console/sign-ins',
  /** A signed-in user who does not administer the directory. */
  forbidden: 'idp/console/forbidden',
} as const;

/** What the console's pages call each part, in each provider's own words. */
export const IDP_CONSOLE_WORDS: Readonly<
  Record<IdpName, { console: string; applications: string; application: string; credentials: string; users: string; signIns: string }>
> = {
  entra: {
    console: 'Microsoft Entra admin center',
    applications: 'App registrations',
    application: 'App registration',
    credentials: 'Certificates & secrets',
    users: 'Users',
    signIns: 'Sign-in logs',
  },
  google: {
    console: 'Google Admin console',
    applications: 'Security > SSO',
    application: 'SSO application',
    credentials: 'Client secrets & certificates',
    users: 'Users',
    signIns: 'Login audit',
  },
  okta: {
    console: 'Okta Admin Console',
    applications: 'Applications',
    application: 'App integration',
    credentials: 'Client credentials',
    users: 'People',
    signIns: 'System Log',
  },
  ping: {
    console: 'PingOne admin console',
    applications: 'Applications',
    application: 'Application',
    credentials: 'Secrets & certificates',
    users: 'Users',
    signIns: 'Audit',
  },
};

/** How long a new client secret is valid, in months of world time. */
export const SECRET_LIFETIMES_MONTHS = [6, 12, 24] as const;
export type SecretLifetimeMonths = (typeof SECRET_LIFETIMES_MONTHS)[number];
/** The furthest a custom expiry date may be, in months from the day the secret is added. */
export const SECRET_MAX_MONTHS = 24;

export const MAX_REDIRECT_URIS = 10;
/** A secret or certificate this close to its expiry is shown with a warning. */
export const EXPIRY_WARNING_DAYS = 30;

export interface ConsoleUser {
  id: string;
  username: string;
  email: string | null;
  name: string;
  /** The user has an authenticator: the login page asks its code after the password. */
  mfa: boolean;
  disabled: boolean;
  isAdmin: boolean;
  groups: string[];
  /** Sent back with a change: a change made since by someone else is refused (409), not overwritten. */
  version: string;
}

export interface ConsoleSecret {
  id: string;
  description: string;
  /** The first characters of the value: all the console shows of it after it was created. */
  hint: string;
  createdAt: number;
  expiresAt: number;
}

export interface ConsoleCertificate {
  /** base64url SHA-256 of the certificate (`x5t#S256`): the `kid` a client assertion may name. */
  thumbprint: string;
  /** SHA-1 hex, as Entra shows thumbprints. */
  sha1: string;
  subject: string;
  issuer: string;
  notBefore: number;
  notAfter: number;
  uploadedAt: number;
  /** "RSA 2048", "EC P-256". */
  keyType: string;
}

export interface ConsoleApplication {
  clientId: string;
  name: string;
  redirectUris: string[];
  secrets: ConsoleSecret[];
  certificates: ConsoleCertificate[];
  createdAt: number;
  /** Sent back with a change: a change made since by someone else is refused (409), not overwritten. */
  version: string;
}

export interface ConsoleSignIn {
  id: string;
  at: number;
  username: string;
  application: string | null;
  result: 'success' | 'failure';
  reason: string | null;
}

export type ConsoleAction =
  | 'user_added'
  | 'user_disabled'
  | 'user_enabled'
  | 'user_email_changed'
  | 'authenticator_reset'
  | 'authenticator_removed'
  | 'application_added'
  | 'redirect_uris_changed'
  | 'application_deleted'
  | 'secret_added'
  | 'secret_deleted'
  | 'certificate_added'
  | 'certificate_deleted';

export interface ConsoleActivity {
  id: string;
  at: number;
  /** The administrator's username. */
  actor: string;
  action: ConsoleAction;
  /** What was changed, as the console names it ("Connect", "anna.svensson@company.com"). */
  target: string;
  detail: string;
}

export interface ConsoleShellData {
  brand: IdpBrandView;
  admin: { username: string; name: string };
  /** World time when the page was made: expiry warnings are judged against it. */
  now: number;
}

export interface ConsoleUsersPageData extends ConsoleShellData {
  users: ConsoleUser[];
}

export interface ConsoleApplicationsPageData extends ConsoleShellData {
  applications: ConsoleApplication[];
}

export interface ConsoleApplicationPageData extends ConsoleShellData {
  application: ConsoleApplication;
}

export interface ConsoleSignInsPageData extends ConsoleShellData {
  signIns: ConsoleSignIn[];
  activity: ConsoleActivity[];
}

export interface ConsoleForbiddenPageData {
  brand: IdpBrandView;
  username: string;
}

export interface NewUserRequest {
  username: string;
  email: string;
  name: string;
  password: string;
}

export interface UserChangeRequest {
  version: string;
  disabled?: boolean;
  /** "" removes the mail address (the `email` claim is then missing). */
  email?: string;
}

/** A new authenticator secret, shown once, for the user's phone (RFC 6238, Key Uri Format). */
export interface AuthenticatorEnrolment {
  user: ConsoleUser;
  secret: string;
  otpauthUri: string;
}

export interface NewApplicationRequest {
  name: string;
  redirectUris: string[];
}

export interface RedirectUrisRequest {
  version: string;
  redirectUris: string[];
}

export interface NewSecretRequest {
  description: string;
  /** One of SECRET_LIFETIMES_MONTHS; ignored when `expiresOn` is given. */
  months: number;
  /** "Custom": the day the secret stops working ("2026-04-06", UTC), at most SECRET_MAX_MONTHS ahead. */
  expiresOn?: string;
}

/** The new secret's value is in this answer and never again. */
export interface NewSecretResponse {
  application: ConsoleApplication;
  secret: ConsoleSecret;
  value: string;
}

export interface NewCertificateRequest {
  /** The certificate in PEM ("-----BEGIN CERTIFICATE-----"), or base64 DER as a .cer file may hold it. */
  pem: string;
}

export interface NewCertificateResponse {
  application: ConsoleApplication;
  certificate: ConsoleCertificate;
}

export type IdpConsoleErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'username_invalid'
  | 'username_taken'
  | 'email_invalid'
  | 'name_required'
  | 'password_too_short'
  | 'cannot_disable_self'
  | 'application_name_required'
  | 'redirect_uri_invalid'
  | 'redirect_uri_duplicate'
  | 'too_many_redirect_uris'
  | 'description_invalid'
  | 'lifetime_invalid'
  | 'certificate_invalid'
  | 'certificate_is_private_key'
  | 'certificate_expired'
  | 'certificate_not_yet_valid'
  | 'certificate_key_unsupported'
  | 'certificate_duplicate';

const SIGNED_IN = ['unauthenticated', 'forbidden'] as const satisfies IdpConsoleErrorCode[];
const AN_APPLICATION = [...SIGNED_IN, 'not_found'] as const satisfies IdpConsoleErrorCode[];

/** The console API of provider `idp` (the same paths at every provider). */
export function idpConsoleApi(idp: IdpName) {
  return endpointTable(ORIGINS[idp], {
    listUsers: {
      method: 'GET',
      path: '/api/admin/users',
      summary: 'The directory’s users; ?q= searches username, email and name.',
      response: shape<{ users: ConsoleUser[] }>(),
      errors: [...SIGNED_IN],
    },
    addUser: {
      method: 'POST',
      path: '/api/admin/users',
      summary: 'Adds a user with an initial password; 201 with the user.',
      request: shape<NewUserRequest>(),
      response: shape<ConsoleUser>(),
      errors: [
        ...SIGNED_IN,
        'invalid_request',
        'username_invalid',
        'username_taken',
        'email_invalid',
        'name_required',
        'password_too_short',
      ],
    },
    changeUser: {
      method: 'PUT',
      path: '/api/admin/users/:id',
      summary: 'Disables or enables a user, or sets their mail address; refused when the user changed since it was read.',
      request: shape<UserChangeRequest>(),
      response: shape<ConsoleUser>(),
      errors: [...SIGNED_IN, 'not_found', 'invalid_request', 'conflict', 'email_invalid', 'cannot_disable_self'],
    },
    resetAuthenticator: {
      method: 'POST',
      path: '/api/admin/users/:id/authenticator',
      summary: 'Requires MFA with a new authenticator secret (replacing any old one), shown once for the user’s phone.',
      response: shape<AuthenticatorEnrolment>(),
      errors: [...SIGNED_IN, 'not_found'],
    },
    removeAuthenticator: {
      method: 'DELETE',
      path: '/api/admin/users/:id/authenticator',
      summary: 'Turns MFA off for the user: their authenticator no longer works.',
      response: shape<ConsoleUser>(),
      errors: [...SIGNED_IN, 'not_found'],
    },
    listApplications: {
      method: 'GET',
      path: '/api/admin/applications',
      summary: 'The application registrations.',
      response: shape<{ applications: ConsoleApplication[] }>(),
      errors: [...SIGNED_IN],
    },
    addApplication: {
      method: 'POST',
      path: '/api/admin/applications',
      summary: 'Registers an application with its redirect URIs; 201 with its new client id.',
      request: shape<NewApplicationRequest>(),
      response: shape<ConsoleApplication>(),
      errors: [
        ...SIGNED_IN,
        'invalid_request',
        'application_name_required',
        'redirect_uri_invalid',
        'redirect_uri_duplicate',
        'too_many_redirect_uris',
      ],
    },
    getApplication: {
      method: 'GET',
      path: '/api/admin/applications/:clientId',
      summary: 'One application registration.',
      response: shape<ConsoleApplication>(),
      errors: [...AN_APPLICATION],
    },
    setRedirectUris: {
      method: 'PUT',
      path: '/api/admin/applications/:clientId/redirect-uris',
      summary: 'Replaces the redirect URIs; refused when the application changed since it was read.',
      request: shape<RedirectUrisRequest>(),
      response: shape<ConsoleApplication>(),
      errors: [
        ...AN_APPLICATION,
        'invalid_request',
        'conflict',
        'redirect_uri_invalid',
        'redirect_uri_duplicate',
        'too_many_redirect_uris',
      ],
    },
    deleteApplication: {
      method: 'DELETE',
      path: '/api/admin/applications/:clientId',
      summary: 'Deletes the registration: its secrets and certificates stop working at once; 204.',
      errors: [...AN_APPLICATION],
    },
    addSecret: {
      method: 'POST',
      path: '/api/admin/applications/:clientId/secrets',
      summary: 'Adds a client secret valid 6, 12 or 24 months, or until a custom date; 201 with its value, shown this once.',
      request: shape<NewSecretRequest>(),
      response: shape<NewSecretResponse>(),
      errors: [...AN_APPLICATION, 'invalid_request', 'description_invalid', 'lifetime_invalid'],
    },
    deleteSecret: {
      method: 'DELETE',
      path: '/api/admin/applications/:clientId/secrets/:id',
      summary: 'Deletes a client secret: it stops working at once; 204.',
      errors: [...AN_APPLICATION],
    },
    addCertificate: {
      method: 'POST',
      path: '/api/admin/applications/:clientId/certificates',
      summary: 'Uploads a certificate whose key signs the application’s client assertions; 201 with its thumbprint.',
      request: shape<NewCertificateRequest>(),
      response: shape<NewCertificateResponse>(),
      errors: [
        ...AN_APPLICATION,
        'invalid_request',
        'certificate_invalid',
        'certificate_is_private_key',
        'certificate_expired',
        'certificate_not_yet_valid',
        'certificate_key_unsupported',
        'certificate_duplicate',
      ],
    },
    deleteCertificate: {
      method: 'DELETE',
      path: '/api/admin/applications/:clientId/certificates/:thumbprint',
      summary: 'Deletes a certificate: assertions signed with its key are refused at once; 204.',
      errors: [...AN_APPLICATION],
    },
    listSignIns: {
      method: 'GET',
      path: '/api/admin/sign-ins',
      summary: 'The sign-in log, newest first; ?user= (username) and ?result=success or ?result=failure filter it.',
      response: shape<{ signIns: ConsoleSignIn[] }>(),
      errors: [...SIGNED_IN, 'invalid_request'],
    },
    listActivity: {
      method: 'GET',
      path: '/api/admin/activity',
      summary: 'What administrators changed in the console, newest first.',
      response: shape<{ activity: ConsoleActivity[] }>(),
      errors: [...SIGNED_IN],
    },
  });
}

export const IDP_CONSOLE_API = {
  entra: idpConsoleApi('entra'),
  google: idpConsoleApi('google'),
  okta: idpConsoleApi('okta'),
  ping: idpConsoleApi('ping'),
} as const;
