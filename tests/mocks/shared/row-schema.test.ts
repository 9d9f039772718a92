import { describe, expect, it } from 'vitest';
import { membersOf } from '../../../mocks/shared/row-schema';
import type { JobStatus } from '../../../src/contracts/hrm';

type Light = 'red' | 'amber' | 'green';

describe('membersOf', () => {
  it('accepts every member of the union and refuses any other value', () => {
    const light = membersOf<Light>()(['red', 'amber', 'green']);
    expect(['red', 'amber', 'green'].map((value) => light.safeParse(value).success)).toEqual([true, true, true]);
    expect(light.safeParse('blue').success).toBe(false);
    expect(light.safeParse('').success).toBe(false);
  });

  it('refuses to compile a list that leaves a member out or names a value the union lacks', () => {
    // Checked by `tsc --noEmit` (tests are in tsconfig.json): a row schema with fewer members than its field's type
    // would refuse a value the server stores, so an exported workspace file could not be imported again.
    // @ts-expect-error 'green' is left out
    const missing = membersOf<Light>()(['red', 'amber']);
    // @ts-expect-error 'blue' is not a Light
    const extra = membersOf<Light>()(['red', 'amber', 'green', 'blue']);
    // @ts-expect-error a real union: a job can also be 'cancelling'
    const jobStatus = membersOf<JobStatus>()(['running', 'cancelled', 'done', 'failed']);
    // What the compiler spares: such a schema refuses a value its field may hold.
    expect(missing.safeParse('green').success).toBe(false);
    expect(jobStatus.safeParse('cancelling').success).toBe(false);
    expect(extra.safeParse('blue').success).toBe(true);
  });
});
