package config

import (
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/trove-db/trove/internal/glob"
)

// Config holds the server's configuration: every parameter's current value,
// the file it was loaded from, and the hooks the server registered.
//
// Values live in an immutable snapshot that is replaced as a whole (copy on
// write) by LoadFile, LoadArgs and Set, and read with one atomic load. A
// reader therefore never takes a lock and always sees a consistent set of
// values: a CONFIG SET of several parameters becomes visible all at once.
type Config struct {
	cur atomic.Pointer[snapshot]

	// mu serialises writers (Load*, Set, Rewrite) and guards the hook maps.
	// Hooks run with mu held, so a hook must not call back into a method
	// that changes the Config.
	mu           sync.Mutex
	hooks        map[int][]func(string) error
	rewriteHooks map[string]func() []string

	resetMu    sync.Mutex // guards resetHooks
	resetHooks []func()
}

// snapshot is one published state. It is never modified after publication.
type snapshot struct {
	v        []value
	file     string // absolute path of the config file, "" without one
	renames  [][2]string
	users    [][]string
	modules  [][]string
	warnings []string
}

func (s *snapshot) clone() *snapshot {
	n := *s
	n.v = append([]value(nil), s.v...)
	return &n
}

// KV is one name and value, as CONFIG GET replies them.
type KV struct {
	Name  string
	Value string
}

// New returns a Config with every parameter at its default. dir defaults to
// the working directory.
func New() *Config {
	s := &snapshot{v: append([]value(nil), defaults...)}
	if wd, err := os.Getwd(); err == nil {
		s.v[dirIndex] = value{s: wd}
	} else {
		s.v[dirIndex] = value{s: "/"}
	}
	c := &Config{hooks: map[int][]func(string) error{}, rewriteHooks: map[string]func() []string{}}
	c.cur.Store(s)
	return c
}

// mustLookup resolves a name used by server code; an unknown name is a
// programming error.
func mustLookup(name string) *param {
	e, ok := lookup(name)
	if !ok {
		panic("config: unknown parameter " + name)
	}
	return e.p
}

// File returns the absolute path of the config file that was loaded, or ""
// when the server runs without one.
func (c *Config) File() string { return c.cur.Load().file }

// Var is a handle on one parameter, for reading it on hot paths: a read is
// one atomic load and an index, with no map lookup and no lock. Get handles
// once, at startup, with Config.Var.
type Var struct {
	c *Config
	i int
}

// Var returns a handle on the named parameter (a name or an alias). It
// panics if there is no such parameter.
func (c *Config) Var(name string) Var { return Var{c: c, i: mustLookup(name).index} }

// Int returns the value of an integer, memory, octal, bool (0 or 1) or enum
// parameter. A maxmemory-clients percentage is returned negated (-10 for
// 10%); an unsigned value above MaxInt64 is returned as MaxInt64.
func (v Var) Int() int64 {
	n := v.c.cur.Load().v[v.i].n
	if n < 0 && table[v.i].is(flagUnsigned) {
		return math.MaxInt64
	}
	return n
}

// Uint returns the value of an unsigned parameter such as maxmemory.
func (v Var) Uint() uint64 { return uint64(v.c.cur.Load().v[v.i].n) }

// Bool returns a yes/no parameter's value.
func (v Var) Bool() bool { return v.c.cur.Load().v[v.i].n != 0 }

// String returns the value as CONFIG GET prints it. For string and enum
// parameters it does not allocate.
func (v Var) String() string {
	return table[v.i].get(v.c.cur.Load().v[v.i])
}

// Int returns the named parameter's value; see Var.Int.
func (c *Config) Int(name string) int64 { return c.Var(name).Int() }

// Bool returns the named yes/no parameter's value.
func (c *Config) Bool(name string) bool { return c.Var(name).Bool() }

// String returns the named parameter's value as CONFIG GET prints it.
func (c *Config) String(name string) string { return c.Var(name).String() }

// Get implements CONFIG GET. Each argument is a parameter name (matched
// exactly, ignoring case, and reported with the spelling given; hidden
// parameters are found this way) or a glob pattern (matched against every
// name and alias that is not hidden, ignoring case). A parameter matched by
// several arguments is reported once, under the first spelling that matched
// it. Unknown names match nothing.
func (c *Config) Get(patterns ...string) []KV {
	s := c.cur.Load()
	var out []KV
	seen := map[string]bool{}
	add := func(name string, p *param) {
		key := strings.ToLower(name)
		if seen[key] {
			return
		}
		seen[key] = true
		out = append(out, KV{Name: name, Value: p.get(s.v[p.index])})
	}
	for _, pat := range patterns {
		if !glob.IsPattern(pat) {
			if e, ok := lookup(pat); ok {
				add(pat, e.p)
			}
			continue
		}
		for _, p := range table {
			if p.is(flagHidden) {
				continue
			}
			if glob.MatchFold([]byte(pat), []byte(p.name)) {
				add(p.name, p)
			}
			for _, a := range p.aliases {
				if glob.MatchFold([]byte(pat), []byte(a)) {
					add(a, p)
				}
			}
		}
	}
	return out
}

// OnChange registers fn to run when a CONFIG SET changes the named
// parameter. fn gets the new value as CONFIG GET prints it; the new values
// are already visible to readers while it runs. If fn returns an error the
// whole CONFIG SET fails with that error's text, every parameter goes back
// to its previous value, and the hooks that already ran for this CONFIG SET
// run again with the previous values. Hooks run in the order of the CONFIG
// SET arguments, one at a time, and only for parameters whose value changed;
// loading a file runs none. fn must not call Set, Rewrite or the Load
// methods.
func (c *Config) OnChange(name string, fn func(newValue string) error) {
	p := mustLookup(name)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hooks[p.index] = append(c.hooks[p.index], fn)
}

// OnRewrite registers the source of the lines CONFIG REWRITE writes for a
// directive that is not a parameter, such as "user" (from the ACL) or
// "loadmodule" (from the loaded modules). fn returns the text after the
// directive name, one element per line. Without a registered source, the
// file's existing lines for that directive are kept as they are.
func (c *Config) OnRewrite(directive string, fn func() []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rewriteHooks[strings.ToLower(directive)] = fn
}

// OnResetStat registers fn to run on CONFIG RESETSTAT. Packages that keep
// statistics (slowlog, latency, command stats) register their reset here.
func (c *Config) OnResetStat(fn func()) {
	c.resetMu.Lock()
	defer c.resetMu.Unlock()
	c.resetHooks = append(c.resetHooks, fn)
}

// ResetStat implements CONFIG RESETSTAT: it runs every registered reset
// function, in registration order.
func (c *Config) ResetStat() {
	c.resetMu.Lock()
	hooks := append([]func(){}, c.resetHooks...)
	c.resetMu.Unlock()
	for _, fn := range hooks {
		fn()
	}
}

// Structured accessors for the parameters that are not a single scalar. The
// returned slices are copies.

// SaveParams returns the snapshotting rules; none when save is "".
func (c *Config) SaveParams() []SavePoint {
	pts := c.cur.Load().v[mustLookup("save").index].x.([]SavePoint)
	return append([]SavePoint(nil), pts...)
}

// ClientOutputBufferLimits returns the limits indexed by ClientClass.
func (c *Config) ClientOutputBufferLimits() [3]BufferLimit {
	return c.cur.Load().v[mustLookup("client-output-buffer-limit").index].x.([3]BufferLimit)
}

// Bind returns the addresses to listen on, as configured (an address may
// start with "-", meaning it is optional).
func (c *Config) Bind() []string {
	return append([]string(nil), c.cur.Load().v[mustLookup("bind").index].x.([]string)...)
}

// NotifyKeyspaceEvents returns the keyspace notification classes in
// canonical form ("" when disabled, "AKE" for everything).
func (c *Config) NotifyKeyspaceEvents() string {
	return c.cur.Load().v[mustLookup("notify-keyspace-events").index].s
}

// OOMScoreAdjValues returns the oom-score-adj values for primaries, replicas
// and background children.
func (c *Config) OOMScoreAdjValues() [3]int {
	return c.cur.Load().v[mustLookup("oom-score-adj-values").index].x.([3]int)
}

// LatencyPercentiles returns latency-tracking-info-percentiles.
func (c *Config) LatencyPercentiles() []float64 {
	return append([]float64(nil), c.cur.Load().v[mustLookup("latency-tracking-info-percentiles").index].x.([]float64)...)
}

// ReplicaOf returns the primary to replicate from; ok is false when
// replicaof is not set.
func (c *Config) ReplicaOf() (host string, port int, ok bool) {
	pr := c.cur.Load().v[mustLookup("replicaof").index].x.(primary)
	return pr.host, pr.port, pr.host != ""
}

// Dir returns the working directory setting, an absolute path.
func (c *Config) Dir() string { return c.cur.Load().v[dirIndex].s }

// RenameCommands returns the rename-command directives, in file order: the
// command and its new name ("" disables it). The server validates them
// against its command table.
func (c *Config) RenameCommands() [][2]string {
	return append([][2]string(nil), c.cur.Load().renames...)
}

// Users returns the arguments of each user directive (name and rules).
func (c *Config) Users() [][]string { return cloneLines(c.cur.Load().users) }

// LoadModules returns the arguments of each loadmodule directive (path and
// module arguments).
func (c *Config) LoadModules() [][]string { return cloneLines(c.cur.Load().modules) }

// Warnings returns messages about accepted but ignored directives
// (deprecated ones) met while loading, for the server to log.
func (c *Config) Warnings() []string { return append([]string(nil), c.cur.Load().warnings...) }

func cloneLines(in [][]string) [][]string {
	out := make([][]string, len(in))
	for i, l := range in {
		out[i] = append([]string(nil), l...)
	}
	return out
}

// ParamInfo describes one parameter of the table.
type ParamInfo struct {
	Name      string
	Aliases   []string
	Kind      string // bool, int, memory, octal, enum, flags, string, special
	Mutable   bool   // CONFIG SET may change it
	Protected bool   // CONFIG SET needs enable-protected-configs
	Hidden    bool   // CONFIG GET patterns do not list it
	Sensitive bool   // holds a secret: keep it out of logs
	Default   string // as CONFIG GET prints it; dir's is ""
}

// Params describes every parameter, in table order.
func Params() []ParamInfo {
	out := make([]ParamInfo, len(table))
	for i, p := range table {
		def := ""
		if i != dirIndex {
			def = p.get(defaults[i])
		}
		out[i] = ParamInfo{
			Name: p.name, Aliases: append([]string(nil), p.aliases...), Kind: p.kind.String(),
			Mutable: !p.is(flagImmutable), Protected: p.is(flagProtected), Hidden: p.is(flagHidden),
			Sensitive: p.is(flagSensitive), Default: def,
		}
	}
	return out
}
