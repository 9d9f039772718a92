// The palette's contrast (WCAG 2.1 §1.4.3, §1.4.11): the muted text colour reads at 4.5:1 or more on every light
// background the stylesheets paint, tinted ones included, and the focus ring stands out at 3:1 or more from each of
// them and from its white halo (which separates it from the dark backgrounds).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STYLES = join(import.meta.dirname, '../../../src/app/styles');
const sheets = readdirSync(STYLES)
  .filter((name) => name.endsWith('.css'))
  .map((name) => readFileSync(join(STYLES, name), 'utf8'));
const base = readFileSync(join(STYLES, 'base.css'), 'utf8');

/** The custom properties base.css declares, by name. */
const tokens = new Map([...base.matchAll(/(--[a-z0-9-]+):\s*(#[0-9a-f]{3,6})\s*;/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));

function hex(value: string): string | undefined {
  const token = /^var\((--[a-z0-9-]+)\)$/.exec(value)?.[1];
  const colour = token ? tokens.get(token) : value;
  if (!colour || !/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(colour)) return undefined;
  return colour.length === 4 ? `#${[...colour.slice(1)].map((c) => c + c).join('')}` : colour.toLowerCase();
}

/** Relative luminance, WCAG 2.1 definition. */
function luminance(colour: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(colour.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** Every solid background the stylesheets paint that text sits on as on paper: the light ones (tints included). */
const lightBackgrounds = [
  ...new Set(
    sheets.flatMap((css) =>
      [...css.matchAll(/background(?:-color)?:\s*(#[0-9a-f]{3,6}|var\(--[a-z0-9-]+\))\s*;/gi)].map((m) => hex(m[1]!)),
    ),
  ),
]
  .filter((colour): colour is string => colour !== undefined)
  .filter((colour) => luminance(colour) >= 0.7);

describe('the palette', () => {
  it('paints several light backgrounds, tinted ones among them', () => {
    expect(lightBackgrounds).toContain('#ffffff');
    expect(lightBackgrounds).toContain(tokens.get('--grey-200'));
    expect(lightBackgrounds).toContain(tokens.get('--accent-soft'));
    expect(lightBackgrounds).toContain(tokens.get('--warning-soft'));
  });

  it('has muted text at 4.5:1 or more on every light background', () => {
    const muted = tokens.get('--grey-500')!;
    const failing = lightBackgrounds.filter((background) => contrast(muted, background) < 4.5);
    expect(failing.map((b) => `${b} ${contrast(muted, b).toFixed(2)}:1`)).toEqual([]);
  });

  it('has a focus ring at 3:1 or more against every light background and against its halo', () => {
    const ring = tokens.get('--focus-ring')!;
    const halo = tokens.get('--focus-halo')!;
    expect(contrast(ring, halo)).toBeGreaterThanOrEqual(3);
    const failing = lightBackgrounds.filter((background) => contrast(ring, background) < 3);
    expect(failing).toEqual([]);
  });

  it('draws the ring around whatever has keyboard focus', () => {
    const rule = /(?:^|\n):focus-visible\s*\{([^}]*)\}/.exec(base)?.[1] ?? '';
    expect(rule).toMatch(/outline:\s*\d+px solid var\(--focus-ring\)/);
    expect(rule).toMatch(/box-shadow:[^;]*var\(--focus-halo\)/);
  });

  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
