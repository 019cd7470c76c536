package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trove-db/trove/internal/command"
	"github.com/trove-db/trove/internal/config"
	"github.com/trove-db/trove/internal/keyspace"
)

// Version is the Valkey version trove implements; RedisVersion is what
// Valkey 8 reports as redis_version for clients that check it.
const (
	Version      = "8.0.2"
	RedisVersion = "7.2.4"
)

// Server is one trove instance: its keyspace, command table, listeners and
// clients.
//
// Locking: mu is the keyspace lock. Every command runs with it held, and
// so does every cron step that touches data, which makes each command
// atomic with respect to every other. Nothing does network I/O while
// holding it: handlers append to their connection's buffer and the
// connection flushes after unlocking. clientsMu guards the client registry
// and may be taken while holding mu, never the other way round.
//
// Why one lock rather than shards: on the 2-core machines this project
// measures on, parsing and socket I/O (done outside the lock, in parallel)
// dominate the cost of a simple command, so a single lock loses little,
// while it keeps MULTI, scripts, module commands and multi-key commands
// trivially atomic. Sharding stays possible behind Ctx.
type Server struct {
	cfg   *config.Config
	log   *Logger
	table *command.Table

	mu       sync.Mutex // the keyspace lock, see above
	ks       *keyspace.Keyspace
	settings command.Settings
	stats    stats
	slowlog  slowlog
	latency  latencyMonitor
	// hot holds configuration that dispatch reads on every command, cached
	// as plain fields; guarded by mu and refreshed by applySettings.
	hot struct {
		slowlogThreshold int64 // microseconds; negative disables
		slowlogMaxLen    int
		latencyThreshold int64 // milliseconds; 0 disables
		latencyTracking  bool
		percentiles      []float64
		redisCompat      bool
	}
	// monitors are the clients in MONITOR mode; guarded by mu.
	monitors []*conn
	// pause is the CLIENT PAUSE state; guarded by mu.
	pause struct {
		until time.Time
		all   bool
		// wake is closed when the pause ends early (UNPAUSE, a shorter
		// mode) so that waiting clients look again.
		wake chan struct{}
	}
	// limits are read by connections and the cron outside the keyspace lock.
	limits struct {
		maxBulkLen, maxQueryBuffer atomic.Int64
		maxClients, timeout, hz    atomic.Int64
	}
	// memLimitSet records that maxmemory set the Go memory limit.
	memLimitSet bool

	clientsMu sync.Mutex
	clients   map[int64]*conn
	nextID    atomic.Int64

	listeners []net.Listener
	runID     string
	replID    string
	// startupMemory is used_memory once the server was built.
	startupMemory uint64
	shutdownOnce  sync.Once
	started       time.Time
	wg            sync.WaitGroup // connection and cron goroutines
	closing       chan struct{}
	closeOnce     sync.Once
	// shutdownRequested is closed by the SHUTDOWN command.
	shutdownRequested chan struct{}
}

// stats are the server-wide counters of INFO stats, guarded by mu except
// where they are atomic.
type stats struct {
	connectionsReceived atomic.Int64
	rejectedConnections atomic.Int64
	commandsProcessed   int64
	netInputBytes       atomic.Int64
	netOutputBytes      atomic.Int64
	errorReplies        int64
	errorCodes          map[string]int64 // errorstats, by error code
	unexpectedErrors    int64
	commandPanics       int64 // handlers that panicked and were recovered
	// Counters of INFO stats that do not live in the keyspace.
	qbufLimitDisconnections atomic.Int64
	readsProcessed          atomic.Int64
	// ops samples total_commands_processed for instantaneous_ops_per_sec.
	ops opsMeter
	// peakMemory is used_memory_peak; lastSave is rdb_last_save_time.
	peakMemory uint64
	lastSave   int64
}

// New builds a server from a loaded configuration. It does not listen yet.
func New(cfg *config.Config, logOut io.Writer) (*Server, error) {
	if logOut == nil {
		logOut = os.Stdout
	}
	s := &Server{
		cfg:               cfg,
		log:               NewLogger(logOut, ParseLogLevel(cfg.String("loglevel"))),
		clients:           make(map[int64]*conn),
		runID:             newRunID(),
		replID:            newRunID(),
		closing:           make(chan struct{}),
		shutdownRequested: make(chan struct{}),
	}
	s.stats.errorCodes = make(map[string]int64)
	s.stats.lastSave = time.Now().Unix()
	s.ks = keyspace.New(int(cfg.Int("databases")), nil)
	s.table = command.NewTable()
	s.table.Add(command.DataCommands()...)
	s.table.Add(s.serverCommands()...)
	s.applySettings()
	s.watchSettings()
	s.startupMemory = usedMemory()
	return s, nil
}

// applySettings copies configuration values that the hot path reads into
// plain fields. Called at start and, through the OnChange hooks that
// watchSettings registers, by CONFIG SET — which runs as a command, so
// under mu.
func (s *Server) applySettings() {
	s.settings.ProtoMaxBulkLen = s.cfg.Int("proto-max-bulk-len")
	s.settings.MaxmemoryPolicy = s.cfg.String("maxmemory-policy")
	s.settings.ListMaxListpackSize = s.cfg.Int("list-max-listpack-size")
	s.settings.HashMaxListpackEntries = s.cfg.Int("hash-max-listpack-entries")
	s.settings.HashMaxListpackValue = s.cfg.Int("hash-max-listpack-value")
	s.settings.SetMaxIntsetEntries = s.cfg.Int("set-max-intset-entries")
	s.settings.SetMaxListpackEntries = s.cfg.Int("set-max-listpack-entries")
	s.settings.SetMaxListpackValue = s.cfg.Int("set-max-listpack-value")
	s.settings.ZSetMaxListpackEntries = s.cfg.Int("zset-max-listpack-entries")
	s.settings.ZSetMaxListpackValue = s.cfg.Int("zset-max-listpack-value")
	s.limits.maxBulkLen.Store(s.settings.ProtoMaxBulkLen)
	s.limits.maxQueryBuffer.Store(s.cfg.Int("client-query-buffer-limit"))
	s.limits.maxClients.Store(s.cfg.Int("maxclients"))
	s.limits.timeout.Store(s.cfg.Int("timeout"))
	s.limits.hz.Store(s.cfg.Int("hz"))
	s.hot.slowlogThreshold = s.cfg.Int("slowlog-log-slower-than")
	s.hot.slowlogMaxLen = int(s.cfg.Int("slowlog-max-len"))
	s.hot.latencyThreshold = s.cfg.Int("latency-monitor-threshold")
	s.hot.latencyTracking = s.cfg.Bool("latency-tracking")
	s.hot.percentiles = s.cfg.LatencyPercentiles()
	s.hot.redisCompat = s.cfg.Bool("extended-redis-compatibility")
	s.slowlog.trim(s.hot.slowlogMaxLen)
	s.log.SetLevel(ParseLogLevel(s.cfg.String("loglevel")))
	s.applyMemoryLimit()
}

// settingParams are the parameters whose new values CONFIG SET must apply
// at once; each gets an OnChange hook that refreshes the cached copies.
var settingParams = []string{
	"proto-max-bulk-len", "client-query-buffer-limit", "maxclients", "timeout", "hz",
	"slowlog-log-slower-than", "slowlog-max-len", "latency-monitor-threshold",
	"latency-tracking", "latency-tracking-info-percentiles", "extended-redis-compatibility",
	"loglevel", "maxmemory", "maxmemory-policy",
	"list-max-listpack-size", "hash-max-listpack-entries", "hash-max-listpack-value",
	"set-max-intset-entries", "set-max-listpack-entries", "set-max-listpack-value",
	"zset-max-listpack-entries", "zset-max-listpack-value",
}

// watchSettings registers the hooks that keep the cached settings current,
// and the CONFIG RESETSTAT hook. The hooks run inside CONFIG SET, which
// holds mu.
func (s *Server) watchSettings() {
	for _, name := range settingParams {
		s.cfg.OnChange(name, func(string) error {
			s.applySettings()
			return nil
		})
	}
	s.cfg.OnResetStat(s.resetStatsLocked)
}

// applyMemoryLimit gives the Go runtime a soft memory limit above
// maxmemory, so the collector works harder before the process outgrows
// what the operator allowed. The headroom (a quarter, at least 32 MiB)
// leaves room for the collector's own slack; eviction, not the runtime,
// keeps the dataset under maxmemory. A server without maxmemory leaves the
// limit alone (GOMEMLIMIT from the environment stays in force).
func (s *Server) applyMemoryLimit() {
	maxmem := s.cfg.Var("maxmemory").Uint()
	switch {
	case maxmem > 0:
		headroom := max(maxmem/4, 32<<20)
		limit := maxmem + headroom
		if limit < maxmem || limit > math.MaxInt64 {
			limit = math.MaxInt64
		}
		debug.SetMemoryLimit(int64(limit))
		s.memLimitSet = true
	case s.memLimitSet:
		debug.SetMemoryLimit(math.MaxInt64)
		s.memLimitSet = false
	}
}

// resetStatsLocked is CONFIG RESETSTAT: it zeroes the counters of INFO
// stats, commandstats, errorstats and latencystats, as Valkey does. The
// slowlog and the latency monitor keep their entries (they have their own
// RESET subcommands). Runs inside CONFIG RESETSTAT, under mu.
func (s *Server) resetStatsLocked() {
	s.stats.connectionsReceived.Store(0)
	s.stats.rejectedConnections.Store(0)
	s.stats.commandsProcessed = 0
	s.stats.netInputBytes.Store(0)
	s.stats.netOutputBytes.Store(0)
	s.stats.errorReplies = 0
	s.stats.unexpectedErrors = 0
	clear(s.stats.errorCodes)
	s.stats.qbufLimitDisconnections.Store(0)
	s.stats.readsProcessed.Store(0)
	s.stats.ops.reset()
	s.ks.Stats = keyspace.Stats{}
	s.table.All(func(spec *command.Spec) {
		spec.Stats = command.Stats{}
		for _, sub := range spec.Subcommands {
			sub.Stats = command.Stats{}
		}
	})
}

func newRunID() string {
	var b [20]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("server: no randomness: " + err.Error()) // broken invariant of the platform
	}
	return hex.EncodeToString(b[:])
}

// Listen opens the TCP listeners named by bind and port. Port 0 picks a
// free port (tests and embedding).
func (s *Server) Listen() error {
	port := s.cfg.Int("port")
	if port == 0 && len(s.listeners) > 0 {
		return nil
	}
	for _, addr := range s.cfg.Bind() {
		optional := false
		if len(addr) > 0 && addr[0] == '-' {
			optional, addr = true, addr[1:] // "-::1": skip if unavailable
		}
		if addr == "*" {
			addr = "0.0.0.0"
		} else if addr == "::*" {
			addr = "::"
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(addr, strconv.FormatInt(port, 10)))
		if err != nil {
			if optional {
				continue
			}
			s.closeListeners()
			return fmt.Errorf("Warning: Could not create server TCP listening socket %s:%d: %w", addr, port, err)
		}
		s.listeners = append(s.listeners, ln)
		if port == 0 {
			// Every address must share the port the first one picked.
			port = int64(ln.Addr().(*net.TCPAddr).Port)
		}
	}
	if len(s.listeners) == 0 {
		return errors.New("Failed listening on any configured address")
	}
	return nil
}

// Addr is the address of the first listener, once listening.
func (s *Server) Addr() net.Addr {
	if len(s.listeners) == 0 {
		return nil
	}
	return s.listeners[0].Addr()
}

// Serve accepts connections until Shutdown. It starts the cron.
func (s *Server) Serve() error {
	if len(s.listeners) == 0 {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	s.log.setRole('M')
	s.started = time.Now()
	s.wg.Add(1)
	go s.cron()
	var wg sync.WaitGroup
	for _, ln := range s.listeners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.acceptLoop(ln)
		}()
	}
	s.log.Noticef("Ready to accept connections tcp")
	wg.Wait()
	return nil
}

// ShutdownRequested is closed when a client runs SHUTDOWN.
func (s *Server) ShutdownRequested() <-chan struct{} { return s.shutdownRequested }

// Shutdown stops accepting, closes every client and waits for the server's
// goroutines, or for ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.closeListeners()
		s.clientsMu.Lock()
		for _, c := range s.clients {
			c.kill()
		}
		s.clientsMu.Unlock()
	})
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Server) closeListeners() {
	for _, ln := range s.listeners {
		ln.Close()
	}
}

func (s *Server) acceptLoop(ln net.Listener) {
	for {
		nc, err := ln.Accept()
		if err != nil {
			select {
			case <-s.closing:
				return
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			s.log.Warningf("Accepting client connection: %v", err)
			time.Sleep(10 * time.Millisecond) // e.g. out of file descriptors
			continue
		}
		s.stats.connectionsReceived.Add(1)
		c := s.newConn(nc)
		if err := s.register(c); err != nil {
			if err == errMaxClients {
				s.stats.rejectedConnections.Add(1)
				// Valkey answers over the socket before closing it.
				nc.Write([]byte("-" + command.ErrMaxClients.Error() + "\r\n"))
			}
			nc.Close()
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			c.serve()
		}()
	}
}

var (
	errMaxClients = errors.New("max number of clients reached")
	errClosing    = errors.New("server is shutting down")
)

// register adds c to the client registry unless maxclients is reached or
// the server is closing.
func (s *Server) register(c *conn) error {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	select {
	case <-s.closing:
		return errClosing
	default:
	}
	if int64(len(s.clients)) >= s.limits.maxClients.Load() {
		return errMaxClients
	}
	s.clients[c.ID] = c
	return nil
}

func (s *Server) unregister(c *conn) {
	s.clientsMu.Lock()
	delete(s.clients, c.ID)
	s.clientsMu.Unlock()
}

// cron runs the periodic work at hz: active expiry, incremental rehashing,
// client timeouts. Each step takes the keyspace lock briefly.
func (s *Server) cron() {
	defer s.wg.Done()
	for {
		hz := min(max(s.limits.hz.Load(), 1), 500)
		tick := time.NewTimer(time.Second / time.Duration(hz))
		select {
		case <-s.closing:
			tick.Stop()
			return
		case <-tick.C:
		}
		s.mu.Lock()
		paused := s.pausedLocked(time.Now())
		s.stats.ops.sample(s.stats.commandsProcessed, s.stats.netInputBytes.Load(), s.stats.netOutputBytes.Load())
		s.mu.Unlock()
		if !paused {
			// A pause stops active expiry too, so that a paused primary's
			// data does not change under its replicas.
			s.expireCycle(time.Second / time.Duration(hz) / 4)
		}
		if s.cfg.Bool("activerehashing") {
			s.rehashCycle(time.Millisecond)
		}
		s.closeIdleClients()
	}
}

// rehashCycle moves hash-table buckets for at most budget, releasing the
// lock between steps, as Valkey spends about a millisecond per cron tick.
func (s *Server) rehashCycle(budget time.Duration) {
	deadline := time.Now().Add(budget)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		more := s.ks.RehashStep()
		s.mu.Unlock()
		if !more {
			return
		}
	}
}

// expireCycle runs active-expiry steps for at most budget, releasing the
// lock between steps so clients interleave.
func (s *Server) expireCycle(budget time.Duration) {
	deadline := time.Now().Add(budget)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		more := s.ks.ExpireStep()
		s.mu.Unlock()
		if !more {
			return
		}
	}
	s.mu.Lock()
	s.ks.Stats.ExpiredTimeCapped++
	s.mu.Unlock()
}

// closeIdleClients closes connections idle longer than timeout seconds.
// Like Valkey it spares clients that are expected to sit idle: MONITOR
// clients (and, once they exist, replicas, subscribers and clients blocked
// in a command, which have timeouts of their own).
func (s *Server) closeIdleClients() {
	timeout := s.limits.timeout.Load()
	if timeout <= 0 {
		return
	}
	limit := time.Now().Add(-time.Duration(timeout) * time.Second).UnixNano()
	var idle []*conn
	s.mu.Lock()
	s.clientsMu.Lock()
	for _, c := range s.clients {
		if c.lastInteraction.Load() < limit && !c.monitor {
			idle = append(idle, c)
		}
	}
	s.clientsMu.Unlock()
	s.mu.Unlock()
	for _, c := range idle {
		s.log.Verbosef("Closing idle client id=%d addr=%s", c.ID, c.addr)
		c.kill()
	}
}

// Logger is the server's logger.
func (s *Server) Logger() *Logger { return s.log }

// Announce logs the start-up lines Valkey prints before listening.
func (s *Server) Announce() {
	s.log.Warningf("oO0OoO0OoO0Oo trove is starting oO0OoO0OoO0Oo")
	s.log.Warningf("trove version=%s, bits=64, pid=%d, just started", Version, os.Getpid())
	if s.cfg.File() == "" {
		s.log.Warningf("Warning: no config file specified, using the default config. In order to specify a config file use trove-server /path/to/trove.conf")
	} else {
		s.log.Warningf("Configuration loaded")
	}
	s.log.setRole('M')
	s.log.Noticef("Running mode=standalone, port=%d.", s.cfg.Int("port"))
	s.log.Noticef("Server initialized")
}
