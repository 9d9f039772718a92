// Owns the admin console's API: the directory's users (add, disable, enable, mail address, authenticator), application
// registrations (redirect URIs, client secrets shown once, certificates), the sign-in log and the console's activity.
// Each change and its activity line are written in one transaction: a change that cannot be stored leaves nothing.
import { z } from 'zod';
import { IDP_DISPLAY_NAMES } from '../../../../src/contracts/idp';
import type {
  AuthenticatorEnrolment,
  ConsoleAction,
  ConsoleApplication,
  NewCertificateResponse,
  NewSecretResponse,
} from '../../../../src/contracts/idp-console';
import { CONNECT_TOTP, newTotpSecret, otpauthUri } from '../../../../src/domain/totp';
import { hashPassword } from '../../crypto';
import { json, problem, problemFrom, readJson, textParam } from '../../http';
import type { IdpApplicationRow, IdpUserRow } from '../db';
import { directory, now, type IdpEnv } from '../env';
import { MAX_CERTIFICATE_LENGTH, parseCertificate } from './certificates';
import {
  addMonths,
  CONSOLE_MESSAGES,
  MIN_PASSWORD_LENGTH,
  newSecretValue,
  parseDescription,
  parseExpiryDate,
  parseLifetime,
  parseOptionalEmail,
  parseRedirectUris,
  parseUsername,
  SECRET_LENGTH,
  versionOf,
} from './rules';
import { requireAdmin } from './session';
import { activityView, applicationView, signInView, userView } from './views';

/** Path parameters as MSW hands them over. */
export type Params = Record<string, string | readonly string[] | undefined>;

function param(params: Params, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

/** The first characters of a secret the console shows after it was created. */
const HINT_LENGTH = 3;
const LOG_LIMIT = 200;

const NewUserBody = z.object({
  username: z.string().max(300),
  email: z.string().max(300),
  name: z.string().max(300),
  password: z.string().max(200),
});
const UserChangeBody = z.object({ version: z.string().max(100), disabled: z.boolean().optional(), email: z.string().max(300).optional() });
const NewApplicationBody = z.object({ name: z.string().max(300), redirectUris: z.array(z.string().max(2000)).max(100) });
const RedirectUrisBody = z.object({ version: z.string().max(100), redirectUris: z.array(z.string().max(2000)).max(100) });
const NewSecretBody = z.object({ description: z.string().max(1000), months: z.number(), expiresOn: z.string().max(40).optional() });
const NewCertificateBody = z.object({ pem: z.string().max(MAX_CERTIFICATE_LENGTH, 'A certificate is at most 20 000 characters.') });

type Outcome<T> = { ok: true; value: T } | { ok: false; response: Response };
const refused = (response: Response): { ok: false; response: Response } => ({ ok: false, response });

/** An activity line, in the caller's transaction; its id sorts by time, then by order written (a paused clock ties). */
async function activity(env: IdpEnv, admin: IdpUserRow, action: ConsoleAction, target: string, detail: string): Promise<void> {
  const at = now(env);
  const id = `${String(at).padStart(15, '0')}-${String(await env.db.consoleActivity.count()).padStart(9, '0')}`;
  await env.db.consoleActivity.add({ id, at, actorId: admin.id, actor: admin.username, action, target, detail });
}

async function findUser(env: IdpEnv, params: Params): Promise<IdpUserRow> {
  const user = await env.db.users.get(param(params, 'id'));
  if (!user) throw problem(404, 'not_found', CONSOLE_MESSAGES.userNotFound);
  return user;
}

async function findApplication(env: IdpEnv, params: Params): Promise<IdpApplicationRow> {
  const app = await env.db.applications.get(param(params, 'clientId'));
  if (!app) throw problem(404, 'not_found', CONSOLE_MESSAGES.applicationNotFound);
  return app;
}

// Users

/** GET /api/admin/users?q= → {users}, by username. */
export async function listUsers(env: IdpEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  const q = textParam(new URL(request.url).searchParams, 'q')?.toLowerCase();
  const users = (await env.db.users.orderBy('username').toArray()).filter(
    (u) => !q || u.username.includes(q) || (u.email ?? '').includes(q) || u.name.toLowerCase().includes(q),
  );
  return json({ users: users.map(userView) });
}

/** POST /api/admin/users → 201 ConsoleUser. Fields are checked in the form's order: username, email, name, password. */
export async function addUser(env: IdpEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, NewUserBody);
  const tenant = await directory(env);
  const username = parseUsername(body.username, tenant?.domains ?? []);
  if (!username.ok) return problemFrom(400, username.problem);
  const email = parseOptionalEmail(body.email);
  if (!email.ok) return problemFrom(400, email.problem);
  const name = body.name.trim();
  if (name === '') return problem(400, 'name_required', 'Enter the user’s name as colleagues see it.', 'name');
  if ([...body.password].length < MIN_PASSWORD_LENGTH)
    return problem(400, 'password_too_short', `An initial password has at least ${MIN_PASSWORD_LENGTH} characters.`, 'password');
  const salt = env.ctx.random.hex(16);
  const row: IdpUserRow = {
    id: env.brand.newUserId(env.ctx.random),
    username: username.value,
    email: email.value,
    name,
    passwordHash: await hashPassword(body.password, salt),
    passwordSalt: salt,
    totpSecret: null,
    totpLastStep: null,
    groups: [],
    disabledAt: null,
    isAdmin: false,
    createdAt: now(env),
  };
  const added = await env.db.transaction('rw', [env.db.users, env.db.consoleActivity], async (): Promise<Outcome<IdpUserRow>> => {
    if (await env.db.users.where('username').equals(row.username).first())
      return refused(problem(409, 'username_taken', `There is already a user “${row.username}” in this directory.`, 'username'));
    await env.db.users.add(row);
    await activity(env, admin, 'user_added', row.username, row.email ? `Mail address ${row.email}` : 'No mail address');
    return { ok: true, value: row };
  });
  if (!added.ok) return added.response;
  return json(userView(added.value), { status: 201 });
}

/** PUT /api/admin/users/:id {version, disabled?, email?} → ConsoleUser; 409 when the user changed since `version`. */
export async function changeUser(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, UserChangeBody);
  const email = body.email === undefined ? undefined : parseOptionalEmail(body.email);
  if (email && !email.ok) return problemFrom(400, email.problem);
  const id = param(params, 'id');
  if (body.disabled === true && id === admin.id) return problem(400, 'cannot_disable_self', CONSOLE_MESSAGES.cannotDisableSelf, 'disabled');
  const changed = await env.db.transaction(
    'rw',
    [env.db.users, env.db.sessions, env.db.consoleActivity],
    async (): Promise<Outcome<IdpUserRow>> => {
      const user = await env.db.users.get(id);
      if (!user) return refused(problem(404, 'not_found', CONSOLE_MESSAGES.userNotFound));
      if (versionOf(user) !== body.version) return refused(problem(409, 'conflict', CONSOLE_MESSAGES.userChanged));
      const next: IdpUserRow = { ...user };
      if (body.disabled !== undefined && body.disabled !== (user.disabledAt !== null)) {
        next.disabledAt = body.disabled ? now(env) : null;
        await activity(env, admin, body.disabled ? 'user_disabled' : 'user_enabled', user.username, '');
      }
      if (email && email.ok && email.value !== user.email) {
        next.email = email.value;
        await activity(env, admin, 'user_email_changed', user.username, `${user.email ?? 'none'} → ${email.value ?? 'none'}`);
      }
      await env.db.users.put(next);
      // A disabled user's sessions at the provider end with it: the next sign-in goes through the login page.
      if (next.disabledAt !== null && user.disabledAt === null) await env.db.sessions.where('userId').equals(user.id).delete();
      return { ok: true, value: next };
    },
  );
  if (!changed.ok) return changed.response;
  return json(userView(changed.value));
}

/** POST /api/admin/users/:id/authenticator → AuthenticatorEnrolment: a new TOTP secret (RFC 6238), shown this once. */
export async function resetAuthenticator(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const user = await findUser(env, params);
  const secret = newTotpSecret(env.ctx.random);
  const next: IdpUserRow = { ...user, totpSecret: secret, totpLastStep: null };
  await env.db.transaction('rw', [env.db.users, env.db.consoleActivity], async () => {
    await env.db.users.put(next);
    await activity(
      env,
      admin,
      'authenticator_reset',
      user.username,
      user.totpSecret ? 'The old authenticator no longer works' : 'MFA required',
    );
  });
  const enrolment: AuthenticatorEnrolment = {
    user: userView(next),
    secret,
    otpauthUri: otpauthUri({ issuer: IDP_DISPLAY_NAMES[env.brand.idp], label: user.username, secret, ...CONNECT_TOTP }),
  };
  return json(enrolment);
}

/** DELETE /api/admin/users/:id/authenticator → ConsoleUser without MFA. */
export async function removeAuthenticator(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const user = await findUser(env, params);
  const next: IdpUserRow = { ...user, totpSecret: null, totpLastStep: null };
  await env.db.transaction('rw', [env.db.users, env.db.consoleActivity], async () => {
    await env.db.users.put(next);
    await activity(env, admin, 'authenticator_removed', user.username, 'MFA off');
  });
  return json(userView(next));
}

// Applications

export async function listApplicationViews(env: IdpEnv): Promise<ConsoleApplication[]> {
  const apps = await env.db.applications.toArray();
  apps.sort((a, b) => a.name.localeCompare(b.name) || a.clientId.localeCompare(b.clientId));
  return Promise.all(apps.map(applicationView));
}

/** GET /api/admin/applications → {applications}, by name. */
export async function listApplications(env: IdpEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json({ applications: await listApplicationViews(env) });
}

/** POST /api/admin/applications {name, redirectUris} → 201 ConsoleApplication with a new client id. */
export async function addApplication(env: IdpEnv, request: Request): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, NewApplicationBody);
  const name = body.name.trim();
  if (name === '') return problem(400, 'application_name_required', 'Enter a name for the application, e.g. "Connect".', 'name');
  const uris = parseRedirectUris(body.redirectUris);
  if (!uris.ok) return problemFrom(400, uris.problem);
  const row: IdpApplicationRow = {
    clientId: env.brand.newId(env.ctx.random),
    name,
    redirectUris: uris.value,
    secrets: [],
    certificates: [],
    createdAt: now(env),
  };
  await env.db.transaction('rw', [env.db.applications, env.db.consoleActivity], async () => {
    await env.db.applications.add(row);
    await activity(env, admin, 'application_added', name, `Client id ${row.clientId}`);
  });
  return json(await applicationView(row), { status: 201 });
}

/** GET /api/admin/applications/:clientId → ConsoleApplication. */
export async function getApplication(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  await requireAdmin(env, request);
  return json(await applicationView(await findApplication(env, params)));
}

/** PUT /api/admin/applications/:clientId/redirect-uris {version, redirectUris}; 409 when it changed since `version`. */
export async function setRedirectUris(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, RedirectUrisBody);
  await findApplication(env, params);
  const uris = parseRedirectUris(body.redirectUris);
  if (!uris.ok) return problemFrom(400, uris.problem);
  const changed = await env.db.transaction(
    'rw',
    [env.db.applications, env.db.consoleActivity],
    async (): Promise<Outcome<IdpApplicationRow>> => {
      const app = await env.db.applications.get(param(params, 'clientId'));
      if (!app) return refused(problem(404, 'not_found', CONSOLE_MESSAGES.applicationNotFound));
      if (versionOf(app) !== body.version) return refused(problem(409, 'conflict', CONSOLE_MESSAGES.applicationChanged));
      const next = { ...app, redirectUris: uris.value };
      await env.db.applications.put(next);
      await activity(env, admin, 'redirect_uris_changed', app.name, uris.value.join(', '));
      return { ok: true, value: next };
    },
  );
  if (!changed.ok) return changed.response;
  return json(await applicationView(changed.value));
}

/** DELETE /api/admin/applications/:clientId → 204. */
export async function deleteApplication(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const app = await findApplication(env, params);
  await env.db.transaction('rw', [env.db.applications, env.db.consoleActivity], async () => {
    await env.db.applications.delete(app.clientId);
    await activity(env, admin, 'application_deleted', app.name, `Client id ${app.clientId}`);
  });
  return new Response(null, { status: 204 });
}

// Client secrets and certificates

/** POST /api/admin/applications/:clientId/secrets {description, months | expiresOn} → 201 with the value, this once. */
export async function addSecret(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, NewSecretBody);
  await findApplication(env, params);
  const description = parseDescription(body.description);
  if (!description.ok) return problemFrom(400, description.problem);
  const created = now(env);
  let expiresAt: number;
  if (body.expiresOn === undefined) {
    const months = parseLifetime(body.months);
    if (!months.ok) return problemFrom(400, months.problem);
    expiresAt = addMonths(created, months.value);
  } else {
    const custom = parseExpiryDate(body.expiresOn, created);
    if (!custom.ok) return problemFrom(400, custom.problem);
    expiresAt = custom.value;
  }
  const value = newSecretValue(env.ctx.random.bytes(SECRET_LENGTH));
  const salt = env.ctx.random.hex(16);
  const secret = {
    id: env.brand.newId(env.ctx.random),
    hint: value.slice(0, HINT_LENGTH),
    description: description.value,
    hash: await hashPassword(value, salt),
    salt,
    createdAt: created,
    expiresAt,
  };
  const added = await env.db.transaction(
    'rw',
    [env.db.applications, env.db.consoleActivity],
    async (): Promise<Outcome<IdpApplicationRow>> => {
      const app = await env.db.applications.get(param(params, 'clientId'));
      if (!app) return refused(problem(404, 'not_found', CONSOLE_MESSAGES.applicationNotFound));
      const next = { ...app, secrets: [...app.secrets, secret] };
      await env.db.applications.put(next);
      await activity(
        env,
        admin,
        'secret_added',
        app.name,
        `${secret.description} (${secret.hint}…), expires ${new Date(secret.expiresAt).toISOString().slice(0, 10)}`,
      );
      return { ok: true, value: next };
    },
  );
  if (!added.ok) return added.response;
  const { hash: _hash, salt: _salt, ...shown } = secret;
  return json<NewSecretResponse>({ application: await applicationView(added.value), secret: shown, value }, { status: 201 });
}

/** DELETE /api/admin/applications/:clientId/secrets/:id → 204. */
export async function deleteSecret(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const id = param(params, 'id');
  const deleted = await env.db.transaction('rw', [env.db.applications, env.db.consoleActivity], async (): Promise<Outcome<null>> => {
    const app = await env.db.applications.get(param(params, 'clientId'));
    if (!app) return refused(problem(404, 'not_found', CONSOLE_MESSAGES.applicationNotFound));
    const secret = app.secrets.find((s) => s.id === id);
    if (!secret) return refused(problem(404, 'not_found', CONSOLE_MESSAGES.secretNotFound));
    await env.db.applications.put({ ...app, secrets: app.secrets.filter((s) => s.id !== id) });
    await activity(env, admin, 'secret_deleted', app.name, `${secret.description} (${secret.hint}…)`);
    return { ok: true, value: null };
  });
  if (!deleted.ok) return deleted.response;
  return new Response(null, { status: 204 });
}

/** POST /api/admin/applications/:clientId/certificates {pem} → 201 with the certificate's thumbprint and details. */
export async function addCertificate(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const body = await readJson(request, NewCertificateBody);
  await findApplication(env, params);
  const parsed = await parseCertificate(body.pem, now(env));
  if (!parsed.ok) return problemFrom(400, parsed.problem);
  const cert = parsed.value;
  const row = {
    thumbprint: cert.thumbprint,
    pem: cert.pem,
    publicJwk: cert.publicJwk,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    uploadedAt: now(env),
  };
  const added = await env.db.transaction(
    'rw',
    [env.db.applications, env.db.consoleActivity],
    async (): Promise<Outcome<IdpApplicationRow>> => {
      const app = await env.db.applications.get(param(params, 'clientId'));
      if (!app) return refused(problem(404, 'not_found', CONSOLE_MESSAGES.applicationNotFound));
      if (app.certificates.some((c) => c.thumbprint === cert.thumbprint))
        return refused(
          problem(409, 'certificate_duplicate', `This certificate (thumbprint ${cert.sha1}) is already uploaded to ${app.name}.`, 'pem'),
        );
      const next = { ...app, certificates: [...app.certificates, row] };
      await env.db.applications.put(next);
      await activity(env, admin, 'certificate_added', app.name, `${cert.subject}, thumbprint ${cert.sha1}`);
      return { ok: true, value: next };
    },
  );
  if (!added.ok) return added.response;
  const application = await applicationView(added.value);
  const certificate = application.certificates.find((c) => c.thumbprint === cert.thumbprint)!;
  return json<NewCertificateResponse>({ application, certificate }, { status: 201 });
}

/** DELETE /api/admin/applications/:clientId/certificates/:thumbprint → 204. */
export async function deleteCertificate(env: IdpEnv, request: Request, params: Params): Promise<Response> {
  const admin = await requireAdmin(env, request);
  const thumbprint = param(params, 'thumbprint');
  const deleted = await env.db.transaction('rw', [env.db.applications, env.db.consoleActivity], async (): Promise<Outcome<null>> => {
    const app = await env.db.applications.get(param(params, 'clientId'));
    if (!app) return refused(problem(404, 'not_found', CONSOLE_MESSAGES.applicationNotFound));
    if (!app.certificates.some((c) => c.thumbprint === thumbprint))
      return refused(problem(404, 'not_found', CONSOLE_MESSAGES.certificateNotFound));
    await env.db.applications.put({ ...app, certificates: app.certificates.filter((c) => c.thumbprint !== thumbprint) });
    await activity(env, admin, 'certificate_deleted', app.name, `Thumbprint ${thumbprint}`);
    return { ok: true, value: null };
  });
  if (!deleted.ok) return deleted.response;
  return new Response(null, { status: 204 });
}

// Logs

export async function signInLines(env: IdpEnv, filter: { user?: string | undefined; result?: 'success' | 'failure' | undefined }) {
  const user = filter.user?.toLowerCase();
  const rows = await env.db.signIns.orderBy('at').reverse().toArray();
  return rows
    .filter((r) => (!user || r.username.toLowerCase().includes(user)) && (!filter.result || r.result === filter.result))
    .slice(0, LOG_LIMIT)
    .map(signInView);
}

export async function activityLines(env: IdpEnv) {
  return (await env.db.consoleActivity.orderBy(':id').reverse().limit(LOG_LIMIT).toArray()).map(activityView);
}

/** GET /api/admin/sign-ins?user=&result= → {signIns}, newest first. */
export async function listSignIns(env: IdpEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  const search = new URL(request.url).searchParams;
  const result = search.get('result') ?? '';
  if (result !== '' && result !== 'success' && result !== 'failure')
    return problem(400, 'invalid_request', CONSOLE_MESSAGES.resultInvalid, 'result');
  return json({ signIns: await signInLines(env, { user: textParam(search, 'user'), result: result === '' ? undefined : result }) });
}

/** GET /api/admin/activity → {activity}, newest first. */
export async function listActivity(env: IdpEnv, request: Request): Promise<Response> {
  await requireAdmin(env, request);
  return json({ activity: await activityLines(env) });
}
