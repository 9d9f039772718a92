// Tests the x-ray on the HRM's own single sign-on before the migration: the HRM asks Entra ID directly, so the OIDC view
// shows one flow, HRM ↔ Entra ID, with nothing nested and the HRM's server-side token request at Entra.
import { expect } from 'vitest';
import { oidcExchangeIds, outerFlows, reconstructFlows } from '../../../../src/app/xray/oidc-flows';
import { decodeJwt } from '../../../../src/app/xray/jwt';
import { partyName } from '../../../../src/app/xray/parties';
import { ORIGINS } from '../../../../src/contracts/origins';
import { buildSsoCompany } from '../../../../mocks/templates/sso-company';
import { StandInEntra } from '../../../support/stand-in-entra';
import { it } from '../../../support/world-test';

it.override({ template: buildSsoCompany('xray-hrm-sso'), seed: 'xray-hrm-sso' });

it('shows the HRM’s sign-in through Entra ID as one flow with the HRM as Entra’s client', async ({ world }) => {
  const entra = new StandInEntra(world);
  entra.install();
  entra.signedIn = 'helena.dahl@northwind.test';
  const result = await world.browser('helena').navigate(`${ORIGINS.hrm}/my-profile`);
  expect(result.url).toBe(`${ORIGINS.hrm}/my-profile`);

  const summaries = await world.workspace.trafficSummaries();
  const flows = reconstructFlows(summaries, await world.workspace.trafficExchanges(oidcExchangeIds(summaries)));
  expect(flows.map((f) => [partyName(f.client!), partyName(f.provider), f.parentId, f.innerIds, f.outcome])).toEqual([
    ['HRM', 'Entra ID', null, [], 'tokens_issued'],
  ]);
  expect(outerFlows(flows)).toHaveLength(1);
  const [flow] = flows;
  expect(flow!.startedBy && new URL(flow!.startedBy.url).pathname).toBe('/sso/login');
  expect(flow!.tokens[0]!.exchange.initiator).toBe('server:hrm.test');
  const claims = decodeJwt(String(flow!.tokens[0]!.answer!['id_token']));
  expect(claims.ok && claims.claims['iss']).toBe(entra.issuer);
});
