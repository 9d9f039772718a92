// Owns what dexie-export-import needs from its surroundings before it loads. Browsers and workers have it all; Node
// (the tests, a headless run) lacks two names the library reads:
// - `self`, read when its module runs (to learn whether it runs in a worker) and on every import. Node is given the
//   global object under that name, which is what `self` is in a browser.
// - `FileReader`, which the library uses to read blobs, and calls at the end of every export to empty its buffer
//   (an unread, empty blob). Node is given one that does what the library asks of it, `readAsArrayBuffer`, over
//   Node's own Blob.
// Imported by a module of its own, before the library, so both exist when the library's module runs.
const global = globalThis as { self?: unknown; FileReader?: unknown };

interface ReadEvent {
  target: ArrayBufferReader;
}

/** FileReader's asynchronous `readAsArrayBuffer`, as the File API specifies its outcome (`result`, `error`, events). */
class ArrayBufferReader {
  result: ArrayBuffer | null = null;
  error: unknown = null;
  onload: ((event: ReadEvent) => void) | null = null;
  onerror: ((event: ReadEvent) => void) | null = null;
  onabort: ((event: ReadEvent) => void) | null = null;

  readAsArrayBuffer(blob: Blob): void {
    blob.arrayBuffer().then(
      (buffer) => {
        this.result = buffer;
        this.onload?.({ target: this });
      },
      (error: unknown) => {
        this.error = error;
        this.onerror?.({ target: this });
      },
    );
  }
}

if (typeof global.self === 'undefined') global.self = globalThis;
if (typeof global.FileReader === 'undefined') global.FileReader = ArrayBufferReader;

export {};
