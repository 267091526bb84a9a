// analyzefiles runs every Istio analyzer on YAML files the way Istio's own analyzer test grid does
// (pkg/config/analysis/analyzers/analyzers_test.go: AddTestReaderKubeSource keeps Services, Pods and
// Namespaces, which `istioctl analyze --use-kube=false` drops), and prints the messages as the JSON
// `istioctl analyze -o json` prints. meshdoc's tests use it as the judge of `labels`.
//
//	analyzefiles file.yaml [file.yaml …]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"istio.io/istio/pkg/config/analysis"
	"istio.io/istio/pkg/config/analysis/analyzers"
	"istio.io/istio/pkg/config/analysis/local"
)

func main() {
	version := flag.Bool("version", false, "print the Istio version this was built with, and exit")
	flag.Parse()
	if *version {
		fmt.Println("analyzefiles (Istio's analyzers) for Istio 1.28.2")
		return
	}
	if err := run(flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "analyzefiles:", err)
		os.Exit(1)
	}
}

func run(paths []string) error {
	if len(paths) == 0 {
		return fmt.Errorf("name at least one YAML file")
	}
	sa := local.NewSourceAnalyzer(analysis.Combine("all", analyzers.All()...), "", "istio-system", nil)
	var sources []local.ReaderSource
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sources = append(sources, local.ReaderSource{Name: p, Reader: f})
	}
	if err := sa.AddTestReaderKubeSource(sources); err != nil {
		return fmt.Errorf("reading the files: %v", err)
	}
	if err := sa.AddDefaultResources(); err != nil {
		return fmt.Errorf("adding Istio's default resources: %v", err)
	}
	cancel := make(chan struct{})
	result, err := sa.Analyze(cancel)
	if err != nil {
		return fmt.Errorf("analyzing: %v", err)
	}
	out := make([]map[string]any, 0, len(result.Messages))
	for i := range result.Messages {
		out = append(out, result.Messages[i].Unstructured(true))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
