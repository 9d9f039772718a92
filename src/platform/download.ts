// Owns saving a file a page made or received (a CSV export, Connect's verification file) to the real computer: a Blob
// behind an object URL and a click on an <a download>, with no network. CSV gets a byte-order mark so spreadsheets
// read å, ä and ö as UTF-8.

const BOM = '\uFEFF';
/** Long enough for the browser to have taken the file; revoking at once can cancel the download. */
const REVOKE_AFTER_MS = 10_000;

export function saveTextFile(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export function saveCsvFile(text: string, fileName: string): void {
  saveTextFile(text.startsWith(BOM) ? text : BOM + text, fileName, 'text/csv;charset=utf-8');
}
