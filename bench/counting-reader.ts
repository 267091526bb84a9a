import type { KubeReader } from '../src/kube/kube-reader.ts';

/** Counts reads: every KubeReader call is one get or one (paginated) list. */
export function counting(reader: KubeReader): { reader: KubeReader; count: () => number } {
  let n = 0;
  const proxy = new Proxy(reader, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      // rejected() reports what lists left out; it reads nothing.
      if (prop === 'rejected') return value.bind(target);
      return (...args: unknown[]) => {
        n++;
        return value.apply(target, args);
      };
    },
  });
  return { reader: proxy, count: () => n };
}
