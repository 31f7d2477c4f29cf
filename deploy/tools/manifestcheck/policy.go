package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Topics whose latest record per key is what readers need (ARCHITECTURE.md): they must be compacted.
var compactedTopics = map[string]bool{"upm.adapters": true, "upm.status": true}

// runPolicy checks a rendered overlay for what schemas cannot see: broken references between objects, workloads
// without probes or resources, Kafka topics that differ from the contracts, KafkaUser ACLs on topics that do not
// exist, and NetworkPolicies that select no pod. Every problem is printed; any
// problem fails the run.
func runPolicy(args []string) error {
	fs := flag.NewFlagSet("policy", flag.ExitOnError)
	topicsFile := fs.String("topics", "", "contracts Topics.java")
	external := fs.String("external-secrets", "", "comma-separated Secrets the cluster provides (not in the overlay)")
	_ = fs.Parse(args)
	if *topicsFile == "" || fs.NArg() != 1 {
		return errors.New("policy needs -topics and one rendered manifest file")
	}
	docs, err := readDocuments(fs.Arg(0))
	if err != nil {
		return err
	}
	topics, err := contractTopics(*topicsFile)
	if err != nil {
		return err
	}
	externalSecrets := map[string]bool{}
	for _, s := range strings.Split(*external, ",") {
		if s = strings.TrimSpace(s); s != "" {
			externalSecrets[s] = true
		}
	}
	c := newChecker(docs)
	c.workloads()
	c.services()
	c.monitors()
	c.ingresses()
	c.autoscalersAndBudgets()
	c.configReferences(externalSecrets)
	c.kafkaTopics(topics)
	c.kafkaUsers(topics)
	c.networkPolicies()
	if len(c.problems) > 0 {
		unique := map[string]bool{}
		for _, p := range c.problems {
			unique[p] = true
		}
		for _, p := range sortedKeys(unique) {
			fmt.Fprintln(os.Stderr, "  -", p)
		}
		return fmt.Errorf("%s: %d problem(s)", fs.Arg(0), len(unique))
	}
	fmt.Printf("policy: %s: %d objects, %d topics, %d Kafka users, %d NetworkPolicies: references, workloads, ACLs and "+
		"policies OK\n", fs.Arg(0), len(docs), len(topics), len(c.byKind["KafkaUser"]), len(c.byKind["NetworkPolicy"]))
	return nil
}

// contractTopics reads the topic names of Topics.java (every String constant but the DLQ suffix) and adds the
// dead-letter twin of each.
func contractTopics(file string) ([]string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	re := regexp.MustCompile(`public static final String (\w+) = "([^"]+)";`)
	var topics []string
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		if m[1] == "DLQ_SUFFIX" {
			continue
		}
		topics = append(topics, m[2], m[2]+".dlq")
	}
	if len(topics) == 0 {
		return nil, fmt.Errorf("no topic constants found in %s", file)
	}
	return topics, nil
}

type checker struct {
	docs     []map[string]any
	byKind   map[string][]map[string]any
	problems []string
}

func newChecker(docs []map[string]any) *checker {
	c := &checker{docs: docs, byKind: map[string][]map[string]any{}}
	for _, d := range docs {
		kind := str(d["kind"])
		c.byKind[kind] = append(c.byKind[kind], d)
	}
	return c
}

func (c *checker) fail(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func name(d map[string]any) string {
	return str(path(d, "metadata", "name"))
}

func (c *checker) find(kind, n string) map[string]any {
	for _, d := range c.byKind[kind] {
		if name(d) == n {
			return d
		}
	}
	return nil
}

func containers(d map[string]any) []map[string]any {
	var out []map[string]any
	for _, ct := range asList(path(d, "spec", "template", "spec", "containers")) {
		out = append(out, asMap(ct))
	}
	return out
}

func podLabels(d map[string]any) map[string]any {
	return asMap(path(d, "spec", "template", "metadata", "labels"))
}

// selects tells whether every pair of the selector is among the labels.
func selects(selector, labels map[string]any) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// workloads: every container has readiness and liveness probes, CPU and memory requests and a memory limit; the
// Deployment's selector matches its own pod labels.
func (c *checker) workloads() {
	for _, d := range c.byKind["Deployment"] {
		n := name(d)
		if !selects(asMap(path(d, "spec", "selector", "matchLabels")), podLabels(d)) {
			c.fail("Deployment %s: spec.selector does not match the pod template labels", n)
		}
		if len(containers(d)) == 0 {
			c.fail("Deployment %s: no containers", n)
		}
		for _, ct := range containers(d) {
			cn := str(ct["name"])
			if ct["image"] == nil || str(ct["image"]) == "" {
				c.fail("Deployment %s container %s: no image", n, cn)
			}
			for _, probe := range []string{"readinessProbe", "livenessProbe"} {
				if ct[probe] == nil {
					c.fail("Deployment %s container %s: no %s", n, cn, probe)
				}
			}
			for _, res := range []string{"requests/cpu", "requests/memory", "limits/memory"} {
				parts := strings.Split(res, "/")
				if path(ct, "resources", parts[0], parts[1]) == nil {
					c.fail("Deployment %s container %s: no resources.%s.%s", n, cn, parts[0], parts[1])
				}
			}
			for _, probe := range []string{"readinessProbe", "livenessProbe", "startupProbe"} {
				port := path(ct, probe, "httpGet", "port")
				if port == nil {
					port = path(ct, probe, "tcpSocket", "port")
				}
				if p, ok := port.(string); ok && !hasPort(ct, p) {
					c.fail("Deployment %s container %s: %s uses port %q that the container does not name", n, cn, probe, p)
				}
			}
		}
	}
}

func hasPort(ct map[string]any, portName string) bool {
	for _, p := range asList(ct["ports"]) {
		if str(asMap(p)["name"]) == portName {
			return true
		}
	}
	return false
}

// services: each Service selects the pods of a Deployment whose container names the Service's target port.
func (c *checker) services() {
	for _, s := range c.byKind["Service"] {
		n := name(s)
		selector := asMap(path(s, "spec", "selector"))
		var target map[string]any
		for _, d := range c.byKind["Deployment"] {
			if selects(selector, podLabels(d)) {
				target = d
			}
		}
		if target == nil {
			c.fail("Service %s: selects no Deployment's pods", n)
			continue
		}
		for _, p := range asList(path(s, "spec", "ports")) {
			if tp, ok := asMap(p)["targetPort"].(string); ok {
				found := false
				for _, ct := range containers(target) {
					found = found || hasPort(ct, tp)
				}
				if !found {
					c.fail("Service %s: targetPort %q is not a port of Deployment %s", n, tp, name(target))
				}
			}
		}
	}
}

func servicePortNames(s map[string]any) map[string]bool {
	names := map[string]bool{}
	for _, p := range asList(path(s, "spec", "ports")) {
		names[str(asMap(p)["name"])] = true
	}
	return names
}

// monitors: every ServiceMonitor selects a Service that has the scraped port; every Thunderline service (a
// Deployment that reads its health from /q/health) has a ServiceMonitor.
func (c *checker) monitors() {
	monitored := map[string]bool{}
	for _, m := range c.byKind["ServiceMonitor"] {
		selector := asMap(path(m, "spec", "selector", "matchLabels"))
		var svc map[string]any
		for _, s := range c.byKind["Service"] {
			if selects(selector, asMap(path(s, "metadata", "labels"))) {
				svc = s
			}
		}
		if svc == nil {
			c.fail("ServiceMonitor %s: selects no Service", name(m))
			continue
		}
		monitored[name(svc)] = true
		for _, e := range asList(path(m, "spec", "endpoints")) {
			if port := str(asMap(e)["port"]); !servicePortNames(svc)[port] {
				c.fail("ServiceMonitor %s: Service %s has no port %q", name(m), name(svc), port)
			}
		}
	}
	for _, d := range c.byKind["Deployment"] {
		for _, ct := range containers(d) {
			if strings.HasPrefix(str(path(ct, "readinessProbe", "httpGet", "path")), "/q/health") && !monitored[name(d)] {
				c.fail("Deployment %s: a Quarkus service without a ServiceMonitor for /q/metrics", name(d))
			}
		}
	}
}

// ingresses: every backend is an existing Service port.
func (c *checker) ingresses() {
	for _, ing := range c.byKind["Ingress"] {
		for _, r := range asList(path(ing, "spec", "rules")) {
			for _, p := range asList(path(r, "http", "paths")) {
				svcName := str(path(p, "backend", "service", "name"))
				port := path(p, "backend", "service", "port", "name")
				svc := c.find("Service", svcName)
				if svc == nil {
					c.fail("Ingress %s: backend Service %q does not exist", name(ing), svcName)
				} else if pn, ok := port.(string); ok && !servicePortNames(svc)[pn] {
					c.fail("Ingress %s: Service %s has no port %q", name(ing), svcName, pn)
				}
			}
		}
	}
}

// autoscalersAndBudgets: HPAs scale an existing Deployment that leaves its replica count to them; budgets select
// some workload.
func (c *checker) autoscalersAndBudgets() {
	for _, h := range c.byKind["HorizontalPodAutoscaler"] {
		target := str(path(h, "spec", "scaleTargetRef", "name"))
		d := c.find("Deployment", target)
		if d == nil {
			c.fail("HorizontalPodAutoscaler %s: Deployment %q does not exist", name(h), target)
		} else if path(d, "spec", "replicas") != nil {
			c.fail("Deployment %s sets spec.replicas although HorizontalPodAutoscaler %s owns it", target, name(h))
		}
		min, _ := path(h, "spec", "minReplicas").(int)
		max, _ := path(h, "spec", "maxReplicas").(int)
		if min > max {
			c.fail("HorizontalPodAutoscaler %s: minReplicas %d > maxReplicas %d", name(h), min, max)
		}
	}
	for _, b := range c.byKind["PodDisruptionBudget"] {
		selector := asMap(path(b, "spec", "selector", "matchLabels"))
		found := false
		for _, d := range c.byKind["Deployment"] {
			found = found || selects(selector, podLabels(d))
		}
		if !found {
			c.fail("PodDisruptionBudget %s: selects no Deployment's pods", name(b))
		}
	}
}

// configReferences: every ConfigMap and Secret a pod (or the PostgreSQL Cluster) names exists in the overlay,
// except the Secrets the cluster is said to provide.
func (c *checker) configReferences(external map[string]bool) {
	check := func(owner, kind, ref string) {
		if ref == "" {
			return
		}
		if c.find(kind, ref) == nil && !(kind == "Secret" && (external[ref] || c.find("KafkaUser", ref) != nil)) {
			c.fail("%s: %s %q is neither in the overlay nor a Secret the cluster provides", owner, kind, ref)
		}
	}
	for _, d := range c.byKind["Deployment"] {
		owner := "Deployment " + name(d)
		for _, ct := range containers(d) {
			for _, ef := range asList(ct["envFrom"]) {
				check(owner, "ConfigMap", str(path(ef, "configMapRef", "name")))
				check(owner, "Secret", str(path(ef, "secretRef", "name")))
			}
			for _, e := range asList(ct["env"]) {
				check(owner, "ConfigMap", str(path(e, "valueFrom", "configMapKeyRef", "name")))
				secret := str(path(e, "valueFrom", "secretKeyRef", "name"))
				check(owner, "Secret", secret)
				if u := c.find("KafkaUser", secret); u != nil {
					c.kafkaUserSecretKey(owner, u, str(path(e, "valueFrom", "secretKeyRef", "key")))
				}
			}
		}
		for _, v := range asList(path(d, "spec", "template", "spec", "volumes")) {
			check(owner, "ConfigMap", str(path(v, "configMap", "name")))
			check(owner, "Secret", str(path(v, "secret", "secretName")))
			check(owner, "PersistentVolumeClaim", str(path(v, "persistentVolumeClaim", "claimName")))
		}
		if sa := str(path(d, "spec", "template", "spec", "serviceAccountName")); sa != "" {
			check(owner, "ServiceAccount", sa)
		}
	}
	for _, cl := range c.byKind["Cluster"] {
		check("Cluster "+name(cl), "Secret", str(path(cl, "spec", "bootstrap", "initdb", "secret", "name")))
	}
}

// kafkaTopics: the KafkaTopics are exactly the contract topics and their dead-letter twins, all of one Kafka
// cluster of the overlay; the compacted ones are compacted and dead-letter topics are not.
func (c *checker) kafkaTopics(want []string) {
	clusters := map[string]bool{}
	for _, k := range c.byKind["Kafka"] {
		clusters[name(k)] = true
	}
	have := map[string]bool{}
	for _, t := range c.byKind["KafkaTopic"] {
		topic := str(path(t, "spec", "topicName"))
		if topic == "" {
			topic = name(t)
		}
		have[topic] = true
		if cl := str(path(t, "metadata", "labels", "strimzi.io/cluster")); !clusters[cl] {
			c.fail("KafkaTopic %s: label strimzi.io/cluster %q names no Kafka of this overlay", topic, cl)
		}
		policy := str(path(t, "spec", "config", "cleanup.policy"))
		if compactedTopics[topic] && policy != "compact" {
			c.fail("KafkaTopic %s: must be compacted (cleanup.policy compact), is %q", topic, policy)
		}
		if !compactedTopics[topic] && policy == "compact" {
			c.fail("KafkaTopic %s: compacted, but only %v are", topic, sortedKeys(compactedTopics))
		}
	}
	wanted := map[string]bool{}
	for _, t := range want {
		wanted[t] = true
		if !have[t] {
			c.fail("KafkaTopic for %s is missing (contracts Topics.java has it)", t)
		}
	}
	for t := range have {
		if !wanted[t] {
			c.fail("KafkaTopic %s is not a topic of contracts Topics.java (nor its .dlq)", t)
		}
	}
}
