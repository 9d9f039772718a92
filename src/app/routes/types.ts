// Owns what every route component receives: the page's data as the server rendered it, and the browser it is in.
import type { PageBody } from '../../contracts/wire';
import type { VirtualBrowser } from '../state/virtual-browser.svelte';

export interface PageProps<Data> {
  data: Data;
  page: PageBody<Data>;
  /** The persona's virtual browser: navigate with it, call APIs with its client context. */
  browser: VirtualBrowser;
}

/** The data of a not-found or forbidden page. */
export interface MessagePageData {
  path?: string;
  message?: string;
}
