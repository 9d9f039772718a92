// Types what vitest.config.ts provides to every test file through `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The real page's origin WebAuthn would see in the tab. */
    pageOrigin: string;
  }
}

export {};
