// node:fs without its ESM facade, as every module a CLI start evaluates (open-reader.ts says why).
const { closeSync, fstatSync, openSync, readSync } = process.getBuiltinModule('node:fs');

/**
 * A small configuration file (a kubeconfig, a certificate, a token) as text, read with a byte cap
 * while reading: a device or an endless pipe named by mistake (KUBECONFIG=/dev/zero) cannot
 * exhaust memory. Regular files and FIFOs (`KUBECONFIG=<(…)`) only. Returns why not, in words
 * that complete "<file> …", instead of throwing, so each caller says whose file it was.
 */
export function readSmallFile(path: string, maxBytes: number): { text: string } | { why: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { why: 'does not exist' };
    return {
      why:
        code === 'EACCES'
          ? 'cannot be read (permission denied)'
          : `cannot be opened (${code ?? 'I/O error'})`,
    };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { why: 'is a directory' };
    if (!info.isFile() && !info.isFIFO()) return { why: 'is a device or socket, not a file' };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { why: `is larger than ${Math.round(maxBytes / 1024)} KiB` };
      chunks.push(chunk.subarray(0, n));
    }
    const bytes = Buffer.concat(chunks, total);
    if (bytes.includes(0)) return { why: 'is a binary file' };
    return { text: bytes.toString('utf8') };
  } catch (error) {
    return { why: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'I/O error'})` };
  } finally {
    closeSync(fd);
  }
}
