// Owns large-text mode on the page: a class on the root element, which scales every rem of the stage's text
// (src/app/styles/stage.css).
import { readLargeText, writeLargeText } from '../../platform/preferences';

export function applyLargeText(on: boolean): void {
  document.documentElement.classList.toggle('large-text', on);
}

/** At start: the mode the viewer left the stage in. */
export function applyStoredLargeText(): void {
  applyLargeText(readLargeText());
}

export function setLargeText(on: boolean): void {
  writeLargeText(on);
  applyLargeText(on);
}
