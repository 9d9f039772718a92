// Owns the diagrams' words: what a state, a transition and the events a state takes next say in text — the text
// alternative of every diagram, and the accessible names of its states.
import { transitionLabel } from './layout';
import type { NextEvent, Statechart, StatechartTransition } from './statechart-graph';

function keyOf(chart: Statechart, id: string): string {
  return chart.states.find((s) => s.id === id)?.key ?? id;
}

/** Where a transition leads: `→ linking`, `→ awaitingCode (entered again)`, `stays`, `refused`. */
export function outcomeOf(chart: Statechart, t: StatechartTransition): string {
  if (t.refused) return 'refused';
  if (t.targets.length === 0) return 'stays';
  const targets = t.targets.map((id) => keyOf(chart, id)).join(' + ');
  return t.targets.includes(t.source) || t.reenter ? `→ ${targets} (entered again)` : `→ ${targets}`;
}

/** `if isExpired → expired; if isCorrectCode → linking; otherwise → awaitingCode (entered again)`. */
export function describeNextEvent(chart: Statechart, next: NextEvent, deepest: string): string {
  return next.candidates
    .map((c) => {
      const condition = c.guard ? `if ${c.guard} ` : next.candidates.length > 1 ? 'otherwise ' : '';
      const from = c.source === deepest ? '' : ` (from ${keyOf(chart, c.source)})`;
      return `${condition}${outcomeOf(chart, c)}${from}`;
    })
    .join('; ');
}

/** The accessible name of a state's box: its name, whether it is current, what it takes. */
export function describeState(chart: Statechart, id: string, status: 'current' | 'active' | 'inactive'): string {
  const state = chart.states.find((s) => s.id === id)!;
  const out = chart.transitions.filter((t) => t.source === id);
  const kind =
    state.kind === 'compound'
      ? ', holds ' + state.children.map((c) => keyOf(chart, c)).join(', ')
      : state.kind === 'atomic'
        ? ''
        : `, ${state.kind}`;
  const where = status === 'current' ? ', current state' : status === 'active' ? ', active (the current state is inside)' : '';
  return `${state.key}${where}${kind}, ${out.length === 1 ? '1 transition' : `${out.length} transitions`}`;
}

/** Every transition leaving or entering a state, in words, for the panel of the state in focus. */
export function transitionsOfState(chart: Statechart, id: string): { leaving: string[]; entering: string[] } {
  const leaving = chart.transitions.filter((t) => t.source === id).map((t) => `${transitionLabel(t)} ${outcomeOf(chart, t)}`);
  const entering = chart.transitions
    .filter((t) => t.targets.includes(id) && t.source !== id)
    .map((t) => `${transitionLabel(t)} from ${keyOf(chart, t.source)}`);
  return { leaving, entering };
}
