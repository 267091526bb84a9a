import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.ts';
import { renderText } from '../../src/renderers/text.ts';

const finding = {
  code: 'MESH0101',
  cause: 'namespace-not-enabled',
  severity: 'error' as const,
  subject: { kind: 'Namespace', name: 'shop' },
  message: 'Namespace shop is not enabled for injection.',
  facts: [{ label: 'namespace label istio-injection', value: '(absent)' }],
  fix: { text: 'Label it.', command: 'kubectl label namespace shop istio-injection=enabled' },
};

const report: Report = {
  command: 'why-not-injected',
  cluster: 'prod',
  target: 'shop/cart-1',
  verdict: 'not-injected',
  verdictLabel: 'Not injected',
  headline: finding.message,
  sections: [{ kind: 'findings', title: 'Findings', findings: [finding] }],
  notes: [],
  attachments: [],
};

describe('renderText', () => {
  it('says the answer once; the finding it quotes adds only its evidence and fix', () => {
    const text = renderText(report);
    expect(text.split('\n')[0]).toBe('Not injected: Namespace shop is not enabled for injection.');
    expect(text.split('Namespace shop is not enabled for injection.').length - 1).toBe(1);
    expect(text).toContain(
      '  ✘ [MESH0101 namespace-not-enabled]\n      namespace label istio-injection: (absent)',
    );
    expect(text).toContain('kubectl label namespace shop istio-injection=enabled');
  });

  it('keeps a finding message that says something else', () => {
    const other = { ...report, headline: 'Something else decided it.' };
    expect(renderText(other)).toContain('✘ Namespace shop is not enabled for injection. [MESH0101');
  });
});
