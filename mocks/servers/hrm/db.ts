// Owns the HRM's database (one per workspace): users, employments, each user's link to Connect (the linking
// machine's persisted snapshot), sessions of the old login, tenant settings (security, rollout phase) and the audit log.
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { HrmRole } from '../../../src/contracts/hrm';
import type { LinkingStatus } from '../../../machines/linking';
import { databaseName } from '../../shared/server';

/** IndexedDB cannot index booleans (TOOLCHAIN.md): flags are stored as 0/1. */
export type Flag = 0 | 1;

export interface UserRow {
  id: string;
  /** The old login's user ID (an employee number). */
  loginId: string;
  name: string;
  /** The email saved on the user, normalised. */
  email: string | null;
  roles: HrmRole[];
  /** Rule 11: clocks in with a badge or employee number; never links. */
  timeclockOnly: Flag;
  passwordHash: string;
  passwordSalt: string;
  employeeNumber: string;
}

export interface EmploymentRow {
  id: string;
  userId: string;
  title: string;
  department: string;
  email: string | null;
  /** Seed 000: only emails on employments with mailings activated are suggested. */
  mailingsActivated: Flag;
  status: 'active' | 'parental_leave';
}

/** The linking machine's persisted snapshot (`getPersistedSnapshot`), plain JSON. */
export interface PersistedMachineSnapshot {
  status: string;
  value: unknown;
  context: unknown;
  [key: string]: unknown;
}

export interface LinkRow {
  userId: string;
  /** Mirrors the snapshot's state, so readiness counts use an index rather than a scan. */
  status: LinkingStatus;
  /** Present only while linked: the unique index makes "each email belongs to one user" (rule 7) a constraint. */
  linkedEmail?: string;
  snapshot: PersistedMachineSnapshot;
}

export interface SessionRow {
  id: string;
  userId: string;
  /** World time. */
  expiresAt: number;
}

export interface SecuritySettingsRow {
  key: 'security';
  allowedDomains: string[];
}

export interface RolloutSettingsRow {
  key: 'rollout';
  snapshot: PersistedMachineSnapshot;
}

export interface TenantSettingsRow {
  key: 'tenant';
  name: string;
  /** Connect's password for the HRM's server-to-server client ("hrm"). */
  hrmClientSecret: string;
  companyDomain: string;
}

export type SettingsRow = SecuritySettingsRow | RolloutSettingsRow | TenantSettingsRow;

export type AuditType =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'code_sent'
  | 'code_incorrect'
  | 'linked'
  | 'link_failed'
  | 'unlinked'
  | 'unlink_notification_failed'
  | 'security_changed'
  | 'preparation_started';

export interface AuditRow {
  id?: number;
  at: number;
  type: AuditType;
  actorUserId: string | null;
  subjectUserId: string | null;
  /** One human sentence, shown as-is in the x-ray's audit list. */
  detail: string;
}

export class HrmDb extends Dexie {
  users!: EntityTable<UserRow, 'id'>;
  employments!: EntityTable<EmploymentRow, 'id'>;
  links!: EntityTable<LinkRow, 'userId'>;
  sessions!: EntityTable<SessionRow, 'id'>;
  /** A union of rows keyed by `key`: a plain Table, since EntityTable's insert type does not distribute over unions. */
  settings!: Table<SettingsRow, SettingsRow['key']>;
  audit!: EntityTable<AuditRow, 'id'>;

  constructor(workspaceId: string) {
    super(databaseName(workspaceId, 'hrm'));
    this.version(1).stores({
      users: 'id, &loginId, email, timeclockOnly',
      employments: 'id, userId',
      links: 'userId, status, &linkedEmail',
      sessions: 'id, userId, expiresAt',
      settings: 'key',
      audit: '++id, at, type, actorUserId, subjectUserId',
    });
  }
}
