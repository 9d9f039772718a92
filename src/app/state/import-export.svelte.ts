// Owns the Import/export page's state (R9: templates of type Employees/users with the "Connect email"
// field): the export's fields and filter, and an import from its preview — paged and filtered by outcome on the
// server — to its application, with "preview again" when the directory moved in between.
import { applyImport, exportUsers, getImport, previewImport } from '../../clients/hrm';
import type { ClientContext } from '../../clients/http';
import type { ExportField, ImportOutcome, ImportPreview, UserStatusFilter } from '../../contracts/hrm';
import { FormRequest } from './form.svelte';
import { countOf } from './users-query';

export const IMPORT_PAGE_SIZE = 50;

/** An export starts with who the users are and their emails: a file the import reads back as it is. */
export const DEFAULT_EXPORT_FIELDS: readonly ExportField[] = ['loginId', 'employeeNumber', 'name', 'email', 'connectEmail'];

export class CsvExport {
  fields = $state<ExportField[]>([...DEFAULT_EXPORT_FIELDS]);
  status = $state<UserStatusFilter>('all');
  /** What was last saved, e.g. "users.csv". */
  saved = $state<string | null>(null);
  readonly request = new FormRequest(['fields']);

  readonly #client: ClientContext;
  /** The template's fields in its own order: the file's columns follow it. */
  readonly #order: readonly ExportField[];
  readonly #save: (text: string, fileName: string) => void;

  constructor(
    client: ClientContext,
    order: readonly ExportField[],
    save: (text: string, fileName: string) => void,
    initial: { fields?: readonly ExportField[]; status?: UserStatusFilter } = {},
  ) {
    this.#client = client;
    this.#order = order;
    this.#save = save;
    if (initial.fields) this.fields = [...initial.fields];
    if (initial.status) this.status = initial.status;
  }

  async run(): Promise<void> {
    this.saved = null;
    this.request.clear();
    const fields = this.#order.filter((f) => this.fields.includes(f));
    if (fields.length === 0) {
      this.request.fieldErrors = { fields: 'Choose at least one field.' };
      return;
    }
    const filter = this.status === 'all' ? {} : { status: this.status };
    const result = await this.request.run(() => exportUsers(this.#client, fields, filter));
    if (!result) return;
    const fileName = result.value.fileName ?? 'users.csv';
    this.#save(result.value.text, fileName);
    this.saved = fileName;
  }
}

export class CsvImport {
  preview = $state.raw<ImportPreview | null>(null);
  /** The rows shown: one outcome, or all. */
  outcome = $state<ImportOutcome | null>(null);
  /** The HRM's words when the directory changed since the preview (409 import_stale). */
  stale = $state<string | null>(null);
  /** "2 Connect emails updated", once applied. */
  result = $state<string | null>(null);
  /** The file last read, kept to preview it again; null for an import opened from the list. */
  file = $state.raw<{ name: string; text: string } | null>(null);

  readonly upload = new FormRequest(['file']);
  readonly rows = new FormRequest([]);
  readonly apply = new FormRequest([]);
  readonly #client: ClientContext;

  constructor(client: ClientContext) {
    this.#client = client;
  }

  get busy(): boolean {
    return this.upload.busy || this.rows.busy || this.apply.busy;
  }

  get canApply(): boolean {
    return this.preview !== null && this.preview.status === 'preview' && this.preview.counts.update > 0 && !this.busy;
  }

  /** Reads the chosen file in the page and sends its text for a preview; nothing changes yet. */
  async read(file: File): Promise<void> {
    this.upload.clear();
    let text: string;
    try {
      text = await file.text();
    } catch {
      this.upload.fieldErrors = { file: `${file.name} could not be read.` };
      return;
    }
    this.file = { name: file.name, text };
    await this.previewAgain();
  }

  async previewAgain(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const result = await this.upload.run(() => previewImport(this.#client, file.name, file.text));
    if (!result) return;
    // The server answers with its default page size: ask for the first page as this page shows it.
    this.#reset();
    await this.#load(result.value.id, null, 0);
  }

  /** An earlier import from the list: its rows as they were previewed (or applied). */
  async open(importId: string): Promise<void> {
    this.#reset();
    this.file = null;
    await this.#load(importId, null, 0);
  }

  show(outcome: ImportOutcome | null, offset = 0): Promise<void> {
    return this.preview ? this.#load(this.preview.id, outcome, offset) : Promise.resolve();
  }

  /** Applies the preview's updates; true when they were stored. */
  async applyPreview(): Promise<boolean> {
    const preview = this.preview;
    if (!preview) return false;
    this.stale = null;
    const result = await this.apply.run(
      () => applyImport(this.#client, preview.id),
      (problem) => {
        if (problem.code !== 'import_stale') return false;
        this.stale = problem.message;
        return true;
      },
    );
    if (!result) return false;
    this.result = `${countOf(result.value.counts.update, 'Connect email', 'Connect emails')} updated`;
    await this.#load(preview.id, this.outcome, 0);
    return true;
  }

  #reset(): void {
    this.stale = null;
    this.result = null;
    this.apply.clear();
    this.outcome = null;
  }

  async #load(importId: string, outcome: ImportOutcome | null, offset: number): Promise<void> {
    const query = { offset, limit: IMPORT_PAGE_SIZE, ...(outcome ? { outcome } : {}) };
    const result = await this.rows.run(() => getImport(this.#client, importId, query));
    if (!result) return;
    this.preview = result.value;
    this.outcome = outcome;
  }
}
