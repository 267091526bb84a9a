import type * as z from 'zod';
import { badDump, dumpHowTo } from './bad-dump.ts';
import { indexJsonDocument, type SectionSpan, shortType } from './index-json-document.ts';

export const sectionTypeUrls = {
  bootstrap: 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
  clusters: 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
  listeners: 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
  endpoints: 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
  routes: 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
  scopedRoutes: 'type.googleapis.com/envoy.admin.v3.ScopedRoutesConfigDump',
  secrets: 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
  ecds: 'type.googleapis.com/envoy.admin.v3.EcdsConfigDump',
} as const;
export type SectionName = keyof typeof sectionTypeUrls;

/**
 * A config dump held as raw bytes plus the position of each section. Sections are parsed on demand
 * and not cached, so a caller that walks all of them holds at most one parsed section at a time.
 */
export type ConfigDump = {
  /** `clusters` = Envoy's /clusters?format=json, which only the endpoints table can use. */
  readonly format: 'config_dump' | 'clusters';
  /** Where it came from: a file path or `<namespace>/<pod>`. */
  readonly source: string;
  readonly buffer: Buffer;
  readonly sections: readonly SectionSpan[];
};

/** Something in the dump meshdoc skipped because it did not have the expected shape. */
export type DumpProblem = { where: string; message: string };

/** Checks the bytes are a config dump (or /clusters output) and indexes them; throws bad_input_file. */
export function openConfigDump(buffer: Buffer, source: string): ConfigDump {
  const doc = indexJsonDocument(buffer);
  switch (doc.shape) {
    case 'config_dump':
      return { format: 'config_dump', source, buffer, sections: doc.sections };
    case 'clusters':
      return { format: 'clusters', source, buffer, sections: [] };
    case 'array':
      throw badDump(
        'This is a JSON list, not an Envoy config dump: `istioctl proxy-config <type> -o json` prints such lists of single resources.',
      );
    case 'object': {
      const keys = doc.keys.slice(0, 6).map((k) => `"${k.slice(0, 30)}"`);
      const kube = doc.keys.includes('apiVersion') && doc.keys.includes('kind');
      throw badDump(
        kube
          ? 'This is a Kubernetes object, not an Envoy config dump (no top-level "configs" list).'
          : `This JSON is not an Envoy config dump: it has no top-level "configs" list${keys.length > 0 ? ` (its keys: ${keys.join(', ')})` : ''}.`,
      );
    }
  }
}

export function hasSection(dump: ConfigDump, name: SectionName): boolean {
  return dump.sections.some((s) => s.typeUrl === sectionTypeUrls[name]);
}

/** The last section of that type (Envoy writes one; istioctl also takes the last). */
export function findSection(dump: ConfigDump, name: SectionName): SectionSpan | undefined {
  const spans = dump.sections.filter((s) => s.typeUrl === sectionTypeUrls[name]);
  const span = spans[spans.length - 1];
  if (span) rejectCamelCase([...span.members.keys()]);
  return span;
}

export function findSections(dump: ConfigDump, name: SectionName): SectionSpan[] {
  return dump.sections.filter((s) => s.typeUrl === sectionTypeUrls[name]);
}

/** A whole section, parsed: for small sections (bootstrap); big ones are read resource by resource. */
export function sectionJson(dump: ConfigDump, name: SectionName): Record<string, unknown> | undefined {
  const span = findSection(dump, name);
  return span
    ? (parseJson(dump, span.start, span.end, `configs[${span.index}] (${shortType(span.typeUrl)})`) as Record<
        string,
        unknown
      >)
    : undefined;
}

/** A parsed resource and where it sits, for messages (`dynamic_listeners[3]`). */
export type Resource = { value: unknown; where: string; notAList?: boolean };

/**
 * The elements of a list member of a section (e.g. `dynamic_active_clusters`), parsed one at a time
 * from their indexed byte spans, so callers can stream through 50 MB of clusters holding one at a time.
 */
export function* resources(dump: ConfigDump, section: SectionSpan, key: string): Generator<Resource> {
  const member = section.members.get(key);
  if (!member) return;
  if (!member.elements || member.scalarElements) {
    // Not a list of objects: hand over the parsed value and let the schema say what is wrong.
    const value = parseJson(dump, member.start, member.end, `${key} in configs[${section.index}]`);
    if (!Array.isArray(value)) yield { value, where: key, notAList: value !== null };
    else for (let i = 0; i < value.length; i++) yield { value: value[i], where: `${key}[${i}]` };
    return;
  }
  const spans = member.elements;
  for (let i = 0; i < spans.length; i += 2) {
    const where = `${key}[${i / 2}]`;
    yield {
      value: parseJson(
        dump,
        spans[i] as number,
        spans[i + 1] as number,
        `${where} in configs[${section.index}]`,
      ),
      where,
    };
  }
}

function parseJson(dump: ConfigDump, start: number, end: number, where: string): unknown {
  try {
    return JSON.parse(dump.buffer.toString('utf8', start, end));
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 160) : 'syntax error';
    throw badDump(`${where} of the dump is not valid JSON: ${detail}.`);
  }
}

// istioctl's own `-o json` output and protojson defaults use camelCase; Envoy's admin API never does.
function rejectCamelCase(keys: readonly string[]): void {
  const camel = keys.find((k) => k !== '@type' && /[A-Z]/.test(k));
  if (camel) {
    throw badDump(
      `This dump uses camelCase field names ("${camel.slice(0, 40)}"), as protojson tools print them; meshdoc reads Envoy's own /config_dump output, which uses snake_case.`,
      `Take the dump from Envoy's admin API: ${dumpHowTo}`,
    );
  }
}

/**
 * Validates each resource on its own, so one odd resource costs a note rather than the whole answer.
 * A member that is not a list becomes a problem, not an exception.
 */
export function parseEach<T>(items: Iterable<Resource>, schema: z.ZodType<T>, problems: DumpProblem[]): T[] {
  const out: T[] = [];
  forEachValid(items, schema, problems, (item) => out.push(item));
  return out;
}

/** Streaming form of parseEach: nothing is kept unless `visit` keeps it. */
export function forEachValid<T>(
  items: Iterable<Resource>,
  schema: z.ZodType<T>,
  problems: DumpProblem[],
  visit: (item: T) => void,
): void {
  for (const { value, where, notAList } of items) {
    if (notAList) problems.push({ where, message: 'is not a list' });
    if (notAList || value === null || value === undefined) continue;
    const result = schema.safeParse(value);
    if (result.success) visit(result.data);
    else problems.push({ where, message: describeIssue(result.error) });
  }
}

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'has an unexpected shape';
  const path = issue.path.map(String).join('.');
  return `${path ? `${path}: ` : ''}${issue.message}`;
}
