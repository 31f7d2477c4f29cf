// Command manifestcheck prepares the JSON schemas that kubeconform validates deploy/ against, and checks what a
// schema cannot see: that the rendered manifests of an overlay refer to each other correctly and hold every Kafka
// topic of the contracts. deploy/check.sh drives it; see deploy/README.md.
//
//	manifestcheck k8s-schemas -wheel kubernetes_validate.whl -version v1.33.0 -out DIR
//	manifestcheck crd2schema -out DIR crd.yaml...
//	manifestcheck policy -topics Topics.java [-external-secrets a,b] rendered.yaml
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "k8s-schemas":
		err = runK8sSchemas(os.Args[2:])
	case "crd2schema":
		err = runCrd2Schema(os.Args[2:])
	case "policy":
		err = runPolicy(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "manifestcheck:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: manifestcheck k8s-schemas|crd2schema|policy [flags] files...")
	os.Exit(2)
}
