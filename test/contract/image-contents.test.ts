import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The image ships what the bot runs and nothing else: test helpers, benchmarks and scripts stay out
// (the synthetic dump generator used to ship inside src/ for that reason).
describe('Dockerfile', () => {
  it('copies no test, bench or scripts folder into the image', () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const copies = dockerfile.split('\n').filter((line) => /^\s*COPY\s/i.test(line));
    expect(copies.length).toBeGreaterThan(0);
    // A named test/bench/scripts source, or the whole build context (`COPY . .`).
    const shipped = copies.filter(
      (line) =>
        /(^|[\s./])(test|bench|scripts)(\/|\s|$)/.test(line) || /^\s*COPY\s+(--\S+\s+)*\.\/?\s/i.test(line),
    );
    expect(shipped).toEqual([]);
  });
});
