package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// runK8sSchemas copies the strict JSON schemas of one Kubernetes version out of the kubernetes-validate wheel
// (PyPI). Each declares an https://kubernetes.io/... $id and refers to "/api/_definitions.json" under it, which
// kubeconform would fetch over the network; without the $id and with a relative reference it reads the
// definitions next to the schema file instead.
func runK8sSchemas(args []string) error {
	fs := flag.NewFlagSet("k8s-schemas", flag.ExitOnError)
	wheel := fs.String("wheel", "", "kubernetes_validate-*.whl")
	version := fs.String("version", "", "Kubernetes version, e.g. v1.33.0")
	out := fs.String("out", "", "directory to write the schemas to")
	_ = fs.Parse(args)
	if *wheel == "" || *version == "" || *out == "" {
		return errors.New("k8s-schemas needs -wheel, -version and -out")
	}
	zr, err := zip.OpenReader(*wheel)
	if err != nil {
		return err
	}
	defer zr.Close()
	prefix := "kubernetes_validate/kubernetes-json-schema/" + *version + "-local-strict/"
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	written := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, prefix) || !strings.HasSuffix(f.Name, ".json") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		data = bytes.ReplaceAll(data, []byte(`"/api/_definitions.json#`), []byte(`"_definitions.json#`))
		var schema map[string]any
		if err := json.Unmarshal(data, &schema); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		delete(schema, "$id")
		if data, err = json.Marshal(schema); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*out, strings.TrimPrefix(f.Name, prefix)), data, 0o644); err != nil {
			return err
		}
		written++
	}
	if written == 0 {
		return fmt.Errorf("no schemas for %s in %s (looked under %s)", *version, *wheel, prefix)
	}
	fmt.Printf("k8s-schemas: %d schemas of Kubernetes %s in %s\n", written, *version, *out)
	return nil
}

// runCrd2Schema turns CustomResourceDefinitions (YAML or JSON, several per file) into one JSON schema per served
// version, named <group>/<kind>_<version>.json as kubeconform's schema-location template expects. The schemas are
// strict like the Kubernetes ones: an object that lists its properties accepts no others (unless the CRD says
// x-kubernetes-preserve-unknown-fields), so a misspelt field fails.
func runCrd2Schema(args []string) error {
	fs := flag.NewFlagSet("crd2schema", flag.ExitOnError)
	out := fs.String("out", "", "directory to write <group>/<kind>_<version>.json to")
	_ = fs.Parse(args)
	if *out == "" || fs.NArg() == 0 {
		return errors.New("crd2schema needs -out and at least one CRD file")
	}
	count := 0
	for _, file := range fs.Args() {
		docs, err := readDocuments(file)
		if err != nil {
			return err
		}
		for _, doc := range docs {
			if doc["kind"] != "CustomResourceDefinition" {
				continue
			}
			n, err := writeCrdSchemas(doc, *out)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			count += n
		}
	}
	if count == 0 {
		return errors.New("no CustomResourceDefinition with a schema in the given files")
	}
	fmt.Printf("crd2schema: %d schemas in %s\n", count, *out)
	return nil
}

func writeCrdSchemas(crd map[string]any, out string) (int, error) {
	spec := asMap(crd["spec"])
	group, _ := spec["group"].(string)
	kind, _ := asMap(spec["names"])["kind"].(string)
	if group == "" || kind == "" {
		return 0, errors.New("CRD without spec.group or spec.names.kind")
	}
	written := 0
	for _, v := range asList(spec["versions"]) {
		version := asMap(v)
		name, _ := version["name"].(string)
		if served, ok := version["served"].(bool); ok && !served {
			continue
		}
		schema := asMap(asMap(version["schema"])["openAPIV3Schema"])
		if schema == nil {
			return written, fmt.Errorf("%s %s/%s has no openAPIV3Schema", kind, group, name)
		}
		converted := convert(withObjectMeta(schema))
		converted["$schema"] = "http://json-schema.org/draft-07/schema#"
		dir := filepath.Join(out, group)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return written, err
		}
		data, err := json.MarshalIndent(converted, "", "  ")
		if err != nil {
			return written, err
		}
		path := filepath.Join(dir, strings.ToLower(kind)+"_"+name+".json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return written, err
		}
		written++
	}
	return written, nil
}

// withObjectMeta adds apiVersion, kind and metadata to a root schema that leaves them out (schemas derived from
// API types, like CloudNativePG's, describe only spec and status), so that closing the root object keeps them.
func withObjectMeta(root map[string]any) map[string]any {
	props := asMap(root["properties"])
	if props == nil {
		return root
	}
	out := make(map[string]any, len(root))
	for k, v := range root {
		out[k] = v
	}
	merged := map[string]any{
		"apiVersion": map[string]any{"type": "string"},
		"kind":       map[string]any{"type": "string"},
		"metadata":   map[string]any{"type": "object"},
	}
	for k, v := range props {
		merged[k] = v
	}
	out["properties"] = merged
	return out
}

// convert maps an OpenAPI v3 structural schema onto JSON schema: int-or-string becomes a oneOf, nullable adds
// "null" to the type, and objects with declared properties are closed.
func convert(node map[string]any) map[string]any {
	result := make(map[string]any, len(node)+1)
	for k, v := range node {
		switch k {
		case "properties", "patternProperties", "definitions":
			props := make(map[string]any)
			for name, sub := range asMap(v) {
				props[name] = convert(asMap(sub))
			}
			result[k] = props
		case "items", "additionalProperties", "not":
			if m, ok := v.(map[string]any); ok {
				result[k] = convert(m)
			} else {
				result[k] = v
			}
		case "allOf", "anyOf", "oneOf":
			var list []any
			for _, sub := range asList(v) {
				list = append(list, convert(asMap(sub)))
			}
			result[k] = list
		default:
			result[k] = v
		}
	}
	if node["x-kubernetes-int-or-string"] == true {
		delete(result, "type")
		delete(result, "format")
		result["oneOf"] = []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}
	}
	if node["nullable"] == true {
		if t, ok := result["type"].(string); ok {
			result["type"] = []any{t, "null"}
		}
	}
	_, declaresProps := node["properties"]
	_, declaresAdditional := node["additionalProperties"]
	if declaresProps && !declaresAdditional && node["x-kubernetes-preserve-unknown-fields"] != true {
		result["additionalProperties"] = false
	}
	return result
}

// readDocuments reads every YAML (or JSON) document of a file as a map.
func readDocuments(file string) ([]map[string]any, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var docs []map[string]any
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// path walks nested maps: path(doc, "spec", "template", "spec").
func path(v any, keys ...string) any {
	for _, k := range keys {
		v = asMap(v)[k]
	}
	return v
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
