import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Composer, Parser } from 'yaml';
import { formatBytes } from '../../envoy/bad-dump.ts';
import { MeshdocError } from '../../errors.ts';
import {
  bad,
  fsError,
  inputLimits,
  nestingExceeds,
  readRegularFile,
  shown,
  walkFiles,
} from './bounded-read.ts';

export type Manifest = {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
};

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);
const saveHint = 'Save the objects with `kubectl get <resource> -n <namespace> -o yaml > file.yaml`.';

export type ManifestLimits = {
  manifestFileBytes: number;
  manifestTotalBytes: number;
  yamlFileBytes: number;
  walkEntries: number;
  walkDepth: number;
  nestingDepth: number;
  yamlAliases: number;
};

/**
 * Reads Kubernetes manifests from a file or a directory tree (YAML or JSON, multi-document files
 * and `kind: List` as `kubectl get -o yaml` prints them). Objects without kind or name are skipped;
 * a file or folder with none at all is an error. Bounded by `inputLimits` (bytes per file and in
 * total, walk size, nesting, YAML aliases); every refusal is a bad_input_file error.
 */
export async function loadManifests(path: string, limits: ManifestLimits = inputLimits): Promise<Manifest[]> {
  return (await loadManifestsReporting(path, limits)).manifests;
}

/** A file of a --from directory that could not be read as manifests, and why (the answer's note). */
export type SkippedFile = { file: string; why: string };

/**
 * The same, and the files of a directory that were skipped: one file of broken YAML in a folder of
 * manifests is left out with a note, the rest answers. A file named on its own still fails: it is
 * the whole input.
 */
export async function loadManifestsReporting(
  path: string,
  limits: ManifestLimits = inputLimits,
): Promise<{ manifests: Manifest[]; skipped: SkippedFile[] }> {
  const skipped: SkippedFile[] = [];
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw bad(`--from ${shown(path)}: no such file or directory.`, 'Check the path.');
    throw fsError('--from', path, error);
  }
  const isDir = info.isDirectory();
  const files = isDir
    ? await walkFiles('--from', path, (name) => manifestExtensions.has(extname(name).toLowerCase()), limits)
    : [path];
  if (isDir && files.length === 0)
    throw bad(`--from ${shown(path)}: the directory holds no .yaml, .yml or .json files.`, saveHint);
  const manifests: Manifest[] = [];
  let total = 0;
  let configDump = false;
  for (const file of files) {
    const bytes = await readRegularFile('--from', file, {
      maxBytes: limits.manifestFileBytes,
      what: 'a file of manifests',
      capHint: 'Save only the namespaces and resources the command needs.',
    });
    total += bytes.length;
    if (total > limits.manifestTotalBytes) {
      throw bad(
        `--from ${shown(path)}: the manifest files add up to more than ${formatBytes(limits.manifestTotalBytes)}, the most meshdoc reads for one --from; point --from at the folder with your manifests.`,
      );
    }
    let found: ReturnType<typeof parseManifestFile>;
    try {
      found = parseManifestFile(bytes, file, limits);
    } catch (error) {
      if (!isDir || !(error instanceof MeshdocError)) throw error;
      skipped.push({ file, why: error.message });
      continue;
    }
    configDump ||= found.configDump;
    for (const m of found.manifests) manifests.push(m);
  }
  if (manifests.length === 0) {
    const what = isDir
      ? `--from ${shown(path)}: its .yaml, .yml and .json files hold`
      : `--from ${shown(path)} holds`;
    throw bad(
      `${what} no Kubernetes objects (no document with kind and metadata.name).`,
      configDump
        ? `That is an Envoy config dump: give it to a proxy command, e.g. meshdoc listeners --file ${isDir ? '<dump.json>' : shown(path)}.`
        : saveHint,
    );
  }
  return { manifests, skipped };
}

/** The manifests in one file's bytes; `configDump` when it held an Envoy config dump instead. */
export function parseManifestFile(
  bytes: Buffer,
  file: string,
  limits: Pick<
    ManifestLimits,
    'nestingDepth' | 'yamlAliases' | 'yamlFileBytes' | 'manifestFileBytes'
  > = inputLimits,
): { manifests: Manifest[]; configDump: boolean } {
  if (bytes.includes(0))
    throw bad(`--from ${shown(file)} is a binary file, not YAML or JSON manifests.`, saveHint);
  const text = bytes.toString('utf8');
  if (nestingExceeds(text, limits.nestingDepth)) {
    throw bad(
      `--from ${shown(file)} is nested deeper than ${limits.nestingDepth} levels; Kubernetes manifests never are.`,
      saveHint,
    );
  }
  const out: Manifest[] = [];
  const state = { configDump: false };
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    let json: unknown;
    let isJson = true;
    try {
      json = JSON.parse(text);
    } catch {
      isJson = false; // YAML flow style, or broken: the YAML parser says which
    }
    if (isJson) {
      collect(json, out, state);
      return { manifests: out, configDump: state.configDump };
    }
  }
  if (bytes.length > limits.yamlFileBytes) {
    throw bad(
      `--from ${shown(file)} is ${formatBytes(bytes.length)} of YAML; meshdoc parses YAML files up to ${formatBytes(limits.yamlFileBytes)} (JSON up to ${formatBytes(limits.manifestFileBytes)}).`,
      'Save it as JSON (`kubectl get … -o json`) or split it by namespace.',
    );
  }
  const composer = new Composer({ prettyErrors: true });
  try {
    for (const doc of composer.compose(new Parser().parse(text))) {
      const first = doc.errors[0];
      if (first?.message.includes('Maximum call stack')) throw tooDeep(file);
      if (first) {
        throw bad(
          `--from ${shown(file)}: not valid YAML or JSON (${first.message.split('\n')[0] ?? 'parse error'}).`,
        );
      }
      collect(doc.toJS({ maxAliasCount: limits.yamlAliases }), out, state);
    }
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw bad(
        `--from ${shown(file)} uses YAML aliases that expand too far (more than ${limits.yamlAliases} per document); kubectl never writes aliases.`,
        saveHint,
      );
    }
    if (error instanceof RangeError) throw tooDeep(file);
    throw error;
  }
  return { manifests: out, configDump: state.configDump };
}

function tooDeep(file: string) {
  return bad(
    `--from ${shown(file)} is nested too deeply to read as YAML; Kubernetes manifests never are.`,
    saveHint,
  );
}

/** Objects with kind and metadata.name, `*List` items included; an explicit stack, no recursion. */
function collect(value: unknown, out: Manifest[], state: { configDump: boolean }): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || typeof next !== 'object') continue;
    const obj = next as Record<string, unknown>;
    if (Array.isArray(obj.configs) && !('kind' in obj)) state.configDump = true;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      for (let i = obj.items.length - 1; i >= 0; i--) stack.push(obj.items[i]);
      continue;
    }
    const metadata = obj.metadata as Record<string, unknown> | undefined;
    if (typeof obj.kind === 'string' && metadata && typeof metadata.name === 'string')
      out.push(obj as Manifest);
  }
}
