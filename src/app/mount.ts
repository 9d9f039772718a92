// Owns starting the stage: mounts App with the simulation's control surface (given to components via context). Its
// stylesheets (src/app/styles/) are imported by src/main.ts, which loads this module as a chunk of its own.
import { mount, unmount } from 'svelte';
import type { SimulationControl } from '../contracts/simulation';
import App from './App.svelte';
import { applyStoredLargeText } from './state/large-text';

export interface MountedApp {
  destroy(): Promise<void>;
}

export function mountApp(target: HTMLElement, simulation: SimulationControl): MountedApp {
  applyStoredLargeText();
  const app = mount(App, { target, props: { simulation } });
  return { destroy: () => unmount(app) };
}
