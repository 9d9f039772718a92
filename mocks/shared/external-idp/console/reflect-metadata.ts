// Owns loading the Reflect metadata polyfill before @peculiar/x509, whose dependency tsyringe throws at load without
// it; a module of its own, imported first, runs it first (as Connect's passkeys do).
import 'reflect-metadata';
