// Owns asking the browser to keep this site's storage (Storage Standard §4.3 "persist()"): without it, a browser short
// of disk space may clear every workspace. Asked once at start, never waited for.

/** granted: kept until the user deletes it; best-effort: the browser may clear it when space runs low. */
export type StoragePersistence = 'granted' | 'best-effort' | 'unsupported';

let asked: Promise<StoragePersistence> | null = null;

/** Asks once (later calls get the same answer); never rejects. */
export function requestPersistentStorage(): Promise<StoragePersistence> {
  asked ??= (async (): Promise<StoragePersistence> => {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage?.persist) return 'unsupported';
    try {
      if (await storage.persisted?.()) return 'granted';
      return (await storage.persist()) ? 'granted' : 'best-effort';
    } catch {
      return 'best-effort';
    }
  })();
  return asked;
}

export const STORAGE_PERSISTENCE_WORDS: Record<StoragePersistence, string> = {
  granted: 'Storage: kept until you delete it.',
  'best-effort': 'Storage: the browser may clear it when the disk runs low. Export workspaces you want to keep.',
  unsupported: 'Storage: this browser does not say whether it keeps this site’s data. Export workspaces you want to keep.',
};
