// Owns Connect's routes (connect.test): which endpoint answers which method and path. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { CONNECT_PATHS } from '../../../src/contracts/connect';
import { SIM_MACHINES_PATH } from '../../../src/contracts/inspection';
import { TWO_FACTOR_PATHS } from '../../../src/contracts/connect-two-factor';
import { PASSKEY_API } from '../../../src/contracts/connect-passkeys';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { inspectionReadOnly } from '../../shared/inspection';
import { accountStatus, linkAccount, unlinkAccount } from './accounts';
import { addDomain, listDomains, verificationFile, verifiedDomains, verifyDomain } from './domains/api';
import { domainsPage } from './domains/pages';
import { connectProblem, type ConnectEnv } from './env';
import { inspectMachines } from './inspect';
import { authorize, resumeAuthorization } from './oidc/authorize';
import { discovery, jwks } from './oidc/discovery';
import { endSessionEndpoint } from './oidc/endsession';
import { token, tokenMethodNotAllowed } from './oidc/token';
import { userinfo } from './oidc/userinfo';
import { activate, activatePage, grantAdmin, listAdministrators, renewActivation, resendActivation, revokeAdmin } from './admin/administrators';
import { listAudit } from './admin/audit';
import { adminAdministratorsPage, adminAuditPage, adminRootPage, adminUsersPage } from './admin/pages';
import { blockUser, listUsers, sendTemporaryPassword, unblockUser, unlockUser, updateLockout } from './admin/users';
import { accountPage, forgotPasswordPage, loginPage, notFoundPage, resetPasswordPage, rootPage } from './pages';
import { changeTemporaryPassword, forgotPassword, resetPassword } from './password';
import { finishAuthentication, finishRegistration, listCeremonies, listPasskeys, removePasskey, startAuthentication, startRegistration } from './passkeys/api';
import { MESSAGES } from './rules';
import { identify, login, logout, logoutPage, me } from './session';
import { accountSetupPage, confirmSetupInAccount, removeTotp } from './two-factor/account';
import { twoFactorAdminPage, updateTwoFactorPolicy } from './two-factor/admin';
import {
  confirmSetupAtSignIn,
  passkeySecondFactorOptions,
  remindLater,
  secondStepPage,
  verifyPasskeySecondFactor,
  verifySecondFactor,
} from './two-factor/sign-in';

const CONNECT = ORIGINS.connect;

type Endpoint = (env: ConnectEnv, request: Request) => Promise<Response>;
type DomainEndpoint = (env: ConnectEnv, request: Request, params: { domain: string }) => Promise<Response>;
type AccountEndpoint = (env: ConnectEnv, request: Request, params: { accountId: string }) => Promise<Response>;

export function connectHandlers(env: ConnectEnv): RequestHandler[] {
  const at = (endpoint: Endpoint) => ({ request }: { request: Request }) => endpoint(env, request);
  const onAccount = (endpoint: AccountEndpoint) => ({ request, params }: { request: Request; params: { accountId: string } }) =>
    endpoint(env, request, params);
  const onDomain = (endpoint: DomainEndpoint) => ({ request, params }: { request: Request; params: { domain: string } }) => endpoint(env, request, params);
  const apiNotFound: Endpoint = async (_env, request) =>
    connectProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    refuseCrossSiteChanges({
      origin: CONNECT,
      name: 'Connect',
      // The identity provider's protocol endpoints: reached from the applications' sites by design, and guarded by the
      // client's credentials, PKCE, state and tokens rather than by cookies alone.
      openPaths: [CONNECT_PATHS.authorize, CONNECT_PATHS.token, CONNECT_PATHS.userinfo, CONNECT_PATHS.endSession],
    }),
    // Pages
    http.get(`${CONNECT}${CONNECT_PATHS.root}`, at(rootPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.account}`, at(accountPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.login}`, at(loginPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.logout}`, at(logoutPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.forgotPassword}`, at(forgotPasswordPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.resetPassword}`, at(resetPasswordPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.activate}`, at(activatePage)),
    http.get(`${CONNECT}${TWO_FACTOR_PATHS.signIn}`, at(secondStepPage)),
    http.get(`${CONNECT}${TWO_FACTOR_PATHS.accountSetup}`, at(accountSetupPage)),

    // Admin portal (pages); its tabs are CONNECT_ADMIN_TABS
    http.get(`${CONNECT}${CONNECT_PATHS.admin}`, at(adminRootPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.adminUsers}`, at(adminUsersPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.adminAudit}`, at(adminAuditPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.adminAdministrators}`, at(adminAdministratorsPage)),
    http.get(`${CONNECT}${CONNECT_PATHS.adminDomains}`, at(domainsPage)),
    http.get(`${CONNECT}${TWO_FACTOR_PATHS.admin}`, at(twoFactorAdminPage)),

    // APIs for Connect's own pages
    http.post(`${CONNECT}/api/session/identify`, at(identify)),
    http.post(`${CONNECT}/api/session`, at(login)),
    http.delete(`${CONNECT}/api/session`, at(logout)),
    http.get(`${CONNECT}/api/me`, at(me)),
    http.post(`${CONNECT}/api/password/forgot`, at(forgotPassword)),
    http.post(`${CONNECT}/api/password/reset`, at(resetPassword)),
    http.post(`${CONNECT}/api/password/change`, at(changeTemporaryPassword)),
    http.post(`${CONNECT}/api/activate`, at(activate)),
    http.post(`${CONNECT}/api/activate/renew`, at(renewActivation)),
    // Two-factor authentication (R21): the second step of a sign-in, and account settings
    http.post(`${CONNECT}/api/session/two-factor`, at(verifySecondFactor)),
    http.post(`${CONNECT}/api/session/two-factor/setup`, at(confirmSetupAtSignIn)),
    http.post(`${CONNECT}/api/session/two-factor/remind-later`, at(remindLater)),
    http.post(`${CONNECT}${PASSKEY_API.secondFactorOptions}`, at(passkeySecondFactorOptions)),
    http.post(`${CONNECT}${PASSKEY_API.secondFactor}`, at(verifyPasskeySecondFactor)),
    http.post(`${CONNECT}/api/me/two-factor/totp/confirm`, at(confirmSetupInAccount)),
    http.post(`${CONNECT}/api/me/two-factor/totp/remove`, at(removeTotp)),

    // Passkeys (WebAuthn): account settings, the login page, the developer x-ray
    http.get(`${CONNECT}${PASSKEY_API.list}`, at(listPasskeys)),
    http.post(`${CONNECT}${PASSKEY_API.registrationOptions}`, at(startRegistration)),
    http.post(`${CONNECT}${PASSKEY_API.registration}`, at(finishRegistration)),
    http.post(`${CONNECT}${PASSKEY_API.authenticationOptions}`, at(startAuthentication)),
    http.post(`${CONNECT}${PASSKEY_API.authentication}`, at(finishAuthentication)),
    http.get(`${CONNECT}${PASSKEY_API.ceremonies}`, at(listCeremonies)),
    http.delete<{ id: string }>(`${CONNECT}${PASSKEY_API.list}/:id`, ({ request, params }) => removePasskey(env, request, params)),

    // Admin portal APIs (requireConnectAdmin)
    http.get(`${CONNECT}/api/admin/users`, at(listUsers)),
    http.post<{ accountId: string }>(`${CONNECT}/api/admin/users/:accountId/block`, onAccount(blockUser)),
    http.post<{ accountId: string }>(`${CONNECT}/api/admin/users/:accountId/unblock`, onAccount(unblockUser)),
    http.post<{ accountId: string }>(`${CONNECT}/api/admin/users/:accountId/unlock`, onAccount(unlockUser)),
    http.post<{ accountId: string }>(`${CONNECT}/api/admin/users/:accountId/temporary-password`, onAccount(sendTemporaryPassword)),
    http.put(`${CONNECT}/api/admin/lockout`, at(updateLockout)),
    http.get(`${CONNECT}/api/admin/audit`, at(listAudit)),
    http.get(`${CONNECT}/api/admin/administrators`, at(listAdministrators)),
    http.post(`${CONNECT}/api/admin/administrators`, at(grantAdmin)),
    http.delete<{ accountId: string }>(`${CONNECT}/api/admin/administrators/:accountId`, onAccount(revokeAdmin)),
    http.post<{ accountId: string }>(`${CONNECT}/api/admin/administrators/:accountId/activation-email`, onAccount(resendActivation)),
    http.get(`${CONNECT}/api/admin/domains`, at(listDomains)),
    http.post(`${CONNECT}/api/admin/domains`, at(addDomain)),
    http.post<{ domain: string }>(`${CONNECT}/api/admin/domains/:domain/verify`, onDomain(verifyDomain)),
    http.get<{ domain: string }>(`${CONNECT}/api/admin/domains/:domain/verification-file`, onDomain(verificationFile)),
    http.put(`${CONNECT}/api/admin/two-factor/policy`, at(updateTwoFactorPolicy)),

    // OpenID Connect provider
    http.get(`${CONNECT}${CONNECT_PATHS.discovery}`, at(discovery)),
    http.get(`${CONNECT}${CONNECT_PATHS.jwks}`, at(jwks)),
    http.get(`${CONNECT}${CONNECT_PATHS.authorizeResume}`, at(resumeAuthorization)),
    http.get(`${CONNECT}${CONNECT_PATHS.authorize}`, at(authorize)),
    http.post(`${CONNECT}${CONNECT_PATHS.authorize}`, at(authorize)),
    http.post(`${CONNECT}${CONNECT_PATHS.token}`, at(token)),
    http.all(`${CONNECT}${CONNECT_PATHS.token}`, at(tokenMethodNotAllowed)),
    http.get(`${CONNECT}${CONNECT_PATHS.userinfo}`, at(userinfo)),
    http.post(`${CONNECT}${CONNECT_PATHS.userinfo}`, at(userinfo)),
    http.get(`${CONNECT}${CONNECT_PATHS.endSession}`, at(endSessionEndpoint)),
    http.post(`${CONNECT}${CONNECT_PATHS.endSession}`, at(endSessionEndpoint)),

    // Server-to-server APIs (HTTP Basic client authentication)
    http.get(`${CONNECT}/api/organisation/verified-domains`, at(verifiedDomains)),
    http.post(`${CONNECT}/api/accounts/link`, at(linkAccount)),
    http.post(`${CONNECT}/api/accounts/status`, at(accountStatus)),
    http.delete<{ accountId: string; app: string }>(`${CONNECT}/api/accounts/:accountId/links/:app`, ({ request, params }) =>
      unlinkAccount(env, request, params),
    ),

    // The simulator's inspection (the x-ray's state diagrams), apart from the product's pages and API: read-only
    http.get(`${CONNECT}${SIM_MACHINES_PATH}`, at(inspectMachines)),
    http.all(`${CONNECT}${SIM_MACHINES_PATH}`, inspectionReadOnly),

    // Everything else on this host
    http.all(`${CONNECT}/api/*`, at(apiNotFound)),
    http.get(`${CONNECT}/*`, at(notFoundPage)),
    http.all(`${CONNECT}/*`, at(apiNotFound)),
  ];
}
