// Owns the list of templates a workspace can be created from: the 30-person demo (in preparation, or in setup for
// rehearsing the schedule), a company whose HRM signs in through Entra ID today, and generated tenants at the scale of a
// real rollout.
import { demoTenant, demoTenantInSetup } from './demo-tenant';
import { generatedTenant } from './generated-tenant';
import { ssoCompany } from './sso-company';
import type { TemplateSource, WorkspaceTemplate } from './template';

const fixed = (template: WorkspaceTemplate): TemplateSource => ({
  id: template.id,
  name: template.name,
  build: () => template,
  ...(template.tenant.timeclock
    ? {
        timeclock: {
          customerNumber: template.tenant.customerNumber,
          user: { ...template.tenant.timeclock.user },
          devices: template.tenant.timeclock.devices.map((d) => ({ ...d })),
          badges: template.people.flatMap((p) => (p.badge === undefined ? [] : [{ name: p.name, badge: p.badge }])),
        },
      }
    : {}),
});

export const TEMPLATES: readonly TemplateSource[] = [
  fixed(demoTenant),
  fixed(demoTenantInSetup),
  ssoCompany,
  generatedTenant(17_000),
  generatedTenant(100_000),
];

export function templateSource(id: string): TemplateSource | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
