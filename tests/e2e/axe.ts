// Owns the browser tests' accessibility check: axe-core over the whole page (the stage and the page in the persona's
// browser), WCAG 2.1 A and AA, where any violation of impact moderate, serious or critical fails the screen.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING = new Set(['moderate', 'serious', 'critical']);

/**
 * Runs axe on the page as it is now and fails (softly, so one run lists every screen's findings) on any moderate,
 * serious or critical violation, naming the screen, each rule, its impact and the elements it found.
 */
export async function expectNoAxeViolations(page: Page, screenName: string): Promise<void> {
  // Only violations are read: axe then records one node per passing rule, which keeps a run on the stage short.
  const results = await new AxeBuilder({ page })
    .withTags(TAGS)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const failing = results.violations.filter((v) => FAILING.has(v.impact ?? ''));
  const report = failing
    .map((v) => {
      const targets = v.nodes
        .slice(0, 8)
        .map((n) => `    ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`);
      const more = v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : [];
      return [`  ${v.id} (${v.impact}): ${v.help}`, ...targets, ...more].join('\n');
    })
    .join('\n');
  expect.soft(failing.length, `axe on "${screenName}":\n${report}`).toBe(0);
}
