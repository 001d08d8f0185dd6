import type { Readable } from 'node:stream';

/** One message conmon writes on `_OCI_SYNCPIPE` with `--api-version 1`: `{"data": n, "message"?: s}`. */
export interface SyncMessage { data: number; message?: string }

/**
 * Reads consecutive JSON objects from conmon's sync pipe. conmon writes them without
 * separators (create: the pid; exec: the pid, then the exit code), so objects are split
 * at their closing brace, which never appears inside the flat messages conmon writes.
 */
export function syncMessages(pipe: Readable): AsyncGenerator<SyncMessage, void> {
  return (async function* read() {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of pipe) {
      buffered += decoder.decode(chunk as Buffer, { stream: true });
      let end = buffered.indexOf('}');
      while (end >= 0) {
        yield parse(buffered.slice(0, end + 1));
        buffered = buffered.slice(end + 1);
        end = buffered.indexOf('}');
      }
    }
  })();
}

function parse(text: string): SyncMessage {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || !('data' in value) || typeof value.data !== 'number') {
    throw new Error(`conmon: unexpected sync message ${text}`);
  }
  const message = 'message' in value && typeof value.message === 'string' ? value.message : undefined;
  return message === undefined ? { data: value.data } : { data: value.data, message };
}
