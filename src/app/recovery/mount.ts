// Owns showing the recovery screen in place of the stage, for a simulation that could not start.
import { mount } from 'svelte';
import type { RecoveryControl } from '../../contracts/recovery';
import RecoveryScreen from './RecoveryScreen.svelte';

export function mountRecovery(target: HTMLElement, recovery: RecoveryControl, onstarted: () => void): void {
  target.replaceChildren();
  mount(RecoveryScreen, { target, props: { recovery, onstarted } });
}
