// Owns what msw needs from a worker's surroundings before it loads: its own cookie store asks for `localStorage`,
// which workers lack, and fails at import without it ("Failed to create a CookieStore"). The simulation keeps its own cookie jars, so an
// in-memory store that forgets on restart is all msw's store ever holds (in the worker's build that store's
// tough-cookie is a stub, msw-cookie-store-stub.ts, which relies on this storage starting empty). Imported first.
const workerGlobal = globalThis as { localStorage?: Storage };

class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
}

if (typeof workerGlobal.localStorage === 'undefined') workerGlobal.localStorage = new MemoryStorage();

export {};
