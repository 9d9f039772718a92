// Owns what the console shows of stored rows: users, applications with their secrets' hints (never a hash) and
// certificates' details, sign-in log lines and activity; each editable row with the version a change must name.
import type {
  ConsoleActivity,
  ConsoleApplication,
  ConsoleCertificate,
  ConsoleSignIn,
  ConsoleUser,
} from '../../../../src/contracts/idp-console';
import type { IdpApplicationRow, IdpConsoleActivityRow, IdpSignInRow, IdpUserRow } from '../db';
import { describeCertificate } from './certificates';
import { versionOf } from './rules';

export function userView(user: IdpUserRow): ConsoleUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    name: user.name,
    mfa: user.totpSecret !== null,
    disabled: user.disabledAt !== null,
    isAdmin: user.isAdmin,
    groups: [...user.groups],
    version: versionOf(user),
  };
}

export async function applicationView(app: IdpApplicationRow): Promise<ConsoleApplication> {
  const certificates: ConsoleCertificate[] = [];
  for (const row of app.certificates) {
    const described = await describeCertificate(row);
    certificates.push({
      thumbprint: row.thumbprint,
      sha1: described?.sha1 ?? '',
      subject: described?.subject ?? '',
      issuer: described?.issuer ?? '',
      notBefore: row.notBefore,
      notAfter: row.notAfter,
      uploadedAt: row.uploadedAt,
      keyType: described?.keyType ?? '',
    });
  }
  return {
    clientId: app.clientId,
    name: app.name,
    redirectUris: [...app.redirectUris],
    secrets: app.secrets.map(({ id, description, hint, createdAt, expiresAt }) => ({ id, description, hint, createdAt, expiresAt })),
    certificates,
    createdAt: app.createdAt,
    version: versionOf(app),
  };
}

export function signInView(row: IdpSignInRow): ConsoleSignIn {
  return { id: row.id, at: row.at, username: row.username, application: row.application, result: row.result, reason: row.reason };
}

export function activityView(row: IdpConsoleActivityRow): ConsoleActivity {
  return { id: row.id, at: row.at, actor: row.actor, action: row.action, target: row.target, detail: row.detail };
}
