// Owns reading a workspace's databases whole, for tests that compare two workspaces (an export and its import, a
// checkpoint and its restore) table by table, through connections of their own.
import { DATABASE_NAMES, WORKSPACE_DATABASES, type DatabaseName } from '../../mocks/runtime/workspace-databases';

export type DatabaseContents = Record<DatabaseName, Record<string, unknown[]>>;

/** Every row of every table of every database of a workspace. */
export async function readDatabases(workspaceId: string): Promise<DatabaseContents> {
  const contents = {} as DatabaseContents;
  for (const name of DATABASE_NAMES) {
    const db = new WORKSPACE_DATABASES[name](workspaceId);
    try {
      await db.open();
      const tables: Record<string, unknown[]> = {};
      for (const table of db.tables) tables[table.name] = await table.toArray();
      contents[name] = tables;
    } finally {
      db.close();
    }
  }
  return contents;
}

/** The same contents with the world's meta row told apart from its workspace id, which differs by design. */
export function withoutWorkspaceId(contents: DatabaseContents): DatabaseContents {
  const meta = (contents.world.meta ?? []).map((row) => ({ ...(row as object), workspaceId: '(id)' }));
  return { ...contents, world: { ...contents.world, meta } };
}
