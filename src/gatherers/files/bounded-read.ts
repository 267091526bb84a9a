import type { Dirent, Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { formatBytes } from '../../envoy/bad-dump.ts';
import { MeshdocError } from '../../errors.ts';

// Built-ins without their ESM facades, and node:fs/promises only when a file is read (about 3 ms
// of every CLI start otherwise): this module's helpers are also used where nothing is read.
const fsp = () => process.getBuiltinModule('node:fs/promises');
const { join } = process.getBuiltinModule('node:path');

/**
 * What meshdoc reads from local files at most (`--from`, `--file`). Reading stops at a cap while
 * reading, not by the size the file system reports (0 for devices and FIFOs).
 */
export const inputLimits = {
  /** One manifest file (`--from FILE`, or each file of a `--from DIR`). */
  manifestFileBytes: 64 * 1024 * 1024,
  /** One YAML (not JSON) manifest file: the yaml package takes about 30 times a file's size in memory. */
  yamlFileBytes: 32 * 1024 * 1024,
  /** All manifest files of one `--from` together. */
  manifestTotalBytes: 256 * 1024 * 1024,
  /** Entries (files and folders) a `--from DIR` walk looks at before giving up. */
  walkEntries: 10_000,
  /** Folder levels below a `--from DIR`. */
  walkDepth: 32,
  /** Brackets or YAML levels nested in one manifest file. */
  nestingDepth: 256,
  /** YAML aliases (`*name`) resolved per document (the yaml package's alias-bomb guard). */
  yamlAliases: 100,
} as const;

/** Folders that hold kernel and device state, never manifests; a walk never enters them. */
const pseudoRoots = ['/proc', '/sys', '/dev'];

const isPseudo = (real: string) => pseudoRoots.some((r) => real === r || real.startsWith(`${r}/`));

/** "a character device", "a FIFO (named pipe)", … for anything that is neither a file nor a folder. */
export function nonRegularKind(info: Stats | Dirent): string | undefined {
  if (info.isFile() || info.isDirectory()) return undefined;
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** A path as messages show it: as given, or JSON-quoted when it holds control characters. */
export function shown(path: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(path)
    ? JSON.stringify(path)
    : path;
}

export function bad(message: string, hint?: string): MeshdocError {
  return new MeshdocError('bad_input_file', message, hint ? { hint } : {});
}

/** A file-system error as one sentence about `path`. */
export function fsError(flag: string, path: string, error: unknown): MeshdocError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : code === 'ELOOP'
          ? 'is a symbolic link that loops'
          : `cannot be read (${code ?? 'I/O error'})`;
  return new MeshdocError('bad_input_file', `${flag} ${shown(path)} ${reason}.`, {
    hint: 'Check the path.',
    cause: error,
  });
}

/**
 * Reads a regular file, never more than `maxBytes` (checked while reading). Devices, FIFOs and
 * sockets are refused before they are opened; `what` completes "X is a character device, not …".
 */
export async function readRegularFile(
  flag: string,
  path: string,
  options: { maxBytes: number; what: string; capHint?: string },
): Promise<Buffer> {
  let info: Stats;
  try {
    info = await fsp().stat(path);
  } catch (error) {
    throw fsError(flag, path, error);
  }
  if (info.isDirectory()) throw bad(`${flag} ${shown(path)} is a directory, not ${options.what}.`);
  const kind = nonRegularKind(info);
  if (kind) throw bad(`${flag} ${shown(path)} is ${kind}, not ${options.what}.`);
  const tooBig = () =>
    bad(
      `${flag} ${shown(path)} is larger than ${formatBytes(options.maxBytes)}, the most meshdoc reads from one file.`,
      options.capHint,
    );
  if (info.size > options.maxBytes) throw tooBig();
  let handle: FileHandle;
  try {
    handle = await fsp().open(path, 'r');
  } catch (error) {
    throw fsError(flag, path, error);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file is read in one piece of its reported size (plus one byte to see the end);
    // anything that keeps coming after that (a growing file) in 1 MiB pieces, up to the cap.
    let next = info.size > 0 ? info.size + 1 : 1024 * 1024;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(next, options.maxBytes + 1 - total));
      next = 1024 * 1024;
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > options.maxBytes) throw tooBig();
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof MeshdocError) throw error;
    throw fsError(flag, path, error);
  } finally {
    await handle.close();
  }
}

/**
 * The files under `root` whose names `want` accepts, sorted, walked without recursion: at most
 * `walkEntries` entries and `walkDepth` levels, each folder once (symbolic-link loops end there),
 * never into /proc, /sys or /dev.
 */
export async function walkFiles(
  flag: string,
  root: string,
  want: (name: string) => boolean,
  limits: { walkEntries: number; walkDepth: number } = inputLimits,
): Promise<string[]> {
  const rootReal = await fsp()
    .realpath(root)
    .catch((error) => {
      throw fsError(flag, root, error);
    });
  if (isPseudo(rootReal))
    throw bad(
      `${flag} ${shown(root)} holds kernel or device state, not manifests.`,
      'Point --from at the folder with your manifests.',
    );
  const seen = new Set<string>();
  const stack: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  const files: string[] = [];
  let entries = 0;
  const tooMany = () =>
    bad(
      `${flag} ${shown(root)}: walked ${limits.walkEntries.toLocaleString('en-US')} files without finishing; point --from at the folder with your manifests.`,
    );
  while (stack.length > 0) {
    const { dir, depth } = stack.pop() as { dir: string; depth: number };
    let dirInfo: Stats;
    let real: string;
    try {
      dirInfo = await fsp().stat(dir);
      real = await fsp().realpath(dir);
    } catch {
      continue; // vanished or a dangling link while walking
    }
    const key = `${dirInfo.dev}:${dirInfo.ino}`;
    if (seen.has(key) || isPseudo(real)) continue;
    seen.add(key);
    let names: Dirent[];
    try {
      names = await fsp().readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      throw fsError(flag, dir, error);
    }
    for (const entry of names) {
      entries++;
      if (entries > limits.walkEntries) throw tooMany();
      const path = join(dir, entry.name);
      // Only links need a stat of their own (to what they point at); a loop or dangling link is skipped.
      let info: Stats | Dirent = entry;
      if (entry.isSymbolicLink()) {
        const target = await fsp()
          .stat(path)
          .catch(() => undefined);
        if (!target) continue;
        info = target;
      }
      if (info.isDirectory()) {
        if (depth + 1 > limits.walkDepth)
          throw bad(
            `${flag} ${shown(root)} nests folders deeper than ${limits.walkDepth} levels; point --from at the folder with your manifests.`,
          );
        stack.push({ dir: path, depth: depth + 1 });
      } else if (want(entry.name)) {
        const kind = nonRegularKind(info);
        if (kind) throw bad(`${flag} ${shown(path)} is ${kind}, not a file of manifests.`);
        files.push(path);
      }
    }
  }
  return files.sort();
}

/**
 * How deeply brackets nest in `text`, stopping as soon as it passes `limit` (double-quoted strings
 * skipped). A cheap guard before a parser that would take gigabytes on a megabyte of `[`.
 */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123 /* [ { */) {
      if (++depth > limit) return true;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return false;
}

/**
 * The manifest caps, with `MESHDOC_FROM_MAX_FILE_MIB` (one file) and `MESHDOC_FROM_MAX_MIB` (a
 * whole --from) overriding the defaults when set to a positive whole number of MiB.
 */
export function manifestLimitsFrom(env: NodeJS.ProcessEnv): typeof inputLimits {
  const mib = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^[1-9]\d{0,5}$/.test(raw))
      throw new MeshdocError(
        'usage',
        `${name} must be a whole number of MiB (1 to 999999), not "${shown(raw)}".`,
      );
    return Number(raw) * 1024 * 1024;
  };
  return {
    ...inputLimits,
    manifestFileBytes: mib('MESHDOC_FROM_MAX_FILE_MIB', inputLimits.manifestFileBytes),
    manifestTotalBytes: mib('MESHDOC_FROM_MAX_MIB', inputLimits.manifestTotalBytes),
  };
}
