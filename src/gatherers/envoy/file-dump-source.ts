import { basename } from 'node:path';
import type { Attachments } from '../../core/command.ts';
import { dumpHowTo, formatBytes } from '../../envoy/bad-dump.ts';
import { openConfigDump } from '../../envoy/config-dump.ts';
import type { DumpSource } from '../../envoy/dump-source.ts';
import { maxDumpBytes, readCapped } from '../../envoy/read-capped.ts';
import { readRegularFile, shown } from '../files/bounded-read.ts';

/** A dump saved to a file (`--file DUMP`, `-` for stdin), as `istioctl proxy-config --file` reads. */
export function fileDumpSource(
  path: string,
  target?: string,
  stdin: AsyncIterable<Uint8Array | string> = process.stdin,
): DumpSource {
  return {
    cluster: `files:${shown(path)}`,
    target: target ?? (path === '-' ? 'stdin' : basename(path)),
    async load() {
      const buffer =
        path === '-' ? await readCapped(stdin, maxDumpBytes, 'The dump on stdin') : await readDumpFile(path);
      return openConfigDump(buffer, path);
    },
  };
}

/** A dump attached to the request (a file uploaded with an @meshdoc message), read by name. */
export function attachedDumpSource(attachments: Attachments, name: string, target?: string): DumpSource {
  return {
    cluster: `attached:${name}`,
    target: target ?? name,
    async load() {
      return openConfigDump(await attachments.read(name, maxDumpBytes), name);
    },
  };
}

async function readDumpFile(path: string): Promise<Buffer> {
  return readRegularFile('--file', path, {
    maxBytes: maxDumpBytes,
    what: 'a config dump file',
    capHint: `meshdoc reads dumps up to ${formatBytes(maxDumpBytes)}; take one of a single proxy with: ${dumpHowTo}`,
  });
}
