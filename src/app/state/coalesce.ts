// Owns running a refresh that many signals may ask for at once (the world clock notifies several times in one jump):
// never two runs at the same time, and every ask answered by a run that started after it.

export class Coalesced {
  #running: Promise<void> | null = null;
  #again = false;
  readonly #work: () => Promise<void>;

  constructor(work: () => Promise<void>) {
    this.#work = work;
  }

  /** Resolves once a run that started after this call has finished. */
  run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      await this.#work();
    } while (this.#again);
  }
}
