package main

import (
	"bufio"
	"net"
	"strings"
	"testing"

	"github.com/trove-db/trove/internal/resp"
)

func TestParseCSV(t *testing.T) {
	const header = `"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"` + "\n"
	tests := []struct {
		name    string
		out     string
		want    sample
		wantErr string
	}{
		{"set", header + `"SET","78431.38","0.339","0.144","0.319","0.423","0.951","2.191"` + "\n",
			sample{RPS: 78431.38, AvgMS: 0.339, P50MS: 0.319, P99MS: 0.951, MaxMS: 2.191}, ""},
		{"test name with a space", header + `"MSET (10 keys)","133333.33","5.704","1.064","4.631","11.847","13.727","14.151"` + "\n",
			sample{RPS: 133333.33, AvgMS: 5.704, P50MS: 4.631, P99MS: 13.727, MaxMS: 14.151}, ""},
		{"warning before the header", "WARNING: Could not fetch server CONFIG\n" + header +
			`"GET","1000","1","0","0.5","1","2","3"` + "\n", sample{RPS: 1000, AvgMS: 1, P50MS: 0.5, P99MS: 2, MaxMS: 3}, ""},
		{"no header", "Error\n", sample{}, "no CSV header"},
		{"header only", header, sample{}, "want one result row, got 0"},
		{"two rows", header + `"SET","1","1","1","1","1","1","1"` + "\n" + `"GET","1","1","1","1","1","1","1"` + "\n",
			sample{}, "want one result row, got 2"},
		{"no p99 column", `"test","rps","p50_latency_ms"` + "\n" + `"SET","1","1"` + "\n", sample{}, "no p99_latency_ms column"},
		{"not a number", header + `"SET","fast","1","1","1","1","1","1"` + "\n", sample{}, "rps:"},
		{"zero throughput", header + `"SET","0","1","1","1","1","1","1"` + "\n", sample{}, "throughput 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCSV(tt.out)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMedianOf(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{3}, 3},
		{"odd", []float64{5, 1, 3}, 3},
		{"even", []float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := medianOf(tt.in); got != tt.want {
				t.Fatalf("medianOf(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendPadded(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "key:000000000000"},
		{1, "key:000000000001"},
		{999999, "key:000000999999"},
		{1234567890123, "key:1234567890123"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := string(appendPadded([]byte("key:"), tt.n, 12)); got != tt.want {
				t.Fatalf("got %q", got)
			}
		})
	}
	if v := memValue(nil, 42); len(v) != 16 || string(v) != "val:000000000042" {
		t.Fatalf("memValue = %q", v)
	}
}

func TestParseInfo(t *testing.T) {
	got := parseInfo("# Memory\r\nused_memory:123\r\nused_memory_human:123B\r\n\r\n# Other\r\nx:a:b\r\n")
	want := map[string]string{"used_memory": "123", "used_memory_human": "123B", "x": "a:b"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestReadReply(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"+OK\r\n", `"OK"`},
		{"-ERR unknown command 'X'\r\n", "(error) ERR unknown command 'X'"},
		{":42\r\n", "(integer) 42"},
		{"$3\r\nabc\r\n", `"abc"`},
		{"$-1\r\n", "(nil)"},
		{"*2\r\n$1\r\na\r\n:1\r\n", `["a", (integer) 1]`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			rep, err := readReply(bufio.NewReader(strings.NewReader(tt.in)))
			if err != nil {
				t.Fatal(err)
			}
			if rep.String() != tt.want {
				t.Fatalf("got %s, want %s", rep, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "OK\r\n", "+OK\n", "$x\r\n", "$5\r\nab\r\n", "?1\r\n"} {
		if _, err := readReply(bufio.NewReader(strings.NewReader(bad))); err == nil {
			t.Errorf("readReply(%q) succeeded", bad)
		}
	}
}

func TestLoads(t *testing.T) {
	ls := loads(50, 1000000, 200000, 1000000)
	want := map[string]int{"set-p1": 200000, "get-p1": 200000, "incr-p1": 200000, "mset-p1": 100000,
		"set-p16": 1000000, "get-p16": 1000000, "incr-p16": 1000000, "mset-p16": 200000}
	if len(ls) != len(want) {
		t.Fatalf("%d loads, want %d", len(ls), len(want))
	}
	for _, l := range ls {
		if want[l.ID] != l.Requests {
			t.Errorf("%s: %d requests, want %d", l.ID, l.Requests, want[l.ID])
		}
		if len(l.Probe) == 0 || !strings.EqualFold(l.Probe[0], l.Command) {
			t.Errorf("%s: probe %q does not send %s", l.ID, l.Probe, l.Command)
		}
	}
}

func TestReport(t *testing.T) {
	r := &results{
		Date:     "2026-01-01 00:00 UTC",
		Machine:  map[string]any{"cpus": 2},
		Settings: map[string]any{"rounds": 3, "clients": 50, "keyspace": 1000000},
		Servers: []serverInfo{
			{ID: "redis", Label: "redis-server", Kind: kindReference},
			{ID: "trove", Label: "trove", Kind: kindTrove},
		},
		Loads: loads(50, 1000000, 200000, 1000000)[:2],
		Samples: []sample{
			{Server: "redis", Load: "set-p1", Round: 1, RPS: 100, P50MS: 1, P99MS: 2},
			{Server: "redis", Load: "set-p1", Round: 2, RPS: 300, P50MS: 3, P99MS: 4},
			{Server: "redis", Load: "set-p1", Round: 3, RPS: 200, P50MS: 2, P99MS: 9},
			{Server: "trove", Load: "set-p1", Round: 1, RPS: 150, P50MS: 1, P99MS: 2},
		},
		Memory: []memResult{
			{Server: "redis", Keys: 10, KeyBytes: 16, ValBytes: 16, UsedBefore: 0, UsedAfter: 1000, RSSAfter: 2000, UsedPerKey: 100, RSSPerKey: 200},
			{Server: "trove", Keys: 10, KeyBytes: 16, ValBytes: 16, UsedBefore: -1, UsedAfter: -1, RSSAfter: 3000, RSSPerKey: 300},
		},
		Complete: true,
	}
	r.computeMedians()
	if len(r.Medians) != 2 {
		t.Fatalf("medians %+v", r.Medians)
	}
	if m := r.Medians[0]; m.RPS != 200 || m.P50MS != 2 || m.P99MS != 4 || m.Rounds != 3 {
		t.Errorf("redis median %+v", m)
	}
	if m := r.Medians[1]; m.VsReference != 0.75 {
		t.Errorf("trove median %+v", m)
	}
	md := r.markdown()
	for _, want := range []string{
		"| SET P=1 | 0.2k | 0.1k (0.75×) |",
		"| SET P=1 | 2.000 / 4.000 | 1.000 / 2.000 |",
		"| trove | n/a | 300 (1.50×) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "GET P=1") {
		t.Errorf("markdown shows a load that did not run:\n%s", md)
	}
}

// fakeTrove answers INCR with an unknown-command error and everything else
// with +OK, like a trove that lacks INCR.
func fakeTrove(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				rd := resp.NewReader(c)
				for {
					args, err := rd.Next()
					if err != nil {
						return
					}
					if args == nil {
						if rd.Fill() != nil {
							return
						}
						continue
					}
					out := resp.AppendSimple(nil, "OK")
					if strings.EqualFold(string(args[0]), "incr") {
						out = resp.AppendError(nil, "ERR unknown command 'INCR', with args beginning with: 'bench:probe:incr' ")
					}
					if _, err := c.Write(out); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func TestProbe(t *testing.T) {
	addr := fakeTrove(t)
	all := loads(50, 1000, 100, 100)
	servers := []*server{
		{serverSpec: serverSpec{ID: "redis", Kind: kindReference}, Addr: "127.0.0.1:1"},
		{serverSpec: serverSpec{ID: "trove", Kind: kindTrove}, Addr: addr},
	}
	active, skipped, err := probe(servers, all)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range active {
		ids = append(ids, l.ID)
	}
	if got, want := strings.Join(ids, ","), "set-p1,get-p1,mset-p1,set-p16,get-p16,mset-p16"; got != want {
		t.Errorf("active loads %s, want %s", got, want)
	}
	if len(skipped) != 2 || !strings.HasPrefix(skipped[0], "INCR P=1 (trove answers INCR bench:probe:incr with (error) ERR unknown command") {
		t.Errorf("skipped %q", skipped)
	}
}
