// Owns the stage's regions for keyboard users: the order F6 / Shift+F6 visits them, the skip links at the top of the
// stage, where focus lands in each, and moving focus to a page's heading after a navigation (WCAG 2.4.1, 2.4.3).

export interface StageRegion {
  /** What the region is called (the skip link says "Skip to <name>"). */
  readonly name: string;
  /** Finds the region's element on the stage; a region not on show (no phone yet) is passed over. */
  readonly selector: string;
  /** Where focus lands inside the region, when it holds one: the browser's page heading rather than its toolbar. */
  readonly start?: string;
  /** Offered as a skip link at the top of the stage. */
  readonly skipLink?: boolean;
}

/** F6 order: the personas, the persona's browser, the inbox, the phone, the clock bar — then round again. */
export const STAGE_REGIONS: readonly StageRegion[] = [
  { name: 'personas', selector: '#stage-personas', skipLink: true },
  { name: 'browser', selector: '#stage-browser', start: '.device-viewport h1', skipLink: true },
  { name: 'inbox', selector: '#stage-side .inbox', skipLink: true },
  { name: 'phone', selector: '#stage-side .phone' },
  { name: 'clock bar', selector: '.clockbar' },
];

/** The skip links' order at the top of the stage: the browser first, where every journey starts. */
export const SKIP_LINKS: readonly StageRegion[] = ['browser', 'inbox', 'personas'].map((name) =>
  STAGE_REGIONS.find((r) => r.name === name && r.skipLink)!,
);

function shown(element: Element | null): element is HTMLElement {
  return element instanceof HTMLElement && element.getClientRects().length > 0;
}

/** Focuses `element`, making it focusable from script only (tabindex -1) when it is not focusable already. */
export function focusElement(element: HTMLElement): void {
  if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus();
}

/** Moves focus into the region (to its start when it has one on show); false when the region is not on the stage. */
export function focusRegion(root: ParentNode, region: StageRegion): boolean {
  const element = root.querySelector(region.selector);
  if (!shown(element)) return false;
  const start = region.start ? element.querySelector(region.start) : null;
  focusElement(shown(start) ? start : element);
  return true;
}

/** The index in STAGE_REGIONS of the region holding `node`, or -1. */
export function regionIndexOf(root: ParentNode, node: Node | null): number {
  if (!node) return -1;
  return STAGE_REGIONS.findIndex((region) => root.querySelector(region.selector)?.contains(node) ?? false);
}

/** F6 (direction 1) or Shift+F6 (-1): focus the next region on show after the one holding focus, wrapping round. */
export function cycleRegions(root: ParentNode, active: Node | null, direction: 1 | -1): void {
  const count = STAGE_REGIONS.length;
  const held = regionIndexOf(root, active);
  // From outside every region, F6 starts at the first and Shift+F6 at the last.
  const from = held !== -1 ? held : direction === 1 ? -1 : count;
  for (let step = 1; step <= count; step++) {
    const index = (((from + direction * step) % count) + count) % count;
    if (focusRegion(root, STAGE_REGIONS[index]!)) return;
  }
}
