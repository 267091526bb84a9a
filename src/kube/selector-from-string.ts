import type { LabelSelector } from '../schemas/kube.ts';

/** Parses the equality-based label selector strings meshdoc itself builds (`a=b,c=d`). */
export function selectorFromString(selector: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  for (const part of selector.split(',').filter(Boolean)) {
    const [key, value] = part.split('=');
    if (key) matchLabels[key.trim()] = (value ?? '').trim();
  }
  return { matchLabels };
}
