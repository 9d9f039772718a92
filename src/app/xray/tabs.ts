// Owns the list of the developer x-ray's views. Each is loaded the first time it is shown, so none of them weighs on
// the first screen; a view reaches the stage and the simulation through context (getStage, getSimulation), and the
// other views through getXray.
import type { Component } from 'svelte';

export interface XrayTab {
  /** Stable id: the tab's DOM id and the remembered choice. */
  id: string;
  /** The tab's visible label, which is also its accessible name. */
  label: string;
  load: () => Promise<{ default: Component }>;
}

export const XRAY_TABS: readonly XrayTab[] = [
  { id: 'traffic', label: 'Traffic', load: () => import('./TrafficView.svelte') },
  { id: 'oidc', label: 'OIDC flows', load: () => import('./OidcView.svelte') },
  { id: 'tokens', label: 'Token decoder', load: () => import('./TokenView.svelte') },
  { id: 'passkeys', label: 'Passkeys', load: () => import('./passkeys/PasskeyCeremonies.svelte') },
  // The machines as the servers hold them for the persona on stage; ELK, their layout engine, loads with them.
  { id: 'state-diagrams', label: 'State diagrams', load: () => import('./StateDiagramsView.svelte') },
  { id: 'mail', label: 'Mail', load: () => import('./MailView.svelte') },
];
