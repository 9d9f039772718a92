// Owns loading the Reflect metadata polyfill before anything of @simplewebauthn/server. The library's
// attestation helpers import 'reflect-metadata' and then @peculiar/x509, whose dependency tsyringe throws at load
// without it; the bundler puts that CommonJS import after the ES modules it precedes in the source, so the tab threw
// "tsyringe requires a reflect polyfill" on the first ceremony. A module of its own, imported first, runs it first.
import 'reflect-metadata';
