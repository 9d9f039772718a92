// Owns Connect's routes (connect.test): which endpoint of its table (CONNECT_API) or which page answers which method
// and path. Nothing else lives here.
import { http, type RequestHandler } from 'msw';
import { CONNECT_PATHS } from '../../../src/contracts/connect';
import { SIM_MACHINES_PATH } from '../../../src/contracts/inspection';
import { CONNECT_API } from '../../../src/contracts/connect-api';
import { routeOf, type Endpoint, type ParamsOf } from '../../../src/contracts/endpoint';
import { TWO_FACTOR_PATHS } from '../../../src/contracts/connect-two-factor';
import { IDENTITY_PROVIDER_PATHS } from '../../../src/contracts/connect-sso';
import { ORIGINS } from '../../../src/contracts/origins';
import { refuseCrossSiteChanges } from '../../shared/cross-site';
import { inspectionReadOnly } from '../../shared/inspection';
import { route } from '../../shared/route';
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
import {
  activate,
  activatePage,
  grantAdmin,
  listAdministrators,
  renewActivation,
  resendActivation,
  revokeAdmin,
} from './admin/administrators';
import { listAudit } from './admin/audit';
import {
  addIdentityProvider,
  changeIdentityProvider,
  discoverIdentityProvider,
  identityProviderCertificate,
  identityProvidersPage,
  identityProviderTest,
  identityProviderTestPage,
  listIdentityProviders,
  makeIdentityProviderCertificate,
  removeIdentityProvider,
  testIdentityProvider,
} from './admin/identity-providers';
import { adminAdministratorsPage, adminAuditPage, adminRootPage, adminUsersPage } from './admin/pages';
import { blockUser, listUsers, sendTemporaryPassword, unblockUser, unlockUser, updateLockout } from './admin/users';
import { accountPage, forgotPasswordPage, loginPage, notFoundPage, resetPasswordPage, rootPage } from './pages';
import { changeTemporaryPassword, forgotPassword, resetPassword } from './password';
import {
  finishAuthentication,
  finishRegistration,
  listCeremonies,
  listPasskeys,
  removePasskey,
  startAuthentication,
  startRegistration,
} from './passkeys/api';
import { MESSAGES } from './rules';
import { identify, login, logout, logoutPage, me } from './session';
import { ssoCallbackPage, ssoStartPage } from './sso/broker';
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

type Resolver = (env: ConnectEnv, request: Request) => Promise<Response>;
/** An endpoint that reads its path parameters (`:accountId`, `:domain`), named as in the table's path. */
type ParamsResolver<P> = (env: ConnectEnv, request: Request, params: P) => Promise<Response>;

export function connectHandlers(env: ConnectEnv): RequestHandler[] {
  const at =
    (endpoint: Resolver) =>
    ({ request }: { request: Request }) =>
      endpoint(env, request);
  // MSW matched the table's path, so its `:name` segments are there; the compiler holds the endpoint to those names.
  const routeWithParams = <E extends Endpoint>(endpoint: E, resolver: ParamsResolver<ParamsOf<E>>) =>
    route(endpoint, ({ request, params }) => resolver(env, request, params as ParamsOf<E>));
  const apiNotFound: Resolver = async (_env, request) =>
    connectProblem(404, 'not_found', MESSAGES.apiNotFound(request.method, new URL(request.url).pathname));

  return [
    refuseCrossSiteChanges({
      origin: CONNECT,
      name: 'Connect',
      // The identity provider's protocol endpoints: reached from the applications' sites by design, and guarded by the
      // client's credentials, PKCE, state and tokens rather than by cookies alone.
      openPaths: [CONNECT_API.authorize.path, CONNECT_API.token.path, CONNECT_API.userinfo.path, CONNECT_API.endSession.path],
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
    http.get(`${CONNECT}${CONNECT_PATHS.adminIdentityProviders}`, at(identityProvidersPage)),
    http.get(`${CONNECT}${IDENTITY_PROVIDER_PATHS.test}`, at(identityProviderTestPage)),

    // APIs for Connect's own pages
    route(CONNECT_API.identify, at(identify)),
    route(CONNECT_API.login, at(login)),
    route(CONNECT_API.logout, at(logout)),
    route(CONNECT_API.me, at(me)),
    route(CONNECT_API.forgotPassword, at(forgotPassword)),
    route(CONNECT_API.resetPassword, at(resetPassword)),
    route(CONNECT_API.changePassword, at(changeTemporaryPassword)),
    route(CONNECT_API.activate, at(activate)),
    route(CONNECT_API.renewActivation, at(renewActivation)),
    // Two-factor authentication (R21): the second step of a sign-in, and account settings
    route(CONNECT_API.verifySecondFactor, at(verifySecondFactor)),
    route(CONNECT_API.confirmSetupAtSignIn, at(confirmSetupAtSignIn)),
    route(CONNECT_API.remindLater, at(remindLater)),
    route(CONNECT_API.passkeySecondFactorOptions, at(passkeySecondFactorOptions)),
    route(CONNECT_API.passkeySecondFactor, at(verifyPasskeySecondFactor)),
    route(CONNECT_API.confirmTotpInAccount, at(confirmSetupInAccount)),
    route(CONNECT_API.removeTotp, at(removeTotp)),

    // Passkeys (WebAuthn): account settings, the login page, the developer x-ray
    route(CONNECT_API.listPasskeys, at(listPasskeys)),
    route(CONNECT_API.registrationOptions, at(startRegistration)),
    route(CONNECT_API.registerPasskey, at(finishRegistration)),
    route(CONNECT_API.authenticationOptions, at(startAuthentication)),
    route(CONNECT_API.authenticateWithPasskey, at(finishAuthentication)),
    route(CONNECT_API.passkeyCeremonies, at(listCeremonies)),
    routeWithParams(CONNECT_API.removePasskey, removePasskey),

    // Admin portal APIs (requireConnectAdmin)
    route(CONNECT_API.listUsers, at(listUsers)),
    routeWithParams(CONNECT_API.blockUser, blockUser),
    routeWithParams(CONNECT_API.unblockUser, unblockUser),
    routeWithParams(CONNECT_API.unlockUser, unlockUser),
    routeWithParams(CONNECT_API.sendTemporaryPassword, sendTemporaryPassword),
    route(CONNECT_API.updateLockout, at(updateLockout)),
    route(CONNECT_API.listAudit, at(listAudit)),
    route(CONNECT_API.listAdministrators, at(listAdministrators)),
    route(CONNECT_API.grantAdmin, at(grantAdmin)),
    routeWithParams(CONNECT_API.revokeAdmin, revokeAdmin),
    routeWithParams(CONNECT_API.resendActivation, resendActivation),
    route(CONNECT_API.listDomains, at(listDomains)),
    route(CONNECT_API.addDomain, at(addDomain)),
    routeWithParams(CONNECT_API.verifyDomain, verifyDomain),
    routeWithParams(CONNECT_API.verificationFile, verificationFile),
    route(CONNECT_API.updateTwoFactorPolicy, at(updateTwoFactorPolicy)),
    route(CONNECT_API.listIdentityProviders, at(listIdentityProviders)),
    route(CONNECT_API.addIdentityProvider, at(addIdentityProvider)),
    route(CONNECT_API.discoverIdentityProvider, at(discoverIdentityProvider)),
    routeWithParams(CONNECT_API.changeIdentityProvider, changeIdentityProvider),
    routeWithParams(CONNECT_API.removeIdentityProvider, removeIdentityProvider),
    routeWithParams(CONNECT_API.makeIdentityProviderCertificate, makeIdentityProviderCertificate),
    routeWithParams(CONNECT_API.identityProviderCertificate, identityProviderCertificate),
    routeWithParams(CONNECT_API.testIdentityProvider, testIdentityProvider),
    routeWithParams(CONNECT_API.identityProviderTest, identityProviderTest),

    // Single sign-on through the organisation's identity provider (R22)
    route(CONNECT_API.ssoStart, at(ssoStartPage)),
    route(CONNECT_API.ssoCallback, at(ssoCallbackPage)),

    // OpenID Connect provider
    route(CONNECT_API.discovery, at(discovery)),
    route(CONNECT_API.jwks, at(jwks)),
    route(CONNECT_API.resumeAuthorization, at(resumeAuthorization)),
    route(CONNECT_API.authorize, at(authorize)),
    route(CONNECT_API.authorizeByPost, at(authorize)),
    route(CONNECT_API.token, at(token)),
    http.all(routeOf(CONNECT_API.token), at(tokenMethodNotAllowed)),
    route(CONNECT_API.userinfo, at(userinfo)),
    route(CONNECT_API.userinfoByPost, at(userinfo)),
    route(CONNECT_API.endSession, at(endSessionEndpoint)),
    route(CONNECT_API.endSessionByPost, at(endSessionEndpoint)),

    // Server-to-server APIs (HTTP Basic client authentication)
    route(CONNECT_API.verifiedDomains, at(verifiedDomains)),
    route(CONNECT_API.linkAccount, at(linkAccount)),
    route(CONNECT_API.accountStatus, at(accountStatus)),
    routeWithParams(CONNECT_API.unlinkAccount, unlinkAccount),

    // The simulator's inspection (the x-ray's state diagrams), apart from the product's pages and API: read-only
    route(CONNECT_API.inspectMachines, at(inspectMachines)),
    http.all(`${CONNECT}${SIM_MACHINES_PATH}`, inspectionReadOnly),

    // Everything else on this host
    http.all(`${CONNECT}/api/*`, at(apiNotFound)),
    http.get(`${CONNECT}/*`, at(notFoundPage)),
    http.all(`${CONNECT}/*`, at(apiNotFound)),
  ];
}
