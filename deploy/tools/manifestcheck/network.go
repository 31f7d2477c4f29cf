package main

import "fmt"

// pod is a pod the overlay will run: a Deployment's template, or one the operators make from a custom resource.
type pod struct {
	owner  string
	labels map[string]any
	ports  map[int]bool // container ports, when the overlay declares them (Deployments); nil: unknown
}

// overlayPods: the Deployments' pods plus the pods Strimzi and CloudNativePG create, with the labels they give them.
func (c *checker) overlayPods() []pod {
	var out []pod
	for _, d := range c.byKind["Deployment"] {
		ports := map[int]bool{}
		for _, ct := range containers(d) {
			for _, p := range asList(ct["ports"]) {
				if n, ok := asMap(p)["containerPort"].(int); ok {
					ports[n] = true
				}
			}
		}
		out = append(out, pod{"Deployment " + name(d), podLabels(d), ports})
	}
	for _, cl := range c.byKind["Cluster"] {
		out = append(out, pod{"Cluster " + name(cl), map[string]any{"cnpg.io/cluster": name(cl), "cnpg.io/podRole": "instance"}, nil})
	}
	for _, np := range c.byKind["KafkaNodePool"] {
		k := str(path(np, "metadata", "labels", "strimzi.io/cluster"))
		out = append(out, pod{"KafkaNodePool " + name(np), map[string]any{"strimzi.io/cluster": k, "strimzi.io/kind": "Kafka",
			"strimzi.io/name": k + "-kafka", "strimzi.io/pool-name": name(np)}, nil})
	}
	for _, k := range c.byKind["Kafka"] {
		for part, key := range map[string]string{"kafka-exporter": "kafkaExporter", "entity-operator": "entityOperator"} {
			if path(k, "spec", key) != nil {
				out = append(out, pod{"Kafka " + name(k) + " " + part, map[string]any{"strimzi.io/cluster": name(k),
					"strimzi.io/kind": "Kafka", "strimzi.io/name": name(k) + "-" + part}, nil})
			}
		}
	}
	return out
}

// networkPolicies: every NetworkPolicy selects some pod of the overlay, each peer of this namespace it admits (a
// podSelector without namespaceSelector) is some pod of the overlay, and a numbered port it opens is a container
// port of a Deployment it selects (when it selects Deployments).
func (c *checker) networkPolicies() {
	pods := c.overlayPods()
	for _, np := range c.byKind["NetworkPolicy"] {
		n := name(np)
		sel := asMap(path(np, "spec", "podSelector"))
		var selected []pod
		for _, p := range pods {
			if matchesSelector(sel, p.labels) {
				selected = append(selected, p)
			}
		}
		if len(selected) == 0 {
			c.fail("NetworkPolicy %s: spec.podSelector %v selects no pod of this overlay", n, describeSelector(sel))
			continue
		}
		for _, r := range asList(path(np, "spec", "ingress")) {
			for _, peer := range asList(path(r, "from")) {
				ps, ok := path(peer, "podSelector").(map[string]any)
				if !ok || path(peer, "namespaceSelector") != nil {
					continue
				}
				found := false
				for _, p := range pods {
					found = found || matchesSelector(ps, p.labels)
				}
				if !found {
					c.fail("NetworkPolicy %s: admits pods %v, but no pod of this overlay has those labels", n,
						describeSelector(ps))
				}
			}
			for _, port := range asList(path(r, "ports")) {
				num, ok := asMap(port)["port"].(int)
				if !ok {
					continue
				}
				known, open := false, false
				for _, p := range selected {
					if p.ports != nil {
						known = true
						open = open || p.ports[num]
					}
				}
				if known && !open {
					c.fail("NetworkPolicy %s: opens port %d, which no container of the pods it selects listens on", n, num)
				}
			}
		}
	}
}

// matchesSelector: a Kubernetes label selector (matchLabels and matchExpressions) against a pod's labels; an empty
// selector matches every pod.
func matchesSelector(sel, labels map[string]any) bool {
	for k, v := range asMap(sel["matchLabels"]) {
		if labels[k] != v {
			return false
		}
	}
	for _, e := range asList(sel["matchExpressions"]) {
		key, op := str(asMap(e)["key"]), str(asMap(e)["operator"])
		v, has := labels[key]
		in := false
		for _, want := range asList(asMap(e)["values"]) {
			in = in || (has && str(want) == str(v))
		}
		switch op {
		case "In":
			if !in {
				return false
			}
		case "NotIn":
			if in {
				return false
			}
		case "Exists":
			if !has {
				return false
			}
		case "DoesNotExist":
			if has {
				return false
			}
		}
	}
	return true
}

func describeSelector(sel map[string]any) string {
	if len(sel) == 0 {
		return "{} (every pod)"
	}
	return fmt.Sprint(sel)
}
