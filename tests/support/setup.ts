// Runs before every vitest test: a fresh fake IndexedDB, so workspaces never leak between tests. Dexie keeps the
// factory it found at import time, so it is handed the new one explicitly.
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

beforeEach(() => {
  const factory = new IDBFactory();
  globalThis.indexedDB = factory;
  Dexie.dependencies.indexedDB = factory;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
});
