// Runs before every vitest file: a fresh fake IndexedDB per file, so workspaces never leak between files.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
