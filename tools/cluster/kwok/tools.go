//go:build tools

// Keeps sigs.k8s.io/kwok/cmd/kwok in the build list for go mod tidy.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
