// Owns the HRM's wire (hrm.test): page views, API bodies and error codes, shared by its server and its client.
import type { EmailProblemCode, DomainProblemCode } from '../domain/email';

export type HrmRole = 'admin' | 'hr' | 'employee' | 'timeclock';
export type RolloutPhase = 'setup' | 'preparation';

export const HRM_PATHS = {
  start: '/',
  login: '/login',
  logout: '/logout',
  myProfile: '/my-profile',
  accountSettings: '/my-profile/account-settings',
  security: '/general/security',
} as const;

export const HRM_VIEWS = {
  login: 'hrm/login',
  start: 'hrm/start',
  myProfile: 'hrm/my-profile',
  accountSettings: 'hrm/account-settings',
  security: 'hrm/security',
  forbidden: 'hrm/forbidden',
  notFound: 'hrm/not-found',
} as const;

export interface HrmUserSummary {
  id: string;
  loginId: string;
  name: string;
  roles: HrmRole[];
}

/** What every signed-in HRM page renders its shell with. */
export interface HrmShellData {
  user: HrmUserSummary;
  tenantName: string;
  phase: RolloutPhase;
  /** Rule 1 (seed 000): the preparation banner, on every page until the user is linked. */
  showPreparationBanner: boolean;
  canManageSecurity: boolean;
}

export interface HrmLoginPageData {
  tenantName: string;
}

export interface HrmEmployment {
  id: string;
  title: string;
  department: string;
  email: string | null;
  mailingsActivated: boolean;
  status: 'active' | 'parental_leave';
}

export interface HrmProfilePageData extends HrmShellData {
  email: string | null;
  employeeNumber: string;
  employments: HrmEmployment[];
}

export type LinkStatusName = 'unlinked' | 'code_sent' | 'linked';

/** Account Settings > Link to Connect, as the server sees it now. */
export interface LinkStatus {
  status: LinkStatusName;
  /** The email the code was sent to (code_sent) or the linked email (linked). */
  email: string | null;
  /** Rule 2 (seed 000): emails on the user and on employments with mailings activated. */
  suggestions: string[];
  codeSentAt: number | null;
  codeExpiresAt: number | null;
  attemptsLeft: number | null;
  /** The code can no longer be used (expired or too many wrong tries): a new one must be sent. */
  needsNewCode: boolean;
  /** Where to set a password at Connect ("Manage your account"). */
  connectAccountSettingsUrl: string;
  /** Self-service linking is open (the preparation phase). */
  canLink: boolean;
}

export interface HrmAccountSettingsPageData extends HrmShellData {
  link: LinkStatus;
}

export interface SecuritySettings {
  /** Rule 6 (seed 000): none listed = every domain allowed. */
  allowedDomains: string[];
}

export interface HrmSecurityPageData extends HrmShellData {
  security: SecuritySettings;
}

export interface LoginRequest {
  loginId: string;
  password: string;
}

export interface SendCodeRequest {
  email: string;
}

export interface VerifyCodeRequest {
  code: string;
}

export interface RolloutStatus {
  tenantName: string;
  phase: RolloutPhase;
  preparationStartedAt: number | null;
}

export type HrmErrorCode =
  | EmailProblemCode
  | DomainProblemCode
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_credentials'
  | 'timeclock_only'
  | 'linking_closed'
  | 'domain_not_allowed'
  | 'email_in_use'
  | 'already_linked'
  | 'not_linked'
  | 'no_code_sent'
  | 'code_malformed'
  | 'code_incorrect'
  | 'code_expired'
  | 'code_attempts_exceeded'
  | 'connect_unavailable'
  | 'mail_unavailable'
  | 'phase_conflict';
