// Owns what the x-ray's views share: the chosen view (remembered across reloads) and the hand-overs between views —
// a token sent to the decoder, an exchange shown in the traffic list.
import { createContext } from 'svelte';
import { readPreference, writePreference } from '../../platform/preferences';

const TAB_PREFERENCE = 'xray-tab';

export interface TokenHandOver {
  token: string;
  /** Where it came from, in words: "id_token of the token response #42". */
  source: string;
  /** Changes with every hand-over, so the same token sent twice is taken twice. */
  sequence: number;
}

export class Xray {
  selectedTab = $state('');
  token = $state.raw<TokenHandOver | null>(null);
  /** An exchange to show in the traffic view. */
  exchangeId = $state<number | null>(null);
  #sequence = 0;

  constructor(tabIds: readonly string[]) {
    const remembered = readPreference(TAB_PREFERENCE);
    this.selectedTab = remembered !== null && tabIds.includes(remembered) ? remembered : (tabIds[0] ?? '');
  }

  choose(tabId: string): void {
    this.selectedTab = tabId;
    writePreference(TAB_PREFERENCE, tabId);
  }

  decode(token: string, source: string): void {
    this.token = { token, source, sequence: ++this.#sequence };
    this.choose('tokens');
  }

  showExchange(id: number): void {
    this.exchangeId = id;
    this.choose('traffic');
  }
}

const [getXrayContext, setXrayContext] = createContext<Xray>();

/** The x-ray's shared state. Call during component init, inside the x-ray panel. */
export function getXray(): Xray {
  return getXrayContext();
}

export function setXray(xray: Xray): Xray {
  return setXrayContext(xray);
}
