import { badDump, formatBytes } from './bad-dump.ts';

/** Above this, reading would strain the bot's memory; Envoy dumps of real meshes stay well below. */
export const maxDumpBytes = 1024 * 1024 * 1024;

/**
 * Reads a stream (stdin, a download) into one buffer, stopping with a bad-dump error once it passes
 * `maxBytes`; leaving the loop early cancels the stream.
 */
export async function readCapped(
  stream: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += b.length;
    if (size > maxBytes) throw badDump(`${what} is larger than ${formatBytes(maxBytes)}.`);
    // A config dump is JSON (or Envoy's text output): never a NUL byte. Stopping at the first one
    // answers `--file - < /dev/zero` at once instead of after reading the whole cap.
    if (b.includes(0)) throw badDump(`${what} is binary data, not an Envoy config dump.`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
