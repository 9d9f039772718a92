// Owns the one handler list both MSW setups serve (setupWorker in the tab, setupServer in Node): the live
// workspace's servers. Requests go to whichever workspace is live when they arrive.
import type { RequestHandler } from 'msw';
import type { Workspace } from './runtime/workspace';

export function handlersOf(workspace: Workspace): RequestHandler[] {
  return workspace.handlers();
}
