package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// serverInfo is a server as the results describe it.
type serverInfo struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Kind       string `json:"kind"`
	GOMAXPROCS int    `json:"gomaxprocs,omitempty"`
	Version    string `json:"version,omitempty"`
}

// median is the per-(server, load) median over rounds.
type median struct {
	Server string  `json:"server"`
	Load   string  `json:"load"`
	Rounds int     `json:"rounds"`
	RPS    float64 `json:"rps"`
	P50MS  float64 `json:"p50_ms"`
	P99MS  float64 `json:"p99_ms"`
	// VsReference is RPS over the reference server's median RPS for the
	// same load; 0 when there is none.
	VsReference float64 `json:"vs_reference,omitempty"`
}

// results is everything written to results.json.
type results struct {
	Date     string         `json:"date"`
	Machine  map[string]any `json:"machine"`
	Settings map[string]any `json:"settings"`
	Servers  []serverInfo   `json:"servers"`
	Loads    []load         `json:"loads"`
	Skipped  []string       `json:"skipped_loads,omitempty"`
	Samples  []sample       `json:"samples"`
	Medians  []median       `json:"medians"`
	Memory   []memResult    `json:"memory"`
	Notes    []string       `json:"notes,omitempty"`
	Seconds  float64        `json:"seconds"`
	Complete bool           `json:"complete"`
}

// medianOf returns the median of xs (the mean of the middle two for an
// even count), or 0 for none.
func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// computeMedians fills r.Medians from r.Samples, in server then load order.
func (r *results) computeMedians() {
	r.Medians = nil
	ref := make(map[string]float64)
	var refID string
	for _, s := range r.Servers {
		if s.Kind == kindReference {
			refID = s.ID
		}
	}
	type key struct{ server, load string }
	groups := make(map[key][]sample)
	for _, s := range r.Samples {
		k := key{s.Server, s.Load}
		groups[k] = append(groups[k], s)
	}
	pick := func(ss []sample, f func(sample) float64) float64 {
		xs := make([]float64, len(ss))
		for i, s := range ss {
			xs[i] = f(s)
		}
		return medianOf(xs)
	}
	for _, l := range r.Loads {
		if ss := groups[key{refID, l.ID}]; len(ss) > 0 {
			ref[l.ID] = pick(ss, func(s sample) float64 { return s.RPS })
		}
	}
	for _, srv := range r.Servers {
		for _, l := range r.Loads {
			ss := groups[key{srv.ID, l.ID}]
			if len(ss) == 0 {
				continue
			}
			m := median{Server: srv.ID, Load: l.ID, Rounds: len(ss),
				RPS:   pick(ss, func(s sample) float64 { return s.RPS }),
				P50MS: pick(ss, func(s sample) float64 { return s.P50MS }),
				P99MS: pick(ss, func(s sample) float64 { return s.P99MS }),
			}
			if ref[l.ID] > 0 {
				m.VsReference = m.RPS / ref[l.ID]
			}
			r.Medians = append(r.Medians, m)
		}
	}
}

func (r *results) median(server, load string) (median, bool) {
	for _, m := range r.Medians {
		if m.Server == server && m.Load == load {
			return m, true
		}
	}
	return median{}, false
}

// fmtRPS writes a throughput compactly: 78.4k, 1.11M.
func fmtRPS(v float64) string {
	if v >= 1e6 {
		return fmt.Sprintf("%.2fM", v/1e6)
	}
	return fmt.Sprintf("%.1fk", v/1e3)
}

// markdown renders the tables of medians, the memory table and the notes.
func (r *results) markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# trove benchmark results\n\n")
	w("%s; %v CPUs (%v), %v, load average %v at the start.\n\n", r.Date, r.Machine["cpus"], r.Machine["cpu_model"],
		r.Machine["kernel"], r.Machine["loadavg_at_start"])
	w("redis-benchmark with %v clients, random keys over a keyspace of %v (prefilled), servers alternating; ",
		r.Settings["clients"], r.Settings["keyspace"])
	w("medians of %v round(s). P is the pipeline depth (-P).\n\n", r.Settings["rounds"])
	if !r.Complete {
		w("**Incomplete run**: stopped before every load ran; medians cover what finished.\n\n")
	}

	header := func(first string) {
		w("| %s |", first)
		for _, s := range r.Servers {
			w(" %s |", s.Label)
		}
		w("\n|---|")
		for range r.Servers {
			w("---:|")
		}
		w("\n")
	}

	w("## Throughput (requests/s, median; × = ratio to %s)\n\n", r.referenceLabel())
	header("load")
	for _, l := range r.Loads {
		if !r.ran(l.ID) {
			continue
		}
		w("| %s |", l.Name)
		for _, s := range r.Servers {
			m, ok := r.median(s.ID, l.ID)
			switch {
			case !ok:
				w(" – |")
			case s.Kind == kindReference || m.VsReference == 0:
				w(" %s |", fmtRPS(m.RPS))
			default:
				w(" %s (%.2f×) |", fmtRPS(m.RPS), m.VsReference)
			}
		}
		w("\n")
	}

	w("\n## Latency (ms, median of each round's p50 / p99)\n\n")
	header("load")
	for _, l := range r.Loads {
		if !r.ran(l.ID) {
			continue
		}
		w("| %s |", l.Name)
		for _, s := range r.Servers {
			if m, ok := r.median(s.ID, l.ID); ok {
				w(" %.3f / %.3f |", m.P50MS, m.P99MS)
			} else {
				w(" – |")
			}
		}
		w("\n")
	}

	if len(r.Memory) > 0 {
		k := r.Memory[0]
		w("\n## Memory (%d keys of %d bytes, %d-byte values; growth over the empty server)\n\n", k.Keys, k.KeyBytes, k.ValBytes)
		w("| server | used_memory B/key | RSS B/key | used_memory after | RSS after | load time |\n")
		w("|---|---:|---:|---:|---:|---:|\n")
		var refUsed, refRSS float64
		for _, m := range r.Memory {
			if r.kindOf(m.Server) == kindReference {
				refUsed, refRSS = m.UsedPerKey, m.RSSPerKey
			}
		}
		for _, m := range r.Memory {
			used, usedTotal := "n/a", "n/a"
			if m.UsedAfter >= 0 && m.UsedBefore >= 0 {
				used = fmt.Sprintf("%.0f", m.UsedPerKey)
				if r.kindOf(m.Server) != kindReference && refUsed > 0 {
					used += fmt.Sprintf(" (%.2f×)", m.UsedPerKey/refUsed)
				}
				usedTotal = fmt.Sprintf("%.1f MiB", float64(m.UsedAfter)/(1<<20))
			}
			rss := fmt.Sprintf("%.0f", m.RSSPerKey)
			if r.kindOf(m.Server) != kindReference && refRSS > 0 {
				rss += fmt.Sprintf(" (%.2f×)", m.RSSPerKey/refRSS)
			}
			w("| %s | %s | %s | %s | %.1f MiB | %.1f s |\n", r.labelOf(m.Server), used, rss, usedTotal,
				float64(m.RSSAfter)/(1<<20), m.LoadSecs)
		}
	}

	if len(r.Skipped) > 0 || len(r.Notes) > 0 {
		w("\n## Notes\n\n")
		for _, s := range r.Skipped {
			w("- skipped: %s\n", s)
		}
		for _, n := range r.Notes {
			w("- %s\n", n)
		}
	}
	w("\nServers: ")
	for i, s := range r.Servers {
		if i > 0 {
			w("; ")
		}
		w("%s = %s", s.Label, s.Version)
	}
	w(".\n")
	return b.String()
}

func (r *results) ran(load string) bool {
	for _, m := range r.Medians {
		if m.Load == load {
			return true
		}
	}
	return false
}

func (r *results) referenceLabel() string {
	for _, s := range r.Servers {
		if s.Kind == kindReference {
			return s.Label
		}
	}
	return "the reference"
}

func (r *results) kindOf(id string) string {
	for _, s := range r.Servers {
		if s.ID == id {
			return s.Kind
		}
	}
	if strings.HasPrefix(id, "redis") {
		return kindReference
	}
	return kindTrove
}

func (r *results) labelOf(id string) string {
	for _, s := range r.Servers {
		if s.ID == id {
			return s.Label
		}
	}
	return id
}

// write stores results.json and results.md in dir.
func (r *results) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "results.md"), []byte(r.markdown()), 0o644)
}
