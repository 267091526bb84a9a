import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MeshdocError } from '../../../src/errors.ts';
import { writeOutputFile } from '../../../src/gatherers/files/write-output-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshdoc-output-'));
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);

async function failure(path: string): Promise<MeshdocError> {
  const error = await writeOutputFile(path, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MeshdocError)) throw new Error(`expected a MeshdocError, got ${String(error)}`);
  return error;
}

describe('writeOutputFile (--chart FILE)', () => {
  it('writes the bytes as given, replacing a file already there', async () => {
    const path = join(dir, 'chart.png');
    writeFileSync(path, 'old and longer content');
    await writeOutputFile(path, bytes);
    expect([...readFileSync(path)]).toEqual([...bytes]);
  });

  it('refuses a directory', async () => {
    const error = await failure(dir);
    expect(error.code).toBe('bad_input_file');
    expect(error.userMessage).toBe(`--chart ${dir} is a directory, not a file to write.`);
  });

  it('says when the folder does not exist, or a part of the path is a file', async () => {
    expect((await failure(join(dir, 'missing', 'chart.png'))).userMessage).toBe(
      `--chart ${join(dir, 'missing', 'chart.png')} cannot be written: the folder ${join(dir, 'missing')} does not exist.`,
    );
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect((await failure(join(file, 'chart.png'))).userMessage).toMatch(/part of the path is a file/);
  });

  it('says when writing is not allowed (EACCES from the file system, as root sees it nowhere)', async () => {
    const real = process.getBuiltinModule.bind(process);
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const spy = vi
      .spyOn(process, 'getBuiltinModule')
      .mockImplementation(((id: string) =>
        id === 'node:fs/promises'
          ? { ...real('node:fs/promises'), writeFile: () => Promise.reject(denied) }
          : real(id)) as typeof process.getBuiltinModule);
    try {
      const error = await failure(join(dir, 'chart.png'));
      expect(error.userMessage).toBe(
        `--chart ${join(dir, 'chart.png')} cannot be written: permission denied (the file or the folder ${dir}).`,
      );
      expect(error.cause).toBe(denied);
    } finally {
      spy.mockRestore();
    }
  });

  it('names another flag when given one, and refuses an empty path', async () => {
    const error = await writeOutputFile(dir, bytes, { flag: '--out' }).catch((e: MeshdocError) => e);
    expect((error as MeshdocError).userMessage).toMatch(/^--out /);
    expect((await failure('')).userMessage).toMatch(/is empty/);
  });
});
