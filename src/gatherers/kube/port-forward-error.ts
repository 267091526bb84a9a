// Its own module, without ws: code that only recognises the error (the live dump source) must not
// load the WebSocket client for `help` or `--file` (test/unit/lazy-imports.test.ts).

export type PodPort = { namespace: string; pod: string; port: number };

/** The kubelet could not connect to the port inside the pod (its error-channel message). */
export class PortForwardError extends Error {
  readonly target: PodPort;
  readonly kubeletMessage: string;
  constructor(target: PodPort, kubeletMessage: string) {
    super(`port-forward to ${target.namespace}/${target.pod}:${target.port} failed: ${kubeletMessage}`);
    this.name = 'PortForwardError';
    this.target = target;
    this.kubeletMessage = kubeletMessage;
  }
}
