package main

import (
	"strings"
)

// The keys of the Secret Strimzi's user operator writes for a KafkaUser, by authentication type.
var kafkaUserSecretKeys = map[string][]string{
	"scram-sha-512": {"password", "sasl.jaas.config"},
	"tls":           {"ca.crt", "user.crt", "user.key", "user.p12", "user.password"},
}

// kafkaUserSecretKey: a pod that reads a KafkaUser's Secret names a key Strimzi writes for that user's kind of login.
func (c *checker) kafkaUserSecretKey(owner string, user map[string]any, key string) {
	auth := str(path(user, "spec", "authentication", "type"))
	for _, k := range kafkaUserSecretKeys[auth] {
		if k == key {
			return
		}
	}
	c.fail("%s: Secret %q of KafkaUser %s has no key %q (a %s user's Secret holds %v)", owner, name(user), name(user),
		key, auth, kafkaUserSecretKeys[auth])
}

// kafkaUsers: every KafkaUser belongs to a Kafka of the overlay that runs the user operator, authorises with ACLs and
// has a listener for the user's kind of login; every topic an ACL names is a KafkaTopic of the overlay (or a contract
// topic or its .dlq), and a prefix matches one; a Deployment that logs in as a KafkaUser may reach that listener.
func (c *checker) kafkaUsers(contract []string) {
	topics := map[string]bool{}
	for _, t := range contract {
		topics[t] = true
	}
	for _, t := range c.byKind["KafkaTopic"] {
		topic := str(path(t, "spec", "topicName"))
		if topic == "" {
			topic = name(t)
		}
		topics[topic] = true
	}
	for _, u := range c.byKind["KafkaUser"] {
		n := name(u)
		cluster := c.find("Kafka", str(path(u, "metadata", "labels", "strimzi.io/cluster")))
		if cluster == nil {
			c.fail("KafkaUser %s: label strimzi.io/cluster %q names no Kafka of this overlay", n,
				str(path(u, "metadata", "labels", "strimzi.io/cluster")))
			continue
		}
		if path(cluster, "spec", "entityOperator", "userOperator") == nil {
			c.fail("KafkaUser %s: Kafka %s runs no user operator (spec.entityOperator.userOperator): nobody would make "+
				"its credentials and ACLs", n, name(cluster))
		}
		auth := str(path(u, "spec", "authentication", "type"))
		if auth == "" {
			c.fail("KafkaUser %s: no spec.authentication: the user could not log in", n)
		} else if len(c.listenersFor(cluster, auth)) == 0 {
			c.fail("KafkaUser %s: Kafka %s has no listener with authentication %q", n, name(cluster), auth)
		}
		acls := asList(path(u, "spec", "authorization", "acls"))
		if len(acls) > 0 && str(path(cluster, "spec", "kafka", "authorization", "type")) != "simple" {
			c.fail("KafkaUser %s: has ACLs but Kafka %s does not authorise (spec.kafka.authorization.type simple)", n,
				name(cluster))
		}
		for _, a := range acls {
			if str(path(a, "resource", "type")) != "topic" {
				continue
			}
			topic := str(path(a, "resource", "name"))
			if str(path(a, "resource", "patternType")) == "prefix" {
				found := false
				for t := range topics {
					found = found || strings.HasPrefix(t, topic)
				}
				if !found {
					c.fail("KafkaUser %s: ACL on topics prefixed %q matches no KafkaTopic", n, topic)
				}
			} else if topic != "*" && !topics[topic] { // "*": Kafka's wildcard, every topic
				c.fail("KafkaUser %s: ACL names topic %q, which is no KafkaTopic of the overlay nor a contract topic "+
					"(or its .dlq)", n, topic)
			}
		}
		for _, d := range c.byKind["Deployment"] {
			if !c.readsSecret(d, n) {
				continue
			}
			admitted := false
			for _, l := range c.listenersFor(cluster, auth) {
				admitted = admitted || admits(l, podLabels(d))
			}
			if !admitted {
				c.fail("Deployment %s logs in as KafkaUser %s, but no %s listener of Kafka %s admits its pods "+
					"(networkPolicyPeers)", name(d), n, auth, name(cluster))
			}
		}
	}
	for _, k := range c.byKind["Kafka"] {
		if v := path(k, "spec", "kafka", "config", "allow.everyone.if.no.acl.found"); v == true || str(v) == "true" {
			c.fail("Kafka %s: allow.everyone.if.no.acl.found lets every client do what no ACL names", name(k))
		}
	}
}

// listenersFor: the listeners of a Kafka that accept a user with the given authentication type.
func (c *checker) listenersFor(cluster map[string]any, auth string) []map[string]any {
	var out []map[string]any
	for _, l := range asList(path(cluster, "spec", "kafka", "listeners")) {
		lt := str(path(l, "authentication", "type"))
		if lt == auth {
			out = append(out, asMap(l))
		}
	}
	return out
}

// admits: the listener's networkPolicyPeers let pods with these labels (of the same namespace) in; no peers: everyone.
func admits(listener map[string]any, labels map[string]any) bool {
	peers := asList(listener["networkPolicyPeers"])
	if len(peers) == 0 {
		return true
	}
	for _, p := range peers {
		if path(p, "namespaceSelector") == nil && path(p, "ipBlock") == nil {
			if sel, ok := path(p, "podSelector").(map[string]any); ok && matchesSelector(sel, labels) {
				return true
			}
		}
	}
	return false
}

func (c *checker) readsSecret(d map[string]any, secret string) bool {
	for _, ct := range containers(d) {
		for _, ef := range asList(ct["envFrom"]) {
			if str(path(ef, "secretRef", "name")) == secret {
				return true
			}
		}
		for _, e := range asList(ct["env"]) {
			if str(path(e, "valueFrom", "secretKeyRef", "name")) == secret {
				return true
			}
		}
	}
	for _, v := range asList(path(d, "spec", "template", "spec", "volumes")) {
		if str(path(v, "secret", "secretName")) == secret {
			return true
		}
	}
	return false
}
