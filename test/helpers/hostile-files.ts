import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './synthetic/synthetic-services.ts';

/** A few-hundred-byte "billion laughs": 9^7 strings from eight lines of YAML. */
export const aliasBomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '',
].join('\n');

/**
 * Writes the hostile inputs of issue 9 (small enough for CI) into `dir` and returns their paths:
 * an alias bomb, 1 MB of `[`, binary garbage, an empty file, one 4 MB line, a config dump given
 * as manifests, text that is no manifest, a FIFO.
 */
export function writeHostileFiles(dir: string, seed = 9): Record<string, string> {
  const random = rng(seed);
  const files: Record<string, string> = {
    'bomb.yaml': aliasBomb,
    'deep.json': '['.repeat(1024 * 1024),
    'deep.yaml': `${'- '.repeat(50_000)}x\n`,
    'empty.yaml': '',
    'huge-line.yaml': `a: ${'x'.repeat(4 * 1024 * 1024)}\n`,
    'dump.json': JSON.stringify({ configs: [] }),
    passwd: 'root:x:0:0:root:/root:/bin/bash\n',
    'half.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n',
  };
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = join(dir, name);
    writeFileSync(paths[name], text);
  }
  paths['garbage.bin'] = join(dir, 'garbage.bin');
  writeFileSync(
    paths['garbage.bin'],
    Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(random() * 256))),
  );
  paths['pipe.yaml'] = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [paths['pipe.yaml']]);
  return paths;
}
