// Benchmarks of the foundation, printed by `npm run bench` (never asserted in tests: machines here are shared and noisy).
// Figures: creating the demo workspace (all servers seeded), one in-tab request, and Anna's whole preparation
// journey through the in-tab network (login → send code → read the mail → verify → linked).
import { bench, describe } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { createTestWorld, type TestWorld } from '../support/harness';

const HRM = 'https://hrm.test';
const MAIL = 'https://mail.test';

let world: TestWorld;

async function freshWorld(): Promise<void> {
  if (world) await world.close();
  globalThis.indexedDB = new IDBFactory();
  world = await createTestWorld();
}

describe('foundation', () => {
  bench(
    'create the demo workspace (30 employees, 3 servers seeded)',
    async () => {
      globalThis.indexedDB = new IDBFactory();
      const w = await createTestWorld();
      await w.close();
    },
    { iterations: 5, warmupIterations: 1 },
  );

  bench(
    'one in-tab request (GET hrm.test/api/rollout)',
    async () => {
      await world.browser().api(`${HRM}/api/rollout`);
    },
    { setup: freshWorld, iterations: 200, warmupIterations: 20 },
  );

  bench(
    'Anna links her account (login, send code, read mail, verify)',
    async () => {
      const anna = world.browser('anna');
      await anna.api(`${HRM}/api/session`, { body: { loginId: '10001', password: 'anna-hrm-1' } });
      await anna.api(`${HRM}/api/me/connect/verification-code`, { body: { email: 'anna.svensson@company.com' } });
      await anna.api(`${MAIL}/api/session`, { body: { address: 'anna.svensson@company.com', password: 'anna-hrm-1' } });
      const listing = (await (await anna.api(`${MAIL}/api/mailboxes/anna.svensson@company.com/messages`)).json()) as {
        messages: Array<{ id: string }>;
      };
      const message = (await (await anna.api(`${MAIL}/api/messages/${listing.messages[0]!.id}`)).json()) as { text: string };
      const code = /\b(\d{6})\b/.exec(message.text)![1]!;
      const verified = await anna.api(`${HRM}/api/me/connect/verify`, { body: { code } });
      if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`);
      await anna.api(`${HRM}/api/me/connect`, { method: 'DELETE' });
    },
    { setup: freshWorld, iterations: 20, warmupIterations: 2 },
  );
});
