// xdsdump connects to istiod as one pod's sidecar would (Istio's own ADS client, pkg/adsc), takes
// the clusters, listeners, routes and endpoints istiod generates for that pod, and writes them as
// an Envoy admin /config_dump (with EDS, as `config_dump?include_eds`). meshdoc's integration
// tests use it as the judge of tls-check and serve the dump from the pod's stand-in Envoy admin.
//
//	xdsdump -xds 127.0.0.1:15010 -pod reviews-v1-x -namespace bookinfo -ip 10.0.0.5 \
//	  -labels '{"app":"reviews"}' -out dump.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	admin "github.com/envoyproxy/go-control-plane/envoy/admin/v3"
	bootstrap "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"

	v3 "istio.io/istio/pilot/pkg/xds/v3"
	"istio.io/istio/pkg/adsc"
	_ "istio.io/istio/pkg/config/xds" // registers Envoy's extension types, so protojson can print every Any
)

func main() {
	addr := flag.String("xds", "", "istiod's plaintext xDS address (pilot-discovery --grpcAddr)")
	pod := flag.String("pod", "", "pod name")
	namespace := flag.String("namespace", "default", "pod namespace")
	ip := flag.String("ip", "", "pod IP (istiod finds the pod's Services by it)")
	labels := flag.String("labels", "{}", "pod labels, as a JSON object")
	serviceAccount := flag.String("service-account", "default", "pod service account")
	out := flag.String("out", "", "where to write the config dump (default: stdout)")
	timeout := flag.Duration("timeout", 20*time.Second, "how long to wait for istiod's answer")
	version := flag.Bool("version", false, "print the Istio version this was built with, and exit")
	flag.Parse()
	if *version {
		fmt.Println("xdsdump (Istio's pkg/adsc) for Istio 1.28.2")
		return
	}
	if err := run(*addr, *pod, *namespace, *ip, *labels, *serviceAccount, *out, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "xdsdump:", err)
		os.Exit(1)
	}
}

func run(addr, pod, namespace, ip, labelsJSON, serviceAccount, out string, timeout time.Duration) error {
	if addr == "" || pod == "" || ip == "" {
		return fmt.Errorf("-xds, -pod and -ip are required")
	}
	labels := map[string]any{}
	if err := json.Unmarshal([]byte(labelsJSON), &labels); err != nil {
		return fmt.Errorf("-labels: %v", err)
	}
	// What istio-agent sends in a sidecar's node metadata, as far as istiod's config for it depends on it.
	meta, err := structpb.NewStruct(map[string]any{
		"NAMESPACE":         namespace,
		"NAME":              pod,
		"LABELS":            labels,
		"INSTANCE_IPS":      ip,
		"SERVICE_ACCOUNT":   serviceAccount,
		"CLUSTER_ID":        "Kubernetes",
		"MESH_ID":           "cluster.local",
		"ISTIO_VERSION":     "1.28.2",
		"INTERCEPTION_MODE": "REDIRECT",
		"WORKLOAD_NAME":     pod,
	})
	if err != nil {
		return err
	}
	client, err := adsc.New(addr, &adsc.ADSConfig{
		Config: adsc.Config{Namespace: namespace, Workload: pod, IP: ip, Meta: meta},
		InitialDiscoveryRequests: []*discovery.DiscoveryRequest{
			{TypeUrl: v3.ClusterType},
			{TypeUrl: v3.ListenerType},
		},
	})
	if err != nil {
		return fmt.Errorf("connecting to %s: %v", addr, err)
	}
	defer client.Close()
	if err := client.Run(); err != nil {
		return fmt.Errorf("starting the ADS stream: %v", err)
	}
	if err := waitForConfig(client, timeout); err != nil {
		return err
	}
	dump, err := configDump(client, pod, namespace, ip, meta)
	if err != nil {
		return err
	}
	text, err := protojson.MarshalOptions{Multiline: true, Indent: "  ", UseProtoNames: true}.Marshal(dump)
	if err != nil {
		return err
	}
	if out == "" {
		_, err = os.Stdout.Write(text)
		return err
	}
	return os.WriteFile(out, text, 0o644)
}

// waitForConfig waits for CDS and LDS, then for the EDS and RDS they ask for, until istiod has
// been quiet for a moment (the client acks each response and requests what it references).
func waitForConfig(client *adsc.ADSC, timeout time.Duration) error {
	deadline := time.After(timeout)
	seen := map[string]bool{}
	quiet := time.NewTimer(time.Hour)
	for {
		select {
		case update := <-client.Updates:
			if update == "" {
				return fmt.Errorf("istiod closed the stream")
			}
			seen[update] = true
			if seen[v3.ClusterType] && seen[v3.ListenerType] {
				quiet.Reset(500 * time.Millisecond)
			}
		case <-quiet.C:
			return nil
		case <-deadline:
			return fmt.Errorf("istiod sent %v within %s, not clusters and listeners", keys(seen), timeout)
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func configDump(client *adsc.ADSC, pod, namespace, ip string, meta *structpb.Struct) (*admin.ConfigDump, error) {
	node := &core.Node{
		Id:       fmt.Sprintf("sidecar~%s~%s.%s~%s.svc.cluster.local", ip, pod, namespace, namespace),
		Cluster:  pod + "." + namespace,
		Metadata: meta,
	}
	boot, err := anypb.New(&admin.BootstrapConfigDump{Bootstrap: &bootstrap.Bootstrap{Node: node}})
	if err != nil {
		return nil, err
	}
	resources := func(typeURL string) []*anypb.Any {
		if r := client.Received[typeURL]; r != nil {
			return r.Resources
		}
		return nil
	}
	clusters := &admin.ClustersConfigDump{}
	for _, r := range resources(v3.ClusterType) {
		clusters.DynamicActiveClusters = append(clusters.DynamicActiveClusters, &admin.ClustersConfigDump_DynamicCluster{Cluster: r})
	}
	listeners := &admin.ListenersConfigDump{}
	for _, r := range resources(v3.ListenerType) {
		name, err := resourceName(r)
		if err != nil {
			return nil, err
		}
		listeners.DynamicListeners = append(listeners.DynamicListeners, &admin.ListenersConfigDump_DynamicListener{
			Name:        name,
			ActiveState: &admin.ListenersConfigDump_DynamicListenerState{Listener: r},
		})
	}
	routes := &admin.RoutesConfigDump{}
	for _, r := range resources(v3.RouteType) {
		routes.DynamicRouteConfigs = append(routes.DynamicRouteConfigs, &admin.RoutesConfigDump_DynamicRouteConfig{RouteConfig: r})
	}
	endpoints := &admin.EndpointsConfigDump{}
	for _, r := range resources(v3.EndpointType) {
		endpoints.DynamicEndpointConfigs = append(endpoints.DynamicEndpointConfigs, &admin.EndpointsConfigDump_DynamicEndpointConfig{EndpointConfig: r})
	}
	dump := &admin.ConfigDump{Configs: []*anypb.Any{boot}}
	for _, m := range []proto.Message{clusters, listeners, routes, endpoints} {
		a, err := anypb.New(m)
		if err != nil {
			return nil, err
		}
		dump.Configs = append(dump.Configs, a)
	}
	return dump, nil
}

// resourceName reads the name of a listener (the dump lists it beside the listener itself).
func resourceName(r *anypb.Any) (string, error) {
	m, err := r.UnmarshalNew()
	if err != nil {
		return "", err
	}
	if named, ok := m.(interface{ GetName() string }); ok {
		return named.GetName(), nil
	}
	return "", nil
}
