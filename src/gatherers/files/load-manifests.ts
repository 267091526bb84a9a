import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MeshdocError } from '../../errors.ts';

export type Manifest = {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
};

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads Kubernetes manifests from a file or a directory tree (YAML or JSON, multi-document files
 * and `kind: List` as `kubectl get -o yaml` prints them). Objects without kind or name are skipped.
 */
export async function loadManifests(path: string): Promise<Manifest[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new MeshdocError('bad_input_file', `--from ${path}: no such file or directory.`);
  }
  const files = info.isDirectory() ? await listFiles(path) : [path];
  if (info.isDirectory() && files.length === 0) {
    throw new MeshdocError(
      'bad_input_file',
      `--from ${path}: the directory holds no .yaml, .yml or .json files.`,
    );
  }
  const manifests: Manifest[] = [];
  for (const file of files) manifests.push(...(await parseFile(file)));
  return manifests;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && manifestExtensions.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function parseFile(file: string): Promise<Manifest[]> {
  const text = await readFile(file, 'utf8');
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const out: Manifest[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      const first = doc.errors[0];
      throw new MeshdocError(
        'bad_input_file',
        `--from ${file}: not valid YAML or JSON (${first?.message.split('\n')[0] ?? 'parse error'}).`,
      );
    }
    flatten(doc.toJS(), out);
  }
  return out;
}

function flatten(value: unknown, out: Manifest[]): void {
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    for (const item of obj.items) flatten(item, out);
    return;
  }
  const metadata = obj.metadata as Record<string, unknown> | undefined;
  if (typeof obj.kind === 'string' && metadata && typeof metadata.name === 'string')
    out.push(obj as Manifest);
}
