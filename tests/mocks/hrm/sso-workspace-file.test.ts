import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../mocks/runtime/simulation';
import { parseWorkspaceFile, WorkspaceFileError } from '../../../mocks/runtime/workspace-file';
import { buildSsoCompany } from '../../../mocks/templates/sso-company';
import type { HrmShellData } from '../../../src/contracts/hrm';
import { testWorldOf } from '../../support/harness';
import { StandInEntra } from '../../support/stand-in-entra';
import { HRM, openPage } from './support';

const SEED = 'sso-file';
const template = buildSsoCompany(SEED);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed file, reached into at any depth
type Json = Record<string, any>;

function rows(file: Json, table: string): Json[] {
  return (file.databases.hrm.data.data as Array<{ tableName: string; rows: Json[] }>).find((t) => t.tableName === table)!.rows;
}

function tenantRow(file: Json): Json {
  return rows(file, 'settings').find((row) => row.key === 'tenant')!;
}

describe('a workspace of the SSO company in a workspace file', () => {
  it('exports the HRM’s single sign-on, external references and an Entra session, and imports them working', async () => {
    const simulation = await Simulation.start({ realClock: { now: () => Date.now() } });
    await simulation.createWorkspace({ name: 'Northwind', templateId: template.id, seed: SEED });
    const world = testWorldOf(simulation.runtime, template);
    const idp = new StandInEntra(world);
    idp.install();
    idp.signedIn = 'helena.dahl@northwind.test';
    const helena = world.browser('helena');
    expect((await openPage<HrmShellData>(helena, `${HRM}/`)).page.data.user.name).toBe('Helena Dahl');

    const file = await simulation.exportWorkspace();
    const parsed = JSON.parse(file.text) as Json;
    expect(tenantRow(parsed).sso).toMatchObject({ provider: 'entra', referenceClaim: 'preferred_username' });
    expect(rows(parsed, 'sessions').map((row) => row.method)).toContain('sso');

    await simulation.importWorkspace(file.text);
    const imported = testWorldOf(simulation.runtime, template);
    const entraAgain = new StandInEntra(imported);
    entraAgain.install();
    entraAgain.signedIn = 'a.berg@northwind.onmicrosoft.test';
    expect((await openPage<HrmShellData>(imported.browser('anna'), `${HRM}/`)).page.data.user.name).toBe('Anna Berg');
  });

  it('refuses a file whose single sign-on settings the HRM could not use, naming the field', async () => {
    const simulation = await Simulation.start({ realClock: { now: () => Date.now() } });
    await simulation.createWorkspace({ name: 'Northwind', templateId: template.id, seed: SEED });
    const file = JSON.parse((await simulation.exportWorkspace()).text) as Json;
    tenantRow(file).sso.issuer = 'http://entra.test/not-https';
    const error = (() => {
      try {
        parseWorkspaceFile(JSON.stringify(file));
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WorkspaceFileError);
    expect((error as Error).message).toMatch(/“hrm” database, table “settings”, row \d+: the field “sso → issuer”/);
  });
});
