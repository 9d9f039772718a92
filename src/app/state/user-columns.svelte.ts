// Owns which columns of the Users table an admin shows: remembered per workspace and admin in the real browser's
// localStorage (a viewer's preference, like large text), so a reload or another day keeps the admin's choice.
import { readPreference, writePreference } from '../../platform/preferences';
import { parseColumns, USER_COLUMNS, type UserColumn, type UserColumnId } from './users-query';

export class UserColumns {
  shown = $state.raw<UserColumnId[]>([]);
  readonly #key: string;

  constructor(workspaceId: string, adminId: string) {
    this.#key = `${workspaceId}/users-columns/${adminId}`;
    this.shown = parseColumns(readPreference(this.#key));
  }

  /** The columns on show, in the table's order. */
  get columns(): UserColumn[] {
    return USER_COLUMNS.filter((c) => this.shown.includes(c.id));
  }

  has(id: UserColumnId): boolean {
    return this.shown.includes(id);
  }

  toggle(id: UserColumnId): void {
    const next = this.has(id) ? this.shown.filter((c) => c !== id) : [...this.shown, id];
    this.shown = USER_COLUMNS.map((c) => c.id).filter((c) => next.includes(c));
    writePreference(this.#key, this.shown.join(','));
  }
}
