// `npm run bench`: every benchmark, printed as figures (targets are reported, not asserted).
import { main as injectionRequests } from './injection-requests.ts';
import { main as realApiserver } from './real-apiserver.ts';
import { formatFigures, main as slackAck } from './slack-ack.ts';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want('slack')) {
  console.log(
    '\n== Slack: ack and answer latency, 50 concurrent /mesh commands, Kubernetes API answering in 1.5 s ==',
  );
  console.log(formatFigures(await slackAck()));
}
if (want('requests')) {
  console.log(
    '\n== why-not-injected over HTTP (LiveKubeReader against a local API stand-in): API requests and latency ==',
  );
  console.table(await injectionRequests());
}
if (want('apiserver')) {
  console.log(
    '\n== why-not-injected against a real kube-apiserver + istiod (scripts/build-cluster): 50 vs 5,000 pods in 200 namespaces ==',
  );
  console.table(await realApiserver());
}
if (want('tls-check')) {
  console.log(
    '\n== tls-check against a real kube-apiserver: 1 vs 2,000 DestinationRules and 1 vs 500 PeerAuthentications in 200 namespaces (goal: p50 < 300 ms, same reads) ==',
  );
  const { main: tlsCheck } = await import('./tls-check.ts');
  console.table(await tlsCheck());
}
if (want('labels')) {
  console.log(
    '\n== labels against a real kube-apiserver: a small cluster vs 5,000 pods, 1,000 Services and 1,000 DestinationRules in 200 namespaces (goal: p50 < 500 ms, same reads) ==',
  );
  const { main: labels } = await import('./labels.ts');
  console.table(await labels());
}
if (want('canary')) {
  console.log(
    '\n== canary status against a real kube-apiserver and Prometheus (mesh-traffic stand-in): plain Istio and Flagger, 2,000 vs 5,000 pods in 100 namespaces; p50/p99 of 30 after 3 warm-ups (goal: p50 < 1 s, same requests) ==',
  );
  const { main: canary, printCanary } = await import('./canary.ts');
  printCanary(await canary());
}
if (want('analyze')) {
  console.log(
    '\n== analyze --from Bookinfo: meshdoc (whole CLI) vs istioctl analyze --use-kube=false alone, medians of 9 ==',
  );
  const { main: analyze } = await import('./analyze.ts');
  console.table([await analyze()]);
}
if (want('config-dump')) {
  console.log('\n== Config dump: 100 MB synthetic dump, listeners table and summary vs istioctl ==');
  const { main: configDump } = await import('./config-dump.ts');
  await configDump();
}
if (want('live-dump')) {
  console.log(
    '\n== Live config dump: 100 MB through the real kube-apiserver pods/portforward and kwok, meshdoc CLI end to end ==',
  );
  const { main: liveDump } = await import('./live-dump.ts');
  console.table(await liveDump());
}
if (want('cli-start')) {
  console.log(
    '\n== CLI start: help and listeners --file (small dump), live why-not-injected vs istioctl x check-inject; medians of 7 (live: of 15) ==',
  );
  const { main: cliStart } = await import('./cli-start.ts');
  await cliStart();
}
