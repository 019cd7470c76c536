// Command benchrun is the benchmark suite behind bench/run. It builds
// trove-server and the two no-op baselines, starts them next to the
// reference redis-server on free loopback ports, drives every server with
// the same redis-benchmark loads in interleaved rounds, measures memory per
// key after a deterministic load, and writes the medians as JSON and
// Markdown. It must run from the repository root (bench/run sees to that).
//
// Every process it starts runs in a process group of its own and is stopped
// when the run ends, fails or is interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	rounds      int
	quick       bool
	out         string
	clients     int
	keyspace    int
	requestsP1  int
	requestsP16 int
	memKeys     int64
	noMemory    bool
	epollLoops  int
	timeout     time.Duration
	settle      time.Duration
	redisServer string
	redisBench  string
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("benchrun", flag.ContinueOnError)
	fs.IntVar(&o.rounds, "rounds", 3, "interleaved rounds; the tables show the median")
	fs.BoolVar(&o.quick, "quick", false, "smoke run: 1 round, a tenth of the requests, 200k keys for memory")
	fs.StringVar(&o.out, "out", "bench/out", "directory for results.json, results.md and server logs")
	fs.IntVar(&o.clients, "clients", 50, "redis-benchmark connections (-c)")
	fs.IntVar(&o.keyspace, "keyspace", 1000000, "random keyspace (-r); prefilled before the first round")
	fs.IntVar(&o.requestsP1, "requests", 200000, "requests per run at pipeline 1 (-n); MSET runs half as many, a fifth at pipeline 16")
	fs.IntVar(&o.requestsP16, "requests-p16", 1500000, "requests per run at pipeline 16")
	fs.Int64Var(&o.memKeys, "mem-keys", 1000000, "keys loaded for the memory measurement")
	fs.BoolVar(&o.noMemory, "no-memory", false, "skip the memory measurement")
	fs.IntVar(&o.epollLoops, "epoll-loops", 1, "event loops of the epoll no-op baseline")
	fs.DurationVar(&o.timeout, "timeout", 3*time.Minute, "limit for one redis-benchmark run")
	fs.DurationVar(&o.settle, "settle", 2*time.Second, "pause between loading and reading memory")
	fs.StringVar(&o.redisServer, "redis-server", "redis-server", "reference server binary")
	fs.StringVar(&o.redisBench, "redis-benchmark", "redis-benchmark", "redis-benchmark binary")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.quick {
		set := make(map[string]bool)
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["rounds"] {
			o.rounds = 1
		}
		if !set["requests"] {
			o.requestsP1 /= 10
		}
		if !set["requests-p16"] {
			o.requestsP16 /= 10
		}
		if !set["mem-keys"] {
			o.memKeys = 200000
		}
	}
	if o.rounds < 1 || o.clients < 1 || o.keyspace < 1 || o.requestsP1 < 1 || o.requestsP16 < 1 || o.memKeys < 1 || o.epollLoops < 1 {
		return o, errors.New("counts must be positive")
	}
	return o, nil
}

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	o, err := parseFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	p := &procs{}
	defer p.stopAll()
	tmp, err := os.MkdirTemp("", "trove-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	logDir := filepath.Join(o.out, "logs")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		return 1
	}

	start := time.Now()
	r := &results{Date: start.UTC().Format("2006-01-02 15:04 UTC"), Machine: machine(), Settings: map[string]any{
		"rounds": o.rounds, "quick": o.quick, "clients": o.clients, "keyspace": o.keyspace,
		"requests_p1": o.requestsP1, "requests_p16": o.requestsP16, "memory_keys": o.memKeys,
		"epoll_loops": o.epollLoops, "trove_commit": gitCommit(),
	}}
	err = suite(ctx, o, p, tmp, logDir, r)
	p.stopAll()
	r.Seconds = time.Since(start).Round(time.Second).Seconds()
	r.computeMedians()
	if werr := r.write(o.out); werr != nil {
		fmt.Fprintln(os.Stderr, "benchrun: writing results:", werr)
		if err == nil {
			err = werr
		}
	}
	fmt.Println()
	fmt.Print(r.markdown())
	fmt.Fprintf(os.Stderr, "\nwrote %s and %s (%s)\n", filepath.Join(o.out, "results.json"),
		filepath.Join(o.out, "results.md"), time.Since(start).Round(time.Second))
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(os.Stderr, "benchrun: interrupted; every server stopped")
			return 130
		}
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		return 1
	}
	return 0
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

// suite runs the whole benchmark and fills r as it goes, so that an
// interrupted run still reports what it measured.
func suite(ctx context.Context, o options, p *procs, tmp, logDir string, r *results) error {
	redisServer, err := exec.LookPath(o.redisServer)
	if err != nil {
		return fmt.Errorf("the reference server is needed (apt-get install -y redis-server): %w", err)
	}
	redisBench, err := exec.LookPath(o.redisBench)
	if err != nil {
		return fmt.Errorf("redis-benchmark is needed (apt-get install -y redis-tools): %w", err)
	}

	progress("== building trove-server and the no-op baselines")
	bins := map[string]string{
		"trove-server":   "./cmd/trove-server",
		"noop-goroutine": "./bench/noop/goconn",
		"noop-epoll":     "./bench/noop/epoll",
	}
	for name, pkg := range bins {
		out := filepath.Join(tmp, name)
		if _, stderr, err := runTool(ctx, "", os.Environ(), "go", "build", "-o", out, pkg); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", pkg, err, stderr)
		}
		bins[name] = out
	}

	specs, notes := serverSpecs(o, redisServer, bins)
	r.Notes = append(r.Notes, notes...)
	for _, s := range specs {
		r.Servers = append(r.Servers, serverInfo{ID: s.ID, Label: s.Label, Kind: s.Kind,
			GOMAXPROCS: s.GOMAXPROCS, Version: version(ctx, s)})
	}
	r.Loads = loads(o.clients, o.keyspace, o.requestsP1, o.requestsP16)

	if !o.noMemory {
		if err := memoryPhase(ctx, o, p, specs, tmp, logDir, r); err != nil {
			return err
		}
	}
	return throughputPhase(ctx, o, p, specs, redisBench, tmp, logDir, r)
}

// defaultProcs is the GOMAXPROCS a Go server gets here when the
// environment does not set it.
func defaultProcs() int {
	if os.Getenv("GOMAXPROCS") == "" {
		return runtime.GOMAXPROCS(0)
	}
	return runtime.NumCPU()
}

// serverSpecs lists the servers in table order: the reference, trove at
// its default GOMAXPROCS, trove at 1 and 2 where those differ from the
// default, and the no-op baselines: goroutines at the default GOMAXPROCS
// and at 1, and the epoll loops.
func serverSpecs(o options, redisServer string, bins map[string]string) ([]serverSpec, []string) {
	var notes []string
	persistenceOff := func(port int, dir string) []string {
		return []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
			"--dir", dir, "--daemonize", "no"}
	}
	noopArgs := func(extra ...string) func(int, string) []string {
		return func(port int, _ string) []string {
			return append([]string{"-addr", "127.0.0.1:" + strconv.Itoa(port)}, extra...)
		}
	}
	procs := defaultProcs()
	specs := []serverSpec{
		{ID: "redis", Label: "redis-server", Kind: kindReference, Bin: redisServer, Args: persistenceOff},
		{ID: "trove", Label: "trove", Kind: kindTrove, GOMAXPROCS: 0, Bin: bins["trove-server"], Args: persistenceOff},
	}
	for _, n := range []int{1, 2} {
		if n == procs {
			notes = append(notes, fmt.Sprintf("trove's default GOMAXPROCS is %d on this machine, so the \"trove\" column is the GOMAXPROCS=%d run.", n, n))
			continue
		}
		specs = append(specs, serverSpec{ID: fmt.Sprintf("trove-p%d", n), Label: fmt.Sprintf("trove GOMAXPROCS=%d", n),
			Kind: kindTrove, GOMAXPROCS: n, Bin: bins["trove-server"], Args: persistenceOff})
	}
	loops := "1 loop"
	if o.epollLoops > 1 {
		loops = fmt.Sprintf("%d loops", o.epollLoops)
	}
	specs = append(specs,
		serverSpec{ID: "noop-goroutine", Label: "no-op goroutines", Kind: kindNoop, Bin: bins["noop-goroutine"], Args: noopArgs()})
	if procs != 1 {
		// trove's shape at GOMAXPROCS=1, to tell the connection layer's
		// cost from the scheduler's on a machine redis-benchmark shares.
		specs = append(specs, serverSpec{ID: "noop-goroutine-p1", Label: "no-op goroutines GOMAXPROCS=1", Kind: kindNoop,
			GOMAXPROCS: 1, Bin: bins["noop-goroutine"], Args: noopArgs()})
	}
	specs = append(specs,
		serverSpec{ID: "noop-epoll", Label: "no-op epoll (" + loops + ")", Kind: kindNoop, Bin: bins["noop-epoll"],
			Args: noopArgs("-loops", strconv.Itoa(o.epollLoops))},
	)
	return specs, notes
}

// version describes the build of a server for the report.
func version(ctx context.Context, s serverSpec) string {
	switch s.Kind {
	case kindReference:
		out, _, err := runTool(ctx, "", nil, s.Bin, "--version")
		if err != nil {
			return "unknown"
		}
		for _, f := range strings.Fields(out) {
			if v, ok := strings.CutPrefix(f, "v="); ok {
				return "redis-server " + v
			}
		}
		return strings.TrimSpace(out)
	case kindTrove:
		v := "trove " + gitCommit()
		if s.GOMAXPROCS > 0 {
			return fmt.Sprintf("%s, GOMAXPROCS=%d", v, s.GOMAXPROCS)
		}
		return fmt.Sprintf("%s, default GOMAXPROCS (%d)", v, defaultProcs())
	}
	v := "bench/noop, " + runtime.Version()
	if s.GOMAXPROCS > 0 {
		v += fmt.Sprintf(", GOMAXPROCS=%d", s.GOMAXPROCS)
	}
	return v
}

// gitCommit is the checked-out commit, read without touching git state.
func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "(no git)"
	}
	return strings.TrimSpace(string(out)) + " + working tree"
}

// machine describes the host for the report.
func machine() map[string]any {
	m := map[string]any{"cpus": runtime.NumCPU(), "go": runtime.Version(), "goarch": runtime.GOARCH}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m["cpu_model"] = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m["kernel"] = "Linux " + strings.TrimSpace(string(data))
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		m["loadavg_at_start"] = strings.Join(strings.Fields(string(data))[:3], " ")
	}
	return m
}

// memoryPhase loads o.memKeys keys into a fresh reference server and a
// fresh trove, one after the other, and records their growth.
func memoryPhase(ctx context.Context, o options, p *procs, specs []serverSpec, tmp, logDir string, r *results) error {
	progress("== memory: %d keys of 16 bytes with 16-byte values, into a fresh server each", o.memKeys)
	for _, spec := range specs {
		if spec.Kind == kindNoop || (spec.Kind == kindTrove && spec.GOMAXPROCS != 0) {
			continue
		}
		s, err := p.start(spec, "memory", tmp, logDir)
		if err != nil {
			return err
		}
		m, err := measureMemory(ctx, s, o.memKeys, o.settle)
		p.stop(s)
		if err != nil {
			return fmt.Errorf("memory of %s: %w", spec.Label, err)
		}
		if m.Note != "" {
			r.Notes = append(r.Notes, spec.Label+": "+m.Note)
		}
		r.Memory = append(r.Memory, m)
		used := "n/a"
		if m.UsedBefore >= 0 && m.UsedAfter >= 0 {
			used = fmt.Sprintf("%.0f B/key", m.UsedPerKey)
		}
		progress("   %-18s used_memory %s, RSS %.0f B/key (loaded in %.1fs)", spec.Label, used, m.RSSPerKey, m.LoadSecs)
	}
	return nil
}

// throughputPhase starts every server, finds which loads trove supports,
// prefills the real servers, and runs the rounds.
func throughputPhase(ctx context.Context, o options, p *procs, specs []serverSpec, redisBench, tmp, logDir string, r *results) error {
	progress("== starting servers")
	var servers []*server
	for _, spec := range specs {
		s, err := p.start(spec, "throughput", tmp, logDir)
		if err != nil {
			return err
		}
		progress("   %-22s %s (pid %d)", spec.Label, s.Addr, s.Pid())
		servers = append(servers, s)
	}

	active, skipped, err := probe(servers, r.Loads)
	if err != nil {
		return err
	}
	r.Skipped = append(r.Skipped, skipped...)
	for _, s := range skipped {
		progress("   skipping %s", s)
	}

	progress("== prefilling key:000000000000..%012d with 3-byte values (redis-benchmark's keys and value size)", o.keyspace-1)
	for _, s := range servers {
		if s.Kind == kindNoop {
			continue
		}
		t := time.Now()
		if err := loadKeys(ctx, s.Addr, "key:", 0, int64(o.keyspace), benchValue); err != nil {
			return fmt.Errorf("prefilling %s: %w", s.Label, err)
		}
		progress("   %-22s %.1fs", s.Label, time.Since(t).Seconds())
	}

	total := o.rounds * len(active) * len(servers)
	done := 0
	begin := time.Now()
	dead := make(map[string]bool)
	progress("== %d rounds × %d loads × %d servers, servers alternating within each load", o.rounds, len(active), len(servers))
	for round := 1; round <= o.rounds; round++ {
		for li, l := range active {
			// Rotate the order so no server always runs first or last.
			shift := (round - 1 + li) % len(servers)
			for k := range servers {
				s := servers[(k+shift)%len(servers)]
				done++
				if err := ctx.Err(); err != nil {
					return err
				}
				if !s.alive() {
					if !dead[s.ID] {
						dead[s.ID] = true
						r.Notes = append(r.Notes, fmt.Sprintf("%s exited during the run (%v); see %s", s.Label, s.err, s.Log))
					}
					continue
				}
				smp, err := runBenchmark(ctx, redisBench, s.Addr, l, o.timeout)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					note := fmt.Sprintf("round %d, %s, %s: %v", round, l.Name, s.Label, err)
					r.Notes = append(r.Notes, note)
					progress("[%3d/%d] %s", done, total, note)
					continue
				}
				smp.Server, smp.Load, smp.Round = s.ID, l.ID, round
				r.Samples = append(r.Samples, smp)
				eta := time.Duration(float64(time.Since(begin)) / float64(done) * float64(total-done)).Round(time.Second)
				progress("[%3d/%d] round %d/%d  %-9s %-22s %9s rps  p50 %6.3f  p99 %6.3f ms  (%.1fs, ~%s left)",
					done, total, round, o.rounds, l.Name, s.Label, fmtRPS(smp.RPS), smp.P50MS, smp.P99MS, smp.Secs, eta)
			}
		}
	}
	r.Complete = true
	return nil
}

// probe sends each load's command once to trove and returns the loads
// trove supports, plus a note for each it does not.
func probe(servers []*server, all []load) (active []load, skipped []string, err error) {
	var trove *server
	for _, s := range servers {
		if s.Kind == kindTrove {
			trove = s
			break
		}
	}
	if trove == nil {
		return all, nil, nil
	}
	c, err := dial(trove.Addr, 2*time.Second)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	verdict := make(map[string]string) // command -> why it is skipped, "" when supported
	for _, l := range all {
		if _, seen := verdict[l.Command]; !seen {
			rep, err := c.do(5*time.Second, l.Probe...)
			if err != nil {
				return nil, nil, fmt.Errorf("probing trove with %s: %w", l.Probe[0], err)
			}
			verdict[l.Command] = ""
			if rep.isError() {
				verdict[l.Command] = fmt.Sprintf("trove answers %s with %s", strings.Join(l.Probe, " "), rep)
			}
		}
		if why := verdict[l.Command]; why != "" {
			skipped = append(skipped, fmt.Sprintf("%s (%s)", l.Name, why))
			continue
		}
		active = append(active, l)
	}
	return active, skipped, nil
}
