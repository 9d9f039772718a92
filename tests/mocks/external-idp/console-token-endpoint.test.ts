// The secrets and certificates an administrator registers in the admin console are what the provider's token endpoint
// accepts: a code exchange by oauth4webapi with the new secret (client_secret_basic) and with private_key_jwt signed by
// the key of the uploaded certificate, until each expires on the world clock. The console is reached through the
// provider's own login page.
import * as oauth from 'oauth4webapi';
import { describe, expect } from 'vitest';
import type { NewCertificateResponse, NewSecretResponse } from '../../../src/contracts/idp-console';
import { DAY } from '../../../src/domain/clock';
import type { TestWorld } from '../../support/harness';
import { test } from '../../support/world-test';
import { adminApi, body, makeCertificate, origin } from './console-support';
import { codeFlow, step } from './oidc-support';
import { CLIENT_ID, IDP_NAMES, idpTemplate, USERS } from './support';

for (const idp of IDP_NAMES)
  describe(`${idp}.test: what the console registers works at the token endpoint`, () => {
    const it = test.override({ template: idpTemplate(idp) });

    async function consoleAdmin(world: TestWorld) {
      const karin = world.browser('karin');
      const start = await karin.navigate(`${origin(idp)}/admin/applications/${CLIENT_ID}`);
      expect(start.outcome).toMatchObject({ kind: 'page', page: { view: 'idp/sign-in' } });
      const login = new URL(start.url).searchParams.get('login')!;
      expect((await step(karin, idp, 'signInUsername', { login, username: USERS.karin.username })).status).toBe(200);
      const done = (await (await step(karin, idp, 'signInPassword', { login, password: USERS.karin.password })).json()) as {
        redirectTo: string;
      };
      expect(done.redirectTo).toBe(`/admin/applications/${CLIENT_ID}`);
      const back = await karin.navigate(`${origin(idp)}${done.redirectTo}`);
      expect(back.outcome).toMatchObject({ kind: 'page', page: { view: 'idp/console/application' } });
      return karin;
    }

    it('a new client secret signs Connect in until it expires, and not after', async ({ world }) => {
      const karin = await consoleAdmin(world);
      const created = await body<NewSecretResponse>(
        await karin.api(adminApi(idp, `applications/${CLIENT_ID}/secrets`), { body: { description: 'Connect SSO 2027', months: 6 } }),
      );
      const { claims } = await codeFlow(world, idp, USERS.anna, oauth.ClientSecretBasic(created.value));
      expect(claims.aud).toBe(CLIENT_ID);
      await world.advance(created.secret.expiresAt - world.now() + DAY);
      await expect(codeFlow(world, idp, USERS.anna, oauth.ClientSecretBasic(created.value), world.browser('later'))).rejects.toThrow();
    });

    it('an uploaded certificate’s key signs private_key_jwt until the certificate expires', async ({ world }) => {
      const karin = await consoleAdmin(world);
      const { pem, keys } = await makeCertificate(world.now() - DAY, world.now() + 30 * DAY);
      const uploaded = await body<NewCertificateResponse>(
        await karin.api(adminApi(idp, `applications/${CLIENT_ID}/certificates`), { body: { pem } }),
      );
      const auth = oauth.PrivateKeyJwt({ key: keys.privateKey, kid: uploaded.certificate.thumbprint });
      const { claims } = await codeFlow(world, idp, USERS.anna, auth);
      expect(claims.aud).toBe(CLIENT_ID);
      await world.advance(31 * DAY);
      await expect(codeFlow(world, idp, USERS.anna, auth, world.browser('later'))).rejects.toThrow();
    });
  });
