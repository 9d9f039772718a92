// Owns a workspace's running world clock: the persisted WorldClockState read against an injected real clock.
import {
  advanceClock,
  jumpClockTo,
  pauseClock,
  playClock,
  worldTimeAt,
  type Clock,
  type WorldClockState,
} from '../../src/domain/clock';

export class WorldClock implements Clock {
  private readonly listeners = new Set<() => void>();

  constructor(
    private current: WorldClockState,
    private readonly realClock: Clock,
    private readonly persist: (state: WorldClockState) => Promise<void>,
  ) {}

  now(): number {
    return Math.floor(worldTimeAt(this.current, this.realClock.now()));
  }

  state(): WorldClockState {
    return { ...this.current };
  }

  pause(): Promise<void> {
    return this.change(pauseClock(this.current, this.realClock.now()));
  }

  play(speed?: number): Promise<void> {
    return this.change(playClock(this.current, this.realClock.now(), speed));
  }

  advance(ms: number): Promise<void> {
    return this.change(advanceClock(this.current, this.realClock.now(), ms));
  }

  jumpTo(time: number): Promise<void> {
    return this.change(jumpClockTo(this.current, this.realClock.now(), time));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async change(next: WorldClockState): Promise<void> {
    this.current = next;
    await this.persist(next);
    for (const listener of this.listeners) listener();
  }
}
