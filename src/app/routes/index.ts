// Owns which component renders which page view: the server names the view, the virtual browser looks it up here.
import type { Component } from 'svelte';
import { CONNECT_VIEWS } from '../../contracts/connect';
import { TWO_FACTOR_VIEWS } from '../../contracts/connect-two-factor';
import { IDENTITY_PROVIDER_VIEWS } from '../../contracts/connect-sso';
import { DNS_VIEWS } from '../../contracts/dns';
import { IDP_VIEWS } from '../../contracts/idp';
import { EXPENSE_VIEWS } from '../../contracts/expense';
import { HRM_VIEWS } from '../../contracts/hrm';
import { HRM_SHIFT_VIEWS } from '../../contracts/hrm-shifts';
import { INTEGRATIONS_VIEWS } from '../../contracts/integrations';
import { HRM_INTEGRATION_VIEWS } from '../../contracts/hrm-integrations';
import { IDP_CONSOLE_VIEWS } from '../../contracts/idp-console';
import type { PageProps } from './types';
import HrmLogin from './hrm/Login.svelte';
import HrmStart from './hrm/Start.svelte';
import HrmMyProfile from './hrm/MyProfile.svelte';
import HrmAccountSettings from './hrm/AccountSettings.svelte';
import HrmSecurity from './hrm/Security.svelte';
import HrmUsers from './hrm/Users.svelte';
import HrmImportExport from './hrm/ImportExport.svelte';
import HrmAuditLog from './hrm/AuditLog.svelte';
import HrmRollout from './hrm/Rollout.svelte';
import HrmPayroll from './hrm/Payroll.svelte';
import HrmVerifyEmail from './hrm/VerifyEmail.svelte';
import HrmForbidden from './hrm/Forbidden.svelte';
import HrmNotFound from './hrm/NotFound.svelte';
import HrmMySchedule from './hrm/MySchedule.svelte';
import HrmShiftRequests from './hrm/ShiftRequests.svelte';
import HrmShiftRequestResponse from './hrm/ShiftRequestResponse.svelte';
import HrmApiClients from './hrm/ApiClients.svelte';
import HrmIntegrations from './hrm/Integrations.svelte';
import HrmMoved from './hrm/Moved.svelte';
import HrmNotInUseYet from './hrm/NotInUseYet.svelte';
import HrmMobile from './hrm/Mobile.svelte';
import HrmMobileMoved from './hrm/MobileMoved.svelte';
import ExpenseHome from './expense/Home.svelte';
import ExpenseWelcome from './expense/Welcome.svelte';
import ExpenseNotFound from './expense/NotFound.svelte';
import ConnectLogin from './connect/Login.svelte';
import ConnectAccount from './connect/Account.svelte';
import ConnectForgotPassword from './connect/ForgotPassword.svelte';
import ConnectResetPassword from './connect/ResetPassword.svelte';
import ConnectNotFound from './connect/NotFound.svelte';
import ConnectSignInError from './connect/SignInError.svelte';
import ConnectForbidden from './connect/Forbidden.svelte';
import ConnectActivate from './connect/Activate.svelte';
import ConnectAdminUsers from './connect/admin/Users.svelte';
import ConnectAdminAuditLog from './connect/admin/AuditLog.svelte';
import ConnectAdminAdministrators from './connect/admin/Administrators.svelte';
import ConnectAdminDomains from './connect/admin/Domains.svelte';
import ConnectAdminTwoFactor from './connect/admin/TwoFactorPolicy.svelte';
import ConnectAdminIdentityProviders from './connect/admin/IdentityProviders.svelte';
import ConnectAdminIdentityProviderTest from './connect/admin/IdentityProviderTest.svelte';
import ConnectTwoFactor from './connect/TwoFactor.svelte';
import ConnectTwoFactorSetup from './connect/TwoFactorSetup.svelte';
import DnsLogin from './dns/Login.svelte';
import DnsZones from './dns/Zones.svelte';
import DnsZone from './dns/Zone.svelte';
import DnsWebsite from './dns/Website.svelte';
import DnsSiteFile from './dns/SiteFile.svelte';
import DnsSiteNotFound from './dns/SiteNotFound.svelte';
import DnsNotFound from './dns/NotFound.svelte';
import IntegrationsLogin from './integrations/Login.svelte';
import IntegrationsOverview from './integrations/Overview.svelte';
import IntegrationsApiClient from './integrations/ApiClient.svelte';
import IntegrationsCalendar from './integrations/Calendar.svelte';
import IntegrationsSms from './integrations/Sms.svelte';
import IntegrationsFileServer from './integrations/FileServer.svelte';
import IntegrationsNotFound from './integrations/NotFound.svelte';
import IdpSignIn from './idp/SignIn.svelte';
import IdpError from './idp/Error.svelte';
import IdpConsoleUsers from './idp/console/Users.svelte';
import IdpConsoleApplications from './idp/console/Applications.svelte';
import IdpConsoleApplication from './idp/console/Application.svelte';
import IdpConsoleSignIns from './idp/console/SignIns.svelte';
import IdpConsoleForbidden from './idp/console/Forbidden.svelte';

/**
 * Each component is typed with its own page data; the registry forgets it because the server's answer is only known
 * at run time. The view name is the contract that ties the two together.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteComponent = Component<PageProps<any>>;

export const ROUTES: Readonly<Record<string, RouteComponent>> = {
  [EXPENSE_VIEWS.home]: ExpenseHome,
  [EXPENSE_VIEWS.welcome]: ExpenseWelcome,
  [EXPENSE_VIEWS.notFound]: ExpenseNotFound,
  [HRM_VIEWS.login]: HrmLogin,
  [HRM_VIEWS.start]: HrmStart,
  [HRM_VIEWS.myProfile]: HrmMyProfile,
  [HRM_VIEWS.accountSettings]: HrmAccountSettings,
  [HRM_VIEWS.security]: HrmSecurity,
  [HRM_VIEWS.users]: HrmUsers,
  [HRM_VIEWS.importExport]: HrmImportExport,
  [HRM_VIEWS.auditLog]: HrmAuditLog,
  [HRM_VIEWS.rollout]: HrmRollout,
  [HRM_VIEWS.payroll]: HrmPayroll,
  [HRM_VIEWS.moved]: HrmMoved,
  [HRM_VIEWS.notInUseYet]: HrmNotInUseYet,
  [HRM_VIEWS.mobile]: HrmMobile,
  [HRM_VIEWS.mobileMoved]: HrmMobileMoved,
  [HRM_VIEWS.verifyEmail]: HrmVerifyEmail,
  [HRM_VIEWS.forbidden]: HrmForbidden,
  [HRM_VIEWS.notFound]: HrmNotFound,
  [HRM_SHIFT_VIEWS.mySchedule]: HrmMySchedule,
  [HRM_SHIFT_VIEWS.shiftRequests]: HrmShiftRequests,
  [HRM_SHIFT_VIEWS.shiftRequestResponse]: HrmShiftRequestResponse,
  [HRM_INTEGRATION_VIEWS.apiClients]: HrmApiClients,
  [HRM_INTEGRATION_VIEWS.integrations]: HrmIntegrations,
  [CONNECT_VIEWS.login]: ConnectLogin,
  [CONNECT_VIEWS.account]: ConnectAccount,
  [CONNECT_VIEWS.forgotPassword]: ConnectForgotPassword,
  [CONNECT_VIEWS.resetPassword]: ConnectResetPassword,
  [CONNECT_VIEWS.error]: ConnectSignInError,
  [CONNECT_VIEWS.notFound]: ConnectNotFound,
  [CONNECT_VIEWS.forbidden]: ConnectForbidden,
  [CONNECT_VIEWS.activate]: ConnectActivate,
  [CONNECT_VIEWS.adminUsers]: ConnectAdminUsers,
  [CONNECT_VIEWS.adminAudit]: ConnectAdminAuditLog,
  [CONNECT_VIEWS.adminAdministrators]: ConnectAdminAdministrators,
  [CONNECT_VIEWS.adminDomains]: ConnectAdminDomains,
  [TWO_FACTOR_VIEWS.verify]: ConnectTwoFactor,
  [TWO_FACTOR_VIEWS.setup]: ConnectTwoFactorSetup,
  [TWO_FACTOR_VIEWS.admin]: ConnectAdminTwoFactor,
  [IDENTITY_PROVIDER_VIEWS.list]: ConnectAdminIdentityProviders,
  [IDENTITY_PROVIDER_VIEWS.test]: ConnectAdminIdentityProviderTest,
  [DNS_VIEWS.login]: DnsLogin,
  [DNS_VIEWS.zones]: DnsZones,
  [DNS_VIEWS.zone]: DnsZone,
  [DNS_VIEWS.website]: DnsWebsite,
  [DNS_VIEWS.siteFile]: DnsSiteFile,
  [DNS_VIEWS.siteNotFound]: DnsSiteNotFound,
  [DNS_VIEWS.notFound]: DnsNotFound,
  [INTEGRATIONS_VIEWS.login]: IntegrationsLogin,
  [INTEGRATIONS_VIEWS.overview]: IntegrationsOverview,
  [INTEGRATIONS_VIEWS.apiClient]: IntegrationsApiClient,
  [INTEGRATIONS_VIEWS.calendar]: IntegrationsCalendar,
  [INTEGRATIONS_VIEWS.sms]: IntegrationsSms,
  [INTEGRATIONS_VIEWS.fileServer]: IntegrationsFileServer,
  [INTEGRATIONS_VIEWS.notFound]: IntegrationsNotFound,
  [IDP_VIEWS.signIn]: IdpSignIn,
  [IDP_VIEWS.error]: IdpError,
  [IDP_CONSOLE_VIEWS.users]: IdpConsoleUsers,
  [IDP_CONSOLE_VIEWS.applications]: IdpConsoleApplications,
  [IDP_CONSOLE_VIEWS.application]: IdpConsoleApplication,
  [IDP_CONSOLE_VIEWS.signIns]: IdpConsoleSignIns,
  [IDP_CONSOLE_VIEWS.forbidden]: IdpConsoleForbidden,
};

export function routeFor(view: string): RouteComponent | undefined {
  return Object.hasOwn(ROUTES, view) ? ROUTES[view] : undefined;
}
