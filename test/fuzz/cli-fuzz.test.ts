// Our own fuzz suite (issue 9): generated hostile argument lists and input files through the real
// CLI entry (in-process, plus a handful as child processes with a 512 MiB heap) and the console.
// The seed is fixed and printed; a failure prints the argument list that caused it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { buildCommandContext } from '../../src/build-command-context.ts';
import { parseConfig } from '../../src/config.ts';
import { runConsole } from '../../src/console/run-console.ts';
import { commonFlags } from '../../src/core/common-flags.ts';
import { writeHostileFiles } from '../helpers/hostile-files.ts';
import { cli } from '../helpers/run-cli.ts';
import { cliChild, stackTraceLine } from '../helpers/run-cli-child.ts';
import { rng } from '../helpers/synthetic/synthetic-services.ts';

const seed = Number(process.env.MESHDOC_FUZZ_SEED ?? 20260009);
const inProcessCases = Number(process.env.MESHDOC_FUZZ_CASES ?? 3000);
const consoleLines = 500;
const childCases = 8;

let dir: string;
let hostile: Record<string, string>;
const random = rng(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (p: number) => random() < p;

const flagNames = [
  ...new Set([
    ...Object.entries(commonFlags).flatMap(([long, f]) => [
      `--${long}`,
      ...('short' in f ? [`-${f.short}`] : []),
    ]),
    ...commands.flatMap((c) => Object.keys(c.flags).map((f) => `--${f}`)),
    '-f',
    '--file',
    '--',
    '-',
    '--=',
    '---x',
    '--frob',
    '-nn',
    '--verbose=false',
  ]),
];

const controls = ['\x1b[2J', '\x00', '\r', '\x07', '\u202e', '\x1b]0;owned\x07', '\n', '\t'];
const metas = [
  '$(id)',
  '`id`',
  ';rm -rf /',
  '| cat',
  '&& true',
  '> /tmp/x',
  "'",
  '"',
  '\\',
  '*',
  '~',
  '$HOME',
];
const unicode = ['ñame', 'ポッド', '🙂', 'e\u0301', 'ﬁle', '\ud800', 'İstanbul', 'ǅ'];

function word(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-./_:';
  return Array.from({ length: 1 + Math.floor(random() * 20) }, () => pick([...alphabet])).join('');
}

function value(): string {
  const r = random();
  if (r < 0.3) return pick(Object.values(hostile));
  if (r < 0.35)
    return pick(['/dev/zero', '/dev/urandom', '/dev/null', '/', '/proc/self', '/etc/passwd', 'demo', '.']);
  if (r < 0.45) return pick(controls) + word() + pick(controls);
  if (r < 0.55) return pick(metas) + word();
  if (r < 0.62) return pick(unicode) + word();
  if (r < 0.66) return 'a'.repeat(pick([64, 254, 4097, 9000]));
  if (r < 0.7) return '';
  if (r < 0.8)
    return pick([
      'productpage-v1-6b746f74dc-9stvs',
      'bookinfo',
      'deploy/web',
      'svc/x',
      'ns/y',
      'app/z',
      'a/b/c',
    ]);
  return word();
}

const proxyCommands = commands.filter((c) => 'file' in c.flags).map((c) => c.name);
const fromCommands = commands.filter((c) => c.common.includes('from')).map((c) => c.name);

/** Half the lists get past the parser: a command, a plausible target and a hostile input file. */
function readingList(): string[] {
  const args = chance(0.5)
    ? [pick(proxyCommands), ...(chance(0.3) ? [value()] : []), pick(['--file', '-f']), value()]
    : [
        pick(fromCommands),
        pick(['productpage-v1-6b746f74dc-9stvs', 'deploy/web', value()]),
        '--from',
        value(),
      ];
  if (chance(0.3)) args.push('-n', pick(['bookinfo', 'shop', value()]));
  if (chance(0.3)) args.push('-o', pick(['json', 'text']));
  return args;
}

/** One argument list: mostly a real command, then flags (with values or not) and positionals. */
function argumentList(): string[] {
  if (chance(0.5)) return readingList().filter((a) => a !== '-');
  const args: string[] = [];
  if (chance(0.85)) args.push(pick(commands).name);
  else if (chance(0.5)) args.push(value());
  const n = Math.floor(random() * 7);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.55) {
      const flag = pick(flagNames);
      if (flag === '--save-evidence') args.push(flag, join(dir, `saved-${Math.floor(random() * 5)}.json`));
      else if (chance(0.2)) args.push(`${flag}=${value()}`);
      else if (chance(0.85)) args.push(flag, value());
      else args.push(flag);
    } else args.push(value());
  }
  return args.filter((a) => !a.startsWith('--save-evidence=')).filter((a) => a !== '-'); // stdin: not in tests
}

function describeCase(args: readonly string[]): string {
  return JSON.stringify(args.map((a) => (a.length > 80 ? `${a.slice(0, 40)}…(${a.length} chars)` : a)));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function jsonErrorMessage(text: string): string {
  try {
    return String((JSON.parse(text) as { error?: { message?: unknown } }).error?.message ?? '');
  } catch {
    return '';
  }
}

/** What every answer must be: a known exit code, no stack trace, a specific message. */
function problemsOf(r: { code: number; stdout: string; stderr: string }): string[] {
  const problems: string[] = [];
  if (![0, 1, 2].includes(r.code)) problems.push(`exit code ${r.code}`);
  if (stackTraceLine.test(r.stdout) || stackTraceLine.test(r.stderr)) problems.push('a stack trace');
  if (r.code === 0 && r.stdout.trim() === '') problems.push('exit 0 with no output');
  if (r.code !== 0) {
    // The message, up to its hint; an argument echoed in it may hold a line break of its own.
    const first = r.stderr.startsWith('{') ? `error: ${jsonErrorMessage(r.stderr)}` : r.stderr;
    if (!/^error: \S[\s\S]{9,}/.test(first))
      problems.push(`no specific message (${JSON.stringify(first.slice(0, 80))})`);
    if (/internal error/.test(first)) problems.push('an internal error');
  }
  return problems;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshdoc-fuzz-'));
  hostile = writeHostileFiles(dir, seed);
  console.log(`meshdoc fuzz: seed ${seed} (MESHDOC_FUZZ_SEED), files in ${dir}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzz', () => {
  it(`the CLI entry, ${inProcessCases} generated argument lists in-process`, {
    timeout: 120_000,
  }, async () => {
    const started = Date.now();
    const failures: string[] = [];
    const codes = [0, 0, 0];
    let echoedControls = 0;
    for (let i = 0; i < inProcessCases; i++) {
      const args = argumentList();
      const r = await cli(args);
      codes[r.code] = (codes[r.code] ?? 0) + 1;
      const problems = problemsOf(r);
      // Terminal safety: user-supplied control characters come back escaped, never raw.
      if (rawControl.test(r.stdout + r.stderr)) {
        echoedControls++;
        problems.push('echoes a raw control character');
      }
      if (problems.length > 0)
        failures.push(`case ${i} ${describeCase(args)}: ${problems.join(', ')}\n${r.stderr.slice(0, 400)}`);
    }
    console.log(
      `meshdoc fuzz: ${inProcessCases} CLI cases in ${Date.now() - started} ms (exit 0: ${codes[0]}, 1: ${codes[1]}, 2: ${codes[2]}); ${echoedControls} answers echo raw control characters`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it(`the console parser, ${consoleLines} generated lines`, { timeout: 60_000 }, async () => {
    const started = Date.now();
    const env = { HOME: '/nonexistent' };
    const ctx = buildCommandContext(parseConfig(env), { env });
    const lines = Array.from({ length: consoleLines }, () => {
      const args = argumentList().map((a) => a.replace(/[\r\n]/g, ' '));
      const line = args.join(' ');
      return chance(0.3) ? `/mesh ${line}` : line;
    });
    const input = new PassThrough();
    let out = '';
    const done = runConsole(
      commands,
      ctx,
      { input, write: (s) => (out += s), color: false, interactive: false },
      'fuzz',
    );
    input.end(`${lines.join('\n')}\n`);
    await done;
    console.log(`meshdoc fuzz: ${consoleLines} console lines in ${Date.now() - started} ms`);
    expect(out).not.toMatch(stackTraceLine);
    expect(out).not.toMatch(/internal error/);
  });

  it(`the CLI process, ${childCases} generated argument lists with a 512 MiB heap`, {
    timeout: 120_000,
  }, async () => {
    const started = Date.now();
    const failures: string[] = [];
    const lists = [
      ['listeners', '--file', hostile['deep.json'] as string],
      ['why-not-injected', 'web', '--from', hostile['huge-line.yaml'] as string],
      // A process's arguments cannot hold NUL bytes.
      ...Array.from({ length: childCases - 2 }, () => argumentList().map((a) => a.replaceAll('\0', ''))),
    ];
    for (const args of lists) {
      const r = await cliChild(args);
      const problems = problemsOf(r);
      if (r.peakRssBytes !== undefined && r.peakRssBytes > 1024 * 1024 * 1024)
        problems.push(`peak RSS ${Math.round(r.peakRssBytes / 1048576)} MiB`);
      if (problems.length > 0)
        failures.push(`${describeCase(args)}: ${problems.join(', ')}\n${r.stderr.slice(0, 400)}`);
    }
    console.log(`meshdoc fuzz: ${lists.length} CLI process cases in ${Date.now() - started} ms`);
    expect(failures).toEqual([]);
  });
});
