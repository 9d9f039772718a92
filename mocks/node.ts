// Owns MSW in Node (vitest): plain fetch() to *.test hosts reaches the live workspace's handlers, and any
// request no handler answers fails the test (onUnhandledRequest: 'error').
import { setupServer, type SetupServer } from 'msw/node';
import type { RequestHandler } from 'msw';

export function createNodeServer(handlers: RequestHandler[]): SetupServer {
  return setupServer(...handlers);
}
