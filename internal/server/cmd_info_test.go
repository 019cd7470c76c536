package server_test

import (
	"strings"
	"testing"

	"github.com/trove-db/trove/internal/testkit"
)

// infoFieldsNotApplicable are reference fields trove leaves out, each with
// the reason.
var infoFieldsNotApplicable = map[string]string{
	// Valkey 8 names the field server_mode, and redis_mode only with
	// extended-redis-compatibility (tested below).
	"redis_mode": "Valkey 8 reports server_mode",
}

// Every field the reference server reports in the server, clients, stats
// and keyspace sections must be in trove's INFO too.
func TestInfoFieldsMatchReference(t *testing.T) {
	trove, ref := startPair(t)
	for _, c := range []*testkit.Conn{trove, ref} {
		c.Do("SET", "k", "v")
		c.Do("SET", "e", "v", "EX", "100")
	}
	got := infoFields(unquote(t, trove.Do("INFO", "everything")))
	want := infoFields(unquote(t, ref.Do("INFO", "everything")))
	for _, section := range []string{"server", "clients", "stats", "keyspace", "memory", "persistence", "replication", "cpu", "cluster"} {
		t.Run(section, func(t *testing.T) {
			have := map[string]bool{}
			for _, f := range got[section] {
				have[f] = true
			}
			for _, f := range want[section] {
				if _, skip := infoFieldsNotApplicable[f]; skip {
					continue
				}
				if !have[f] {
					t.Errorf("INFO %s lacks %s", section, f)
				}
			}
		})
	}
	var sections []string
	for s := range got {
		sections = append(sections, s)
	}
	if len(got) != len(want) {
		t.Errorf("INFO everything sections: %v, reference %d sections", sections, len(want))
	}
}

func TestInfoSections(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t, "extended-redis-compatibility yes"))
	c.Do("SET", "k", "v")
	c.Do("GET", "k")
	c.Do("GET", "missing")
	c.Do("NOSUCH")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"INFO"}, []string{"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace"}},
		{[]string{"INFO", "default"}, []string{"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace"}},
		{[]string{"INFO", "all"}, []string{"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace"}},
		{[]string{"INFO", "everything"}, []string{"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace"}},
		{[]string{"INFO", "KEYSPACE", "server"}, []string{"server", "keyspace"}},
		{[]string{"INFO", "commandstats"}, []string{"commandstats"}},
		{[]string{"INFO", "nosuch"}, nil},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			text := unquote(t, c.Do(tc.args...))
			var got []string
			for _, line := range strings.Split(text, "\r\n") {
				if strings.HasPrefix(line, "# ") {
					got = append(got, strings.ToLower(line[2:]))
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("sections %v, want %v", got, tc.want)
			}
		})
	}
	text := unquote(t, c.Do("INFO", "all"))
	for _, want := range []string{
		"redis_version:7.2.4\r\n", "valkey_version:8.0.2\r\n", "redis_mode:standalone\r\n",
		"keyspace_hits:1\r\n", "keyspace_misses:1\r\n", "db0:keys=1,expires=0,avg_ttl=0\r\n",
		"errorstat_ERR:count=1\r\n", "cmdstat_get:calls=2,usec=", "latency_percentiles_usec_get:p50=",
		"role:master\r\n", "maxmemory_policy:noeviction\r\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("INFO all lacks %q", want)
		}
	}
	// RESP3 replies with a verbatim string.
	c.Do("HELLO", "3")
	if got := c.Do("INFO", "cluster"); got != `"txt:# Cluster\r\ncluster_enabled:0\r\n"` {
		t.Errorf("INFO cluster in RESP3 = %s", got)
	}
}

func TestConfigResetStat(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	c.Do("GET", "k")
	c.Do("NOSUCH")
	c.Do("CONFIG", "SET", "slowlog-log-slower-than", "0")
	c.Do("PING")
	if got := c.Do("CONFIG", "RESETSTAT"); got != "OK" {
		t.Fatal(got)
	}
	text := unquote(t, c.Do("INFO", "all"))
	for _, gone := range []string{"cmdstat_get", "errorstat_ERR", "latency_percentiles_usec_get", "keyspace_misses:1"} {
		if strings.Contains(text, gone) {
			t.Errorf("after CONFIG RESETSTAT INFO still has %s", gone)
		}
	}
	// Like Valkey, RESETSTAT leaves the slowlog alone.
	if got := c.Do("SLOWLOG", "LEN"); got == "(integer) 0" {
		t.Error("CONFIG RESETSTAT emptied the slowlog")
	}
}
