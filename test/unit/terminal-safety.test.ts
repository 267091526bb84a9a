import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.ts';
import { escapeControl, renderText } from '../../src/renderers/text.ts';
import { cli } from '../helpers/run-cli.ts';

// Issue 9: control characters in user-supplied text are escaped in text output, so
// `meshdoc why-not-injected $'\e[2J'` cannot clear the terminal.

const esc = '\u001b';

describe('escapeControl', () => {
  it('shows C0, DEL and C1 characters as visible \\x escapes; keeps newlines unless one-line', () => {
    expect(escapeControl(`${esc}[2J\u0007a\tb\rc\u007f\u009bd`)).toBe(
      '\\x1b[2J\\x07a\\x09b\\x0dc\\x7f\\x9bd',
    );
    expect(escapeControl('line 1\nline 2')).toBe('line 1\nline 2');
    expect(escapeControl('line 1\nline 2', 'one-line')).toBe('line 1\\x0aline 2');
    expect(escapeControl('plain — ünïcode ✔')).toBe('plain — ünïcode ✔');
  });

  it('shows bidirectional controls and line separators as \\u escapes (Trojan Source)', () => {
    expect(escapeControl('web-\u202egpj.exe\u202c-1\u2066x\u2069\u200f\u061c\u2028')).toBe(
      'web-\\u202egpj.exe\\u202c-1\\u2066x\\u2069\\u200f\\u061c\\u2028',
    );
    // Right-to-left text itself is not a control and is left alone.
    expect(escapeControl('שלום')).toBe('שלום');
  });
});

describe('the CLI echoes no control character', () => {
  it('an argument containing ESC[2J comes back escaped in the error output', async () => {
    const out = await cli(['why-not-injected', `${esc}[2Jboom`, '-n', 'bookinfo']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('\\x1b[2Jboom');
    expect(out.stderr).not.toContain(esc);
  });

  it('a pod name with U+202E comes back with it escaped', async () => {
    const out = await cli(['why-not-injected', 'web-\u202e1-dop', '-n', 'bookinfo']);
    expect(out.stderr).toContain('\\u202e');
    expect(out.stderr).not.toContain('\u202e');
  });

  it('an unknown command word with control characters, too', async () => {
    const out = await cli([`${esc}]0;pwned\u0007`]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('\\x1b]0;pwned\\x07');
    expect(escapeControl(out.stderr)).toBe(out.stderr);
  });

  it('in a report, data from the cluster is escaped and the renderer keeps its own colours', () => {
    const report: Report = {
      command: 'why-not-injected',
      cluster: `prod${esc}[2J`,
      target: 'shop/cart-1',
      headline: `evil ${esc}[31mred`,
      sections: [
        { kind: 'table', title: 'T', columns: ['A'], rows: [[`x${esc}y`]] },
        { kind: 'text', title: 'Text', text: `one\ntwo${esc}` },
      ],
      notes: [],
      attachments: [],
    };
    const plain = renderText(report);
    expect(plain).not.toContain(esc);
    expect(plain).toContain('cluster: prod\\x1b[2J');
    expect(plain).toContain('  one\n  two\\x1b');
    const colored = renderText(report, { color: true });
    expect(colored.startsWith(`${esc}[1mevil \\x1b[31mred${esc}[0m`)).toBe(true);
  });
});
