import type { ConfigDump, SectionName } from './config-dump.ts';

/** What a command will read, so a live source can ask Envoy for only that (`?mask=…`, `include_eds`). */
export type DumpRequest = {
  sections: readonly SectionName[];
  /** EDS is not in a plain /config_dump; the endpoints table and the summary need it. */
  includeEds: boolean;
};

/**
 * Where a config dump comes from. The file source exists today; a live source (port-forward through
 * the apiserver to the pod's Envoy admin port 15000, `GET /config_dump?include_eds`) plugs in behind
 * the same interface, so commands and summaries never know which one they got.
 */
export interface DumpSource {
  /** For report headers: `files:<path>` or the kube context. */
  readonly cluster: string;
  /** What the dump is about: `<namespace>/<pod>` or the file name. */
  readonly target: string;
  load(request: DumpRequest): Promise<ConfigDump>;
}
