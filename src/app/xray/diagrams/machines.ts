// Owns which machines the x-ray draws: the ones the servers advance and inspect, by their XState id, with the words
// the diagrams use for them.
import type { AnyStateMachine } from 'xstate';
import type { InspectedMachineId } from '../../../contracts/inspection';
import { domainVerificationMachine } from '../../../../machines/domain-verification';
import { linkingMachine } from '../../../../machines/linking';
import { rolloutMachine } from '../../../../machines/rollout';
import { statechartOf, type Statechart } from './statechart-graph';

export interface DiagramMachine {
  machine: AnyStateMachine;
  /** The diagram's heading. */
  title: string;
  /** Where it lives and what it follows, for the line under the heading. */
  about: string;
}

export const DIAGRAM_MACHINES: Record<InspectedMachineId, DiagramMachine> = {
  linking: { machine: linkingMachine, title: 'Link journey', about: 'HRM, machines/linking.ts: one user’s link to Connect' },
  rollout: { machine: rolloutMachine, title: 'Rollout', about: 'HRM, machines/rollout.ts: the tenant’s phases' },
  domainVerification: {
    machine: domainVerificationMachine,
    title: 'Domain verification',
    about: 'Connect, machines/domain-verification.ts: one domain’s proof of ownership',
  },
};

const charts = new Map<InspectedMachineId, Statechart>();

/** The machine's statechart, read from its definition once. */
export function statechartFor(machine: InspectedMachineId): Statechart {
  let chart = charts.get(machine);
  if (!chart) charts.set(machine, (chart = statechartOf(DIAGRAM_MACHINES[machine].machine)));
  return chart;
}
