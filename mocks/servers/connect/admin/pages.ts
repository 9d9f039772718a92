// Owns the admin portal's pages (connect.test/admin/*): each tab a navigation answered with its view and the data of
// its query, so searching, filtering and paging are links the address bar shows and back/forward replays.
import {
  CONNECT_PATHS,
  CONNECT_VIEWS,
  type AdminAuditPageData,
  type AdministratorsPageData,
  type AdminUsersPageData,
} from '../../../../src/contracts/connect';
import { page, redirect } from '../../../shared/http';
import type { ConnectEnv } from '../env';
import { requireAdminPage, adminShell } from './access';
import { administratorsPageData } from './administrators';
import { auditPage, auditQuery } from './audit';
import { usersPage, usersQuery } from './users';

/** GET /admin → the first tab. */
export async function adminRootPage(): Promise<Response> {
  return redirect(CONNECT_PATHS.adminUsers);
}

/** GET /admin/users?q&filter&offset */
export async function adminUsersPage(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireAdminPage(env, request);
  const query = usersQuery(new URL(request.url).searchParams);
  return page<AdminUsersPageData>(CONNECT_VIEWS.adminUsers, 'Users · Connect admin', {
    shell: adminShell(admin, 'users'),
    page: await usersPage(env, admin.organisation, query),
    lockout: admin.organisation.lockout,
  });
}

/** GET /admin/audit?user&category&from&to&offset */
export async function adminAuditPage(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireAdminPage(env, request);
  const query = auditQuery(new URL(request.url).searchParams);
  return page<AdminAuditPageData>(CONNECT_VIEWS.adminAudit, 'Audit log · Connect admin', {
    shell: adminShell(admin, 'audit'),
    page: await auditPage(env, query),
  });
}

/** GET /admin/administrators */
export async function adminAdministratorsPage(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireAdminPage(env, request);
  return page<AdministratorsPageData>(
    CONNECT_VIEWS.adminAdministrators,
    'Administrators · Connect admin',
    await administratorsPageData(env, admin),
  );
}
