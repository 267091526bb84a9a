import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Attachments } from '../../core/command.ts';
import { badDump, formatBytes } from '../../envoy/bad-dump.ts';
import { openConfigDump } from '../../envoy/config-dump.ts';
import type { DumpSource } from '../../envoy/dump-source.ts';
import { maxDumpBytes, readCapped } from '../../envoy/read-capped.ts';
import { MeshdocError } from '../../errors.ts';

/** A dump saved to a file (`--file DUMP`, `-` for stdin), as `istioctl proxy-config --file` reads. */
export function fileDumpSource(
  path: string,
  target?: string,
  stdin: AsyncIterable<Uint8Array | string> = process.stdin,
): DumpSource {
  return {
    cluster: `files:${path}`,
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
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw badDump(`--file ${path} is a directory; give the dump file inside it.`);
    if (info.size > maxDumpBytes) {
      throw badDump(
        `--file ${path} is ${formatBytes(info.size)}; meshdoc reads dumps up to ${formatBytes(maxDumpBytes)}.`,
      );
    }
    return await readFile(path);
  } catch (error) {
    if (error instanceof MeshdocError) throw error;
    throw fileError(path, error);
  }
}

function fileError(path: string, error: unknown): MeshdocError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : `cannot be read (${code ?? 'I/O error'})`;
  return new MeshdocError('bad_input_file', `--file ${path} ${reason}.`, {
    hint: 'Check the path.',
    cause: error,
  });
}
