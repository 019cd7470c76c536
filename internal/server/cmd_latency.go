package server

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trove-db/trove/internal/command"
)

// latencyCommands are LATENCY's subcommands: the latency monitor (events
// that took at least latency-monitor-threshold milliseconds) and the
// per-command latency histograms.
func (s *Server) latencyCommands() []*command.Spec {
	admin := command.FlagAdmin | command.FlagNoScript | command.FlagLoading | command.FlagStale
	nodes := []string{"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"}
	return []*command.Spec{{
		Name: "latency", Arity: -2, Group: "server", Since: "2.8.13",
		Summary: "Groups the latency monitor and latency histogram subcommands.", Complexity: "Depends on subcommand.",
		Subcommands: []*command.Spec{
			{Name: "latest", Arity: 2, Flags: admin, Group: "server", Since: "2.8.13",
				Summary: "Reports the latest and the largest latency of each monitored event.", Complexity: "O(1)",
				Tips: nodes, Handler: s.latencyLatest},
			{Name: "history", Arity: 3, Flags: admin, Group: "server", Since: "2.8.13",
				Summary: "Reports the recorded samples of one event.", Complexity: "O(1)",
				Tips: nodes, Args: []command.Arg{{Name: "event", Type: "string"}}, Handler: s.latencyHistory},
			{Name: "reset", Arity: -2, Flags: admin, Group: "server", Since: "2.8.13",
				Summary: "Forgets the samples of some or all events.", Complexity: "O(1)",
				Tips: []string{"request_policy:all_nodes", "response_policy:all_succeeded"},
				Args: []command.Arg{{Name: "event", Type: "string", Optional: true, Multiple: true}}, Handler: s.latencyReset},
			{Name: "doctor", Arity: 2, Flags: admin, Group: "server", Since: "2.8.13",
				Summary: "Describes the recorded latency events in words.", Complexity: "O(1)",
				Tips: nodes, Handler: s.latencyDoctor},
			{Name: "histogram", Arity: -2, Flags: admin, Group: "server", Since: "7.0.0",
				Summary:    "Reports the latency distribution of some or all commands.",
				Complexity: "O(N) where N is the number of commands with latency information being retrieved.",
				Tips:       nodes, Args: []command.Arg{{Name: "command", Type: "string", Optional: true, Multiple: true}},
				Handler: s.latencyHistogram},
			{Name: "help", Arity: 2, Flags: command.FlagLoading | command.FlagStale, Group: "server", Since: "2.8.13",
				Summary: "Lists the LATENCY subcommands.", Complexity: "O(1)", Handler: s.latencyHelp},
		},
	}}
}

// latencySamples is how many samples an event keeps, one per second at most.
const latencySamples = 160

type latencySample struct {
	at      int64 // Unix seconds
	latency int64 // milliseconds
}

// latencyEvent is one monitored event's history: a ring of samples and the
// all-time maximum.
type latencyEvent struct {
	samples [latencySamples]latencySample
	next    int
	n       int
	max     int64
}

// latencyMonitor holds the latency monitor's events; guarded by mu.
type latencyMonitor struct {
	events map[string]*latencyEvent
}

// add records that event took ms milliseconds now. Samples in the same
// second merge, keeping the larger latency.
func (m *latencyMonitor) add(event string, ms int64) {
	if m.events == nil {
		m.events = make(map[string]*latencyEvent)
	}
	e := m.events[event]
	if e == nil {
		e = &latencyEvent{}
		m.events[event] = e
	}
	now := time.Now().Unix()
	e.max = max(e.max, ms)
	if e.n > 0 {
		last := &e.samples[(e.next+latencySamples-1)%latencySamples]
		if last.at == now {
			last.latency = max(last.latency, ms)
			return
		}
	}
	e.samples[e.next] = latencySample{at: now, latency: ms}
	e.next = (e.next + 1) % latencySamples
	e.n = min(e.n+1, latencySamples)
}

// history returns the samples oldest first.
func (e *latencyEvent) history() []latencySample {
	out := make([]latencySample, 0, e.n)
	for i := e.n; i > 0; i-- {
		out = append(out, e.samples[(e.next-i+latencySamples)%latencySamples])
	}
	return out
}

func (m *latencyMonitor) names() []string {
	names := make([]string, 0, len(m.events))
	for n := range m.events {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LATENCY LATEST
func (s *Server) latencyLatest(c *command.Ctx) error {
	names := s.latency.names()
	c.W.Array(len(names))
	for _, n := range names {
		e := s.latency.events[n]
		last := e.samples[(e.next+latencySamples-1)%latencySamples]
		c.W.Array(4)
		c.W.BulkString(n)
		c.W.Int(last.at)
		c.W.Int(last.latency)
		c.W.Int(e.max)
	}
	return nil
}

// LATENCY HISTORY event
func (s *Server) latencyHistory(c *command.Ctx) error {
	e := s.latency.events[string(c.Args[2])]
	if e == nil {
		c.W.Array(0)
		return nil
	}
	h := e.history()
	c.W.Array(len(h))
	for _, smp := range h {
		c.W.Array(2)
		c.W.Int(smp.at)
		c.W.Int(smp.latency)
	}
	return nil
}

// LATENCY RESET [event ...]
func (s *Server) latencyReset(c *command.Ctx) error {
	if len(c.Args) == 2 {
		n := len(s.latency.events)
		s.latency.events = nil
		c.W.Int(int64(n))
		return nil
	}
	var n int64
	for _, a := range c.Args[2:] {
		if _, ok := s.latency.events[string(a)]; ok {
			delete(s.latency.events, string(a))
			n++
		}
	}
	c.W.Int(n)
	return nil
}

// LATENCY DOCTOR
//
// A short report in plain words; the wording is trove's own.
func (s *Server) latencyDoctor(c *command.Ctx) error {
	var b strings.Builder
	names := s.latency.names()
	switch {
	case len(names) == 0 && s.hot.latencyThreshold == 0:
		b.WriteString("The latency monitor is disabled: set latency-monitor-threshold to a number of milliseconds (CONFIG SET latency-monitor-threshold 100) to record events that take at least that long.\n")
	case len(names) == 0:
		b.WriteString("No latency spike has been recorded since the server started or the last LATENCY RESET.\n")
	default:
		b.WriteString("Recorded latency events:\n\n")
		for i, n := range names {
			e := s.latency.events[n]
			h := e.history()
			var sum int64
			for _, smp := range h {
				sum += smp.latency
			}
			b.WriteString(strconv.Itoa(i + 1))
			b.WriteString(". " + n + ": " + strconv.Itoa(len(h)) + " latency spikes (average " +
				strconv.FormatInt(sum/int64(max(len(h), 1)), 10) + "ms, worst " + strconv.FormatInt(e.max, 10) + "ms).\n")
		}
		b.WriteString("\nCommands that run slowly show in SLOWLOG GET; INFO commandstats and LATENCY HISTOGRAM tell which commands are expensive.\n")
	}
	c.W.Verbatim("txt", b.String())
	return nil
}

// LATENCY HISTOGRAM [command ...]
//
// For each named command (every command when none is named) that has run:
// its call count and the cumulative distribution of its latencies over
// power-of-two microsecond buckets. A container name covers its
// subcommands; unknown names are skipped.
func (s *Server) latencyHistogram(c *command.Ctx) error {
	var specs []*command.Spec
	add := func(sp *command.Spec) {
		if len(sp.Subcommands) == 0 {
			if sp.Stats.Latency != nil {
				specs = append(specs, sp)
			}
			return
		}
		for _, sub := range sp.Subcommands {
			if sub.Stats.Latency != nil {
				specs = append(specs, sub)
			}
		}
	}
	if len(c.Args) == 2 {
		s.table.All(add)
		sort.Slice(specs, func(i, j int) bool { return specs[i].FullName() < specs[j].FullName() })
	} else {
		seen := map[*command.Spec]bool{}
		for _, a := range c.Args[2:] {
			sp := s.lookupFullName(a)
			if sp == nil || seen[sp] {
				continue
			}
			seen[sp] = true
			add(sp)
		}
	}
	c.W.Map(len(specs))
	for _, sp := range specs {
		c.W.BulkString(sp.FullName())
		bounds, cum := histCDF(sp.Stats.Latency)
		c.W.Map(2)
		c.W.BulkString("calls")
		c.W.Int(int64(histTotal(sp.Stats.Latency)))
		c.W.BulkString("histogram_usec")
		c.W.Map(len(bounds))
		for i := range bounds {
			c.W.Int(bounds[i])
			c.W.Int(int64(cum[i]))
		}
	}
	return nil
}

// lookupFullName finds a command by "name" or "container|sub", in any case.
func (s *Server) lookupFullName(name []byte) *command.Spec {
	if i := strings.IndexByte(string(name), '|'); i >= 0 {
		parent := s.table.Lookup(name[:i])
		if parent == nil {
			return nil
		}
		return parent.LookupSub(name[i+1:])
	}
	return s.table.Lookup(name)
}

// LATENCY HELP
func (s *Server) latencyHelp(c *command.Ctx) error {
	writeHelp(c, "LATENCY",
		"DOCTOR",
		"    Describe the recorded latency events in words.",
		"HISTORY <event>",
		"    Reply with the samples of <event>: [time, latency] pairs, oldest first.",
		"LATEST",
		"    Reply with [event, time, latest latency, worst latency] for every event.",
		"RESET [<event> ...]",
		"    Forget the samples of the named events, or of every event.",
		"HISTOGRAM [<command> ...]",
		"    Reply with the latency distribution of the named commands, or of all.",
	)
	return nil
}

// writeHelp writes the reply of a container's HELP subcommand: a first
// line naming the syntax, the given lines, and the HELP entry, as status
// replies. The wording is trove's own; the shape is Valkey's.
func writeHelp(c *command.Ctx, container string, lines ...string) {
	c.W.Array(len(lines) + 3)
	c.W.Simple(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range lines {
		c.W.Simple(l)
	}
	c.W.Simple("HELP")
	c.W.Simple("    Print this help.")
}
