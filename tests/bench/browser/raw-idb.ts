// Owns the scale bench's raw IndexedDB side: the baseline every figure is compared with (a fresh database, one object
// store with the real store's key path and indexes, one readwrite transaction putting the rows, timed until
// `complete`), and reading a server's stored rows back so the baseline puts exactly the rows the operation wrote.
import type { RawPut } from './contract';

export interface RawIndex {
  name: string;
  keyPath: string | string[];
  unique?: boolean;
}

export interface RawStore {
  keyPath: string;
  indexes?: RawIndex[];
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function completed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`Could not delete ${name}`));
    // Another connection still open: the delete waits for it, so do we.
    request.onblocked = () => undefined;
  });
}

function openDatabase(name: string, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
    if (upgrade) request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`Could not open ${name}`));
  });
}

let counter = 0;

/** Puts `rows` into a fresh database shaped like `store`, in one transaction; the database is deleted afterwards. */
export async function rawPut(rows: readonly unknown[], store: RawStore): Promise<RawPut> {
  const name = `rollout-rehearsal-bench/raw-${++counter}`;
  await deleteDatabase(name);
  const db = await openDatabase(name, (created) => {
    const objects = created.createObjectStore('rows', { keyPath: store.keyPath });
    for (const index of store.indexes ?? []) objects.createIndex(index.name, index.keyPath, { unique: index.unique ?? false });
  });
  try {
    const started = performance.now();
    const tx = db.transaction('rows', 'readwrite');
    const objects = tx.objectStore('rows');
    for (const row of rows) objects.put(row);
    await completed(tx);
    return { rows: rows.length, ms: performance.now() - started };
  } finally {
    db.close();
    await deleteDatabase(name);
  }
}

/** Every row of one store of an existing database (read with a second connection; the owner may keep its own open). */
export async function readAll<T>(name: string, storeName: string): Promise<T[]> {
  const db = await openDatabase(name);
  try {
    const tx = db.transaction(storeName, 'readonly');
    const rows = await done(tx.objectStore(storeName).getAll() as IDBRequest<T[]>);
    await completed(tx);
    return rows;
  } finally {
    db.close();
  }
}
