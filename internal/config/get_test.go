package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestGet(t *testing.T) {
	c := New()
	tests := []struct {
		patterns []string
		want     []KV
	}{
		{[]string{"hz"}, []KV{{"hz", "10"}}},
		{[]string{"HZ"}, []KV{{"HZ", "10"}}}, // an exact name is echoed as given
		{[]string{"port", "PORT", "po*"}, []KV{{"port", "6379"}}},
		{[]string{"PORT", "port"}, []KV{{"PORT", "6379"}}},
		{[]string{"slaveof", "replicaof"}, []KV{{"slaveof", ""}, {"replicaof", ""}}},
		{[]string{"nonexistent"}, nil},
		{[]string{"nonexistent*"}, nil},
		{[]string{"rdb-key-save-delay"}, []KV{{"rdb-key-save-delay", "0"}}}, // hidden, found by name
		{[]string{"rdb-key*"}, nil},                                         // ... but not by pattern
		{[]string{"maxmemory-p*", "maxmemory-policy"}, []KV{{"maxmemory-policy", "noeviction"}}},
		{[]string{"bind", "save", "client-output-buffer-limit", "oom-score-adj-values", "latency-tracking-info-percentiles"},
			[]KV{{"bind", "* -::*"}, {"save", "3600 1 300 100 60 10000"},
				{"client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"},
				{"oom-score-adj-values", "0 200 800"}, {"latency-tracking-info-percentiles", "50 99 99.9"}}},
		{[]string{"maxmemory", "client-query-buffer-limit", "proto-max-bulk-len", "protected-mode", "appendfsync"},
			[]KV{{"maxmemory", "0"}, {"client-query-buffer-limit", "1073741824"}, {"proto-max-bulk-len", "536870912"},
				{"protected-mode", "yes"}, {"appendfsync", "everysec"}}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.patterns, ","), func(t *testing.T) {
			if got := c.Get(tt.patterns...); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("glob lists names and aliases", func(t *testing.T) {
		got := troveGet(c, "*slave*")
		for _, n := range []string{"slaveof", "slave-read-only", "slave-priority", "cluster-slave-no-failover", "min-slaves-to-write"} {
			if _, ok := got[n]; !ok {
				t.Errorf("%s missing from %v", n, got)
			}
		}
		if _, ok := got["replicaof"]; ok {
			t.Error("replicaof matched *slave*")
		}
	})
	t.Run("star lists every visible name once", func(t *testing.T) {
		all := c.Get("*")
		seen := map[string]bool{}
		for _, kv := range all {
			if seen[kv.Name] {
				t.Errorf("%s listed twice", kv.Name)
			}
			seen[kv.Name] = true
		}
		visible := 0
		for _, p := range Params() {
			if !p.Hidden {
				visible += 1 + len(p.Aliases)
			}
		}
		if len(all) != visible {
			t.Errorf("got %d names, want %d", len(all), visible)
		}
	})
}

func TestTypedAccessors(t *testing.T) {
	c, err := loadText(t, `maxmemory 18446744073709551615
maxmemory-clients 10%
hz 50
activerehashing no
maxmemory-policy allkeys-lru
save 900 1
save 300 10
client-output-buffer-limit replica 1gb 512mb 30
bind 127.0.0.1 -::1
notify-keyspace-events Ex
oom-score-adj-values -100 0 100
latency-tracking-info-percentiles 50 99.5
replicaof 10.0.0.1 6380
`)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Var("maxmemory").Uint(); got != 1<<64-1 {
		t.Errorf("maxmemory Uint %d", got)
	}
	if got := c.Int("maxmemory"); got != 1<<63-1 {
		t.Errorf("maxmemory Int %d", got)
	}
	if got := c.Int("maxmemory-clients"); got != -10 {
		t.Errorf("maxmemory-clients %d", got)
	}
	if c.Int("hz") != 50 || c.Bool("activerehashing") || !c.Bool("protected-mode") {
		t.Error("scalar accessors")
	}
	if got := c.String("maxmemory-policy"); got != "allkeys-lru" {
		t.Errorf("maxmemory-policy %q", got)
	}
	if got := c.Var("slave-read-only").Bool(); !got {
		t.Error("alias handle")
	}
	if got, want := c.SaveParams(), []SavePoint{{900, 1}, {300, 10}}; !reflect.DeepEqual(got, want) {
		t.Errorf("SaveParams %v", got)
	}
	lim := c.ClientOutputBufferLimits()
	if lim[ClientReplica] != (BufferLimit{Hard: 1 << 30, Soft: 512 << 20, SoftSeconds: 30}) || lim[ClientNormal] != (BufferLimit{}) ||
		lim[ClientPubSub] != (BufferLimit{Hard: 32 << 20, Soft: 8 << 20, SoftSeconds: 60}) {
		t.Errorf("ClientOutputBufferLimits %+v", lim)
	}
	if got := c.Bind(); !reflect.DeepEqual(got, []string{"127.0.0.1", "-::1"}) {
		t.Errorf("Bind %q", got)
	}
	if got := c.NotifyKeyspaceEvents(); got != "xE" {
		t.Errorf("NotifyKeyspaceEvents %q", got)
	}
	if got := c.OOMScoreAdjValues(); got != [3]int{-100, 0, 100} {
		t.Errorf("OOMScoreAdjValues %v", got)
	}
	if got := c.LatencyPercentiles(); !reflect.DeepEqual(got, []float64{50, 99.5}) {
		t.Errorf("LatencyPercentiles %v", got)
	}
	if h, p, ok := c.ReplicaOf(); h != "10.0.0.1" || p != 6380 || !ok {
		t.Errorf("ReplicaOf %q %d %v", h, p, ok)
	}
	if _, _, ok := New().ReplicaOf(); ok {
		t.Error("default ReplicaOf set")
	}
	// Returned slices are copies.
	c.Bind()[0] = "x"
	if c.Bind()[0] != "127.0.0.1" {
		t.Error("Bind returned shared storage")
	}
}

func TestUnknownNamePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	New().Var("no-such-parameter")
}

func TestParams(t *testing.T) {
	byName := map[string]ParamInfo{}
	for _, p := range Params() {
		byName[p.Name] = p
	}
	if p := byName["daemonize"]; p.Mutable || p.Kind != "bool" || p.Default != "no" {
		t.Errorf("daemonize %+v", p)
	}
	if p := byName["replicaof"]; p.Mutable || !reflect.DeepEqual(p.Aliases, []string{"slaveof"}) {
		t.Errorf("replicaof %+v", p)
	}
	if p := byName["dbfilename"]; !p.Mutable || !p.Protected {
		t.Errorf("dbfilename %+v", p)
	}
	if p := byName["maxmemory"]; p.Kind != "memory" || p.Default != "0" {
		t.Errorf("maxmemory %+v", p)
	}
}
