package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// load is one redis-benchmark workload.
type load struct {
	ID       string `json:"id"`      // "set-p1"
	Name     string `json:"name"`    // "SET P=1", the table row
	Command  string `json:"command"` // the -t test name: set, get, incr, mset
	Pipeline int    `json:"pipeline"`
	Clients  int    `json:"clients"`
	Requests int    `json:"requests"`
	Keyspace int    `json:"keyspace"`
	// Probe is the command sent once to trove to see whether it exists.
	Probe []string `json:"-"`
}

// sample is one redis-benchmark result.
type sample struct {
	Server string  `json:"server"`
	Load   string  `json:"load"`
	Round  int     `json:"round"`
	RPS    float64 `json:"rps"`
	AvgMS  float64 `json:"avg_ms"`
	P50MS  float64 `json:"p50_ms"`
	P99MS  float64 `json:"p99_ms"`
	MaxMS  float64 `json:"max_ms"`
	Secs   float64 `json:"seconds"`
}

// loads lists the workloads in the order they run within a round.
func loads(clients, keyspace, requestsP1, requestsP16 int) []load {
	probes := map[string][]string{
		"set":  {"SET", "bench:probe:set", "xxx"},
		"get":  {"GET", "bench:probe:set"},
		"incr": {"INCR", "bench:probe:incr"},
		"mset": {"MSET", "bench:probe:m1", "xxx", "bench:probe:m2", "xxx"},
	}
	mset := map[int]int{1: 2, 16: 5}
	var out []load
	for _, p := range []int{1, 16} {
		for _, c := range []string{"set", "get", "incr", "mset"} {
			n := requestsP1
			if p > 1 {
				n = requestsP16
			}
			if c == "mset" {
				// Ten keys a request: fewer requests keep the run about
				// as long as the others'.
				n = max(n/mset[p], 1000)
			}
			out = append(out, load{
				ID: fmt.Sprintf("%s-p%d", c, p), Name: fmt.Sprintf("%s P=%d", strings.ToUpper(c), p),
				Command: c, Pipeline: p, Clients: clients, Requests: n, Keyspace: keyspace,
				Probe: probes[c],
			})
		}
	}
	return out
}

// runBenchmark runs redis-benchmark with l against addr.
func runBenchmark(ctx context.Context, bin, addr string, l load, timeout time.Duration) (sample, error) {
	host, port, _ := strings.Cut(addr, ":")
	args := []string{"-h", host, "-p", port, "-c", strconv.Itoa(l.Clients), "-n", strconv.Itoa(l.Requests),
		"-r", strconv.Itoa(l.Keyspace), "-P", strconv.Itoa(l.Pipeline), "-t", l.Command, "--csv"}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	stdout, stderr, err := runTool(ctx, "", nil, bin, args...)
	secs := time.Since(start).Seconds()
	if err != nil {
		return sample{}, fmt.Errorf("redis-benchmark %s: %v: %s", strings.Join(args, " "), err, lastLine(stderr))
	}
	// redis-benchmark reports error replies on standard error and keeps
	// going; a run that got any is not a measurement of the command.
	if strings.Contains(stderr, "Error from server") {
		return sample{}, fmt.Errorf("server replied with errors: %s", firstLine(stderr))
	}
	s, err := parseCSV(stdout)
	if err != nil {
		return sample{}, fmt.Errorf("redis-benchmark output: %v (stderr: %s)", err, lastLine(stderr))
	}
	s.Secs = secs
	return s, nil
}

// parseCSV reads redis-benchmark --csv output: a header row naming the
// columns ("test","rps","avg_latency_ms",...,"p50_latency_ms",
// "p99_latency_ms",...) and one row per test. Exactly one test row is
// expected. Lines before the header (warnings) are skipped.
func parseCSV(out string) (sample, error) {
	i := strings.Index(out, `"test",`)
	if i < 0 {
		return sample{}, errors.New("no CSV header")
	}
	r := csv.NewReader(strings.NewReader(out[i:]))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return sample{}, err
	}
	col := make(map[string]int, len(header))
	for i, h := range header {
		col[h] = i
	}
	var rows [][]string
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return sample{}, err
		}
		rows = append(rows, row)
	}
	if len(rows) != 1 {
		return sample{}, fmt.Errorf("want one result row, got %d", len(rows))
	}
	row := rows[0]
	var s sample
	for _, f := range []struct {
		name     string
		dst      *float64
		required bool
	}{
		{"rps", &s.RPS, true},
		{"avg_latency_ms", &s.AvgMS, false},
		{"p50_latency_ms", &s.P50MS, true},
		{"p99_latency_ms", &s.P99MS, true},
		{"max_latency_ms", &s.MaxMS, false},
	} {
		j, ok := col[f.name]
		if !ok || j >= len(row) {
			if f.required {
				return sample{}, fmt.Errorf("no %s column", f.name)
			}
			continue
		}
		v, err := strconv.ParseFloat(row[j], 64)
		if err != nil {
			return sample{}, fmt.Errorf("%s: %v", f.name, err)
		}
		*f.dst = v
	}
	if s.RPS <= 0 {
		return sample{}, fmt.Errorf("throughput %v", s.RPS)
	}
	return s, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	// redis-benchmark redraws its progress line with \r.
	if i := strings.LastIndexAny(s, "\r\n"); i >= 0 {
		return strings.TrimSpace(s[i+1:])
	}
	return s
}
