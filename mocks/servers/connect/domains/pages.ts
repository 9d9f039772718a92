// Owns the admin portal's Domains tab (connect.test/admin/domains), drawn in the portal's shell like its other tabs.
import { CONNECT_VIEWS } from '../../../../src/contracts/connect';
import type { DomainsPageData } from '../../../../src/contracts/connect-domains';
import { page } from '../../../shared/http';
import { requireAdminPage, adminShell } from '../admin/access';
import type { ConnectEnv } from '../env';
import { listDomainViews } from './api';

/** GET /admin/domains */
export async function domainsPage(env: ConnectEnv, request: Request): Promise<Response> {
  const admin = await requireAdminPage(env, request);
  return page<DomainsPageData>(CONNECT_VIEWS.adminDomains, 'Domains · Connect admin', {
    shell: adminShell(admin, 'domains'),
    domains: await listDomainViews(env, admin.organisation),
  });
}
