//go:build crds

package main

// The API types that controller-gen turns into the ServiceMonitor, PodMonitor and PrometheusRule CRDs
// (deploy/check.sh runs it on this package's module); the build tag keeps them out of the binary.
import _ "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
