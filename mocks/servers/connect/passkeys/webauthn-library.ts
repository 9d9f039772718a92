// Owns the one door to @simplewebauthn/server, which ceremonies.ts loads on first use (~93 kB gzip, docs/testing.md):
// the Reflect polyfill the library needs, first (see reflect-metadata.ts), then the library and its helpers.
import './reflect-metadata';

export * from '@simplewebauthn/server';
export * as helpers from '@simplewebauthn/server/helpers';
