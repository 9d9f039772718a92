// Owns the OpenID provider core every provider of the simulation (Connect and the organisations' identity providers)
// is built on, each with its own database, keys and words.
export * from './params';
export * from './messages';
export * from './authorization';
export * from './code';
export * from './metadata';
export * from './keys';
export * from './bearer';
