package server

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/trove-db/trove/internal/command"
)

// infoCommands is INFO.
func (s *Server) infoCommands() []*command.Spec {
	return []*command.Spec{
		{Name: "info", Arity: -1, Flags: command.FlagLoading | command.FlagStale, Categories: command.CatDangerous,
			Group: "server", Since: "1.0.0", Summary: "Reports information and statistics about the server.",
			Complexity: "O(1)",
			Tips:       []string{"nondeterministic_output", "request_policy:all_shards", "response_policy:special"},
			History:    [][2]string{{"7.0.0", "Accepts several section arguments."}},
			Args:       []command.Arg{{Name: "section", Type: "string", Optional: true, Multiple: true}},
			Handler:    s.info},
	}
}

// infoSections are INFO's sections in output order. all covers every one
// of them; default those marked; everything adds module-generated ones
// (none yet).
var infoSections = []struct {
	name string
	def  bool
}{
	{"server", true}, {"clients", true}, {"memory", true}, {"persistence", true}, {"stats", true},
	{"replication", true}, {"cpu", true}, {"modules", true}, {"commandstats", false}, {"errorstats", true},
	{"latencystats", false}, {"cluster", true}, {"keyspace", true},
}

// INFO [section [section ...]]
//
// Sections are named in any case; "default" (the same as no argument)
// stands for the usual sections, "all" for every section, "everything"
// for every section and module-generated ones. Unknown names add nothing.
func (s *Server) info(c *command.Ctx) error {
	want := map[string]bool{}
	all := false
	if len(c.Args) == 1 {
		want["default"] = true
	}
	for _, a := range c.Args[1:] {
		name := strings.ToLower(string(a))
		switch name {
		case "all", "everything":
			all = true
		default:
			want[name] = true
		}
	}
	if want["default"] {
		for _, sec := range infoSections {
			if sec.def {
				want[sec.name] = true
			}
		}
	}
	if want["module_list"] {
		want["modules"] = true
	}
	var b infoBuilder
	for _, sec := range infoSections {
		if !all && !want[sec.name] {
			continue
		}
		if b.sections > 0 {
			b.buf = append(b.buf, "\r\n"...)
		}
		b.sections++
		s.infoSection(&b, sec.name, c)
	}
	c.W.Verbatim("txt", string(b.buf))
	return nil
}

// infoBuilder accumulates INFO's text.
type infoBuilder struct {
	buf      []byte
	sections int
}

func (b *infoBuilder) header(title string) {
	b.buf = append(b.buf, "# "...)
	b.buf = append(b.buf, title...)
	b.buf = append(b.buf, "\r\n"...)
}

func (b *infoBuilder) str(name, v string) {
	b.buf = append(b.buf, name...)
	b.buf = append(b.buf, ':')
	b.buf = append(b.buf, v...)
	b.buf = append(b.buf, "\r\n"...)
}

func (b *infoBuilder) num(name string, v int64) {
	b.buf = append(b.buf, name...)
	b.buf = append(b.buf, ':')
	b.buf = strconv.AppendInt(b.buf, v, 10)
	b.buf = append(b.buf, "\r\n"...)
}

// float writes v with two decimals, as Valkey's %.2f.
func (b *infoBuilder) float(name string, v float64) { b.str(name, strconv.FormatFloat(v, 'f', 2, 64)) }

// infoSection writes one section. Called with mu held.
func (s *Server) infoSection(b *infoBuilder, name string, c *command.Ctx) {
	switch name {
	case "server":
		s.infoServer(b)
	case "clients":
		s.infoClients(b)
	case "memory":
		s.infoMemory(b)
	case "persistence":
		s.infoPersistence(b)
	case "stats":
		s.infoStats(b)
	case "replication":
		s.infoReplication(b)
	case "cpu":
		infoCPU(b)
	case "modules":
		b.header("Modules")
	case "commandstats":
		s.infoCommandStats(b)
	case "errorstats":
		s.infoErrorStats(b)
	case "latencystats":
		s.infoLatencyStats(b)
	case "cluster":
		b.header("Cluster")
		b.num("cluster_enabled", 0)
	case "keyspace":
		b.header("Keyspace")
		for i := 0; i < c.KS.Len(); i++ {
			db := c.KS.DB(i)
			keys, expires := db.Len(), db.ExpiresLen()
			if keys == 0 && expires == 0 {
				continue
			}
			b.str("db"+strconv.Itoa(i), "keys="+strconv.Itoa(keys)+",expires="+strconv.Itoa(expires)+
				",avg_ttl="+strconv.FormatInt(db.AvgTTL(), 10))
		}
	}
}

// host facts that do not change while the server runs.
var host struct {
	once        sync.Once
	os          string
	executable  string
	totalMemory int64
	buildID     string
}

func loadHost() {
	host.once.Do(func() {
		var u syscall.Utsname
		if syscall.Uname(&u) == nil {
			host.os = utsString(u.Sysname[:]) + " " + utsString(u.Release[:]) + " " + utsString(u.Machine[:])
		} else {
			host.os = runtime.GOOS + " " + runtime.GOARCH
		}
		host.executable, _ = os.Executable()
		host.totalMemory = meminfoTotal()
		// A stable build identifier derived from the binary's version.
		h := uint64(14695981039346656037)
		for _, ch := range []byte(Version + runtime.Version()) {
			h = (h ^ uint64(ch)) * 1099511628211
		}
		host.buildID = strconv.FormatUint(h, 16)
	})
}

func utsString(f []int8) string {
	b := make([]byte, 0, len(f))
	for _, c := range f {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	return string(b)
}

// meminfoTotal reads MemTotal from /proc/meminfo, 0 when unavailable.
func meminfoTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func (s *Server) infoServer(b *infoBuilder) {
	loadHost()
	now := time.Now()
	uptime := int64(now.Sub(s.started) / time.Second)
	if s.started.IsZero() {
		uptime = 0
	}
	b.header("Server")
	b.str("redis_version", RedisVersion)
	b.str("server_name", "valkey")
	b.str("valkey_version", Version)
	b.str("redis_git_sha1", "00000000")
	b.num("redis_git_dirty", 0)
	b.str("redis_build_id", host.buildID)
	if s.hot.redisCompat {
		b.str("redis_mode", "standalone")
	} else {
		b.str("server_mode", "standalone")
	}
	b.str("os", host.os)
	b.num("arch_bits", 64)
	b.str("monotonic_clock", "POSIX clock_gettime")
	b.str("multiplexing_api", "epoll")
	b.str("atomicvar_api", "c11-builtin")
	// trove is not built by gcc; Valkey's tools expect a dotted version.
	b.str("gcc_version", "0.0.0")
	b.num("process_id", int64(os.Getpid()))
	b.str("process_supervised", "no")
	b.str("run_id", s.runID)
	port := int64(0)
	if a, ok := s.Addr().(*net.TCPAddr); ok {
		port = int64(a.Port)
	}
	b.num("tcp_port", port)
	b.num("server_time_usec", now.UnixMicro())
	b.num("uptime_in_seconds", uptime)
	b.num("uptime_in_days", uptime/(3600*24))
	hz := s.limits.hz.Load()
	b.num("hz", hz)
	b.num("configured_hz", hz)
	b.num("lru_clock", int64(uint32(now.Unix())&(1<<24-1)))
	b.str("executable", host.executable)
	b.str("config_file", s.cfg.File())
	b.num("io_threads_active", 0)
	if len(s.listeners) > 0 {
		line := "name=tcp"
		for _, addr := range s.cfg.Bind() {
			line += ",bind=" + addr
		}
		b.str("listener0", line+",port="+strconv.FormatInt(port, 10))
	}
}

func (s *Server) infoClients(b *infoBuilder) {
	s.clientsMu.Lock()
	n := len(s.clients)
	s.clientsMu.Unlock()
	b.header("Clients")
	b.num("connected_clients", int64(n))
	b.num("cluster_connections", 0)
	b.num("maxclients", s.limits.maxClients.Load())
	b.num("client_recent_max_input_buffer", 0)
	b.num("client_recent_max_output_buffer", 0)
	b.num("blocked_clients", 0)
	b.num("tracking_clients", 0)
	b.num("pubsub_clients", 0)
	b.num("watching_clients", 0)
	b.num("clients_in_timeout_table", 0)
	b.num("total_watched_keys", 0)
	b.num("total_blocking_keys", 0)
	b.num("total_blocking_keys_on_nokey", 0)
}

// memSample names the runtime metrics INFO memory reads. runtime/metrics
// reads these without stopping the world, unlike runtime.ReadMemStats.
var memSampleNames = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

// memStats are the figures INFO memory derives its fields from.
type memStats struct {
	used, unused, total, released uint64
	rss                           uint64
}

func readMemStats() memStats {
	samples := make([]metrics.Sample, len(memSampleNames))
	for i, n := range memSampleNames {
		samples[i].Name = n
	}
	metrics.Read(samples)
	v := func(i int) uint64 {
		if samples[i].Value.Kind() == metrics.KindUint64 {
			return samples[i].Value.Uint64()
		}
		return 0
	}
	m := memStats{used: v(0), unused: v(1), total: v(2), released: v(3)}
	m.rss = processRSS()
	if m.rss == 0 {
		m.rss = m.total - m.released
	}
	return m
}

// processRSS reads the resident set size from /proc/self/statm.
func processRSS() uint64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := bytes.Fields(data)
	if len(fields) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(string(fields[1]), 10, 64)
	return pages * uint64(os.Getpagesize())
}

// usedMemory is used_memory: the bytes of live heap objects.
func usedMemory() uint64 {
	s := []metrics.Sample{{Name: memSampleNames[0]}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		return s[0].Value.Uint64()
	}
	return 0
}

// bytesToHuman formats a byte count as Valkey does: 1023B, 1.50K, 2.00M.
func bytesToHuman(n uint64) string {
	f := float64(n)
	switch {
	case n < 1024:
		return strconv.FormatUint(n, 10) + "B"
	case n < 1<<20:
		return strconv.FormatFloat(f/(1<<10), 'f', 2, 64) + "K"
	case n < 1<<30:
		return strconv.FormatFloat(f/(1<<20), 'f', 2, 64) + "M"
	case n < 1<<40:
		return strconv.FormatFloat(f/(1<<30), 'f', 2, 64) + "G"
	case n < 1<<50:
		return strconv.FormatFloat(f/(1<<40), 'f', 2, 64) + "T"
	case n < 1<<60:
		return strconv.FormatFloat(f/(1<<50), 'f', 2, 64) + "P"
	}
	return strconv.FormatFloat(f/(1<<60), 'f', 2, 64) + "E"
}

func (s *Server) infoMemory(b *infoBuilder) {
	loadHost()
	m := readMemStats()
	s.stats.peakMemory = max(s.stats.peakMemory, m.used)
	startup := s.startupMemory
	s.clientsMu.Lock()
	clients := uint64(len(s.clients)) * clientOverhead
	s.clientsMu.Unlock()
	overhead := min(startup+clients, m.used)
	dataset := m.used - overhead
	ratio := func(a, b uint64) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	perc := func(a, b uint64) string {
		return strconv.FormatFloat(ratio(a, b)*100, 'f', 2, 64) + "%"
	}
	maxmem := s.cfg.Var("maxmemory").Uint()
	active := m.used + m.unused
	resident := m.total - m.released
	b.header("Memory")
	b.num("used_memory", int64(m.used))
	b.str("used_memory_human", bytesToHuman(m.used))
	b.num("used_memory_rss", int64(m.rss))
	b.str("used_memory_rss_human", bytesToHuman(m.rss))
	b.num("used_memory_peak", int64(s.stats.peakMemory))
	b.str("used_memory_peak_human", bytesToHuman(s.stats.peakMemory))
	b.str("used_memory_peak_perc", perc(m.used, s.stats.peakMemory))
	b.num("used_memory_overhead", int64(overhead))
	b.num("used_memory_startup", int64(startup))
	b.num("used_memory_dataset", int64(dataset))
	b.str("used_memory_dataset_perc", perc(dataset, m.used-min(startup, m.used)))
	b.num("allocator_allocated", int64(m.used))
	b.num("allocator_active", int64(active))
	b.num("allocator_resident", int64(resident))
	b.num("allocator_muzzy", 0)
	b.num("total_system_memory", host.totalMemory)
	b.str("total_system_memory_human", bytesToHuman(uint64(host.totalMemory)))
	// No scripting engine yet: the Lua and function figures are zero.
	b.num("used_memory_lua", 0)
	b.num("used_memory_vm_eval", 0)
	b.str("used_memory_lua_human", "0B")
	b.num("used_memory_scripts_eval", 0)
	b.num("number_of_cached_scripts", 0)
	b.num("number_of_functions", 0)
	b.num("number_of_libraries", 0)
	b.num("used_memory_vm_functions", 0)
	b.num("used_memory_vm_total", 0)
	b.str("used_memory_vm_total_human", "0B")
	b.num("used_memory_functions", 0)
	b.num("used_memory_scripts", 0)
	b.str("used_memory_scripts_human", "0B")
	b.num("maxmemory", int64(maxmem))
	b.str("maxmemory_human", bytesToHuman(maxmem))
	b.str("maxmemory_policy", s.cfg.String("maxmemory-policy"))
	b.float("allocator_frag_ratio", ratio(active, m.used))
	b.num("allocator_frag_bytes", int64(active-m.used))
	b.float("allocator_rss_ratio", ratio(resident, active))
	b.num("allocator_rss_bytes", int64(resident)-int64(active))
	b.float("rss_overhead_ratio", ratio(m.rss, resident))
	b.num("rss_overhead_bytes", int64(m.rss)-int64(resident))
	b.float("mem_fragmentation_ratio", ratio(m.rss, m.used))
	b.num("mem_fragmentation_bytes", int64(m.rss)-int64(m.used))
	b.num("mem_not_counted_for_evict", 0)
	b.num("mem_replication_backlog", 0)
	b.num("mem_total_replication_buffers", 0)
	b.num("mem_clients_slaves", 0)
	b.num("mem_clients_normal", int64(clients))
	b.num("mem_cluster_links", 0)
	b.num("mem_aof_buffer", 0)
	b.str("mem_allocator", "go-"+runtime.Version())
	b.num("mem_overhead_db_hashtable_rehashing", 0)
	b.num("active_defrag_running", 0)
	b.num("lazyfree_pending_objects", 0)
	b.num("lazyfreed_objects", 0)
}

func (s *Server) infoPersistence(b *infoBuilder) {
	// Nothing is saved yet: the fields say so honestly (no save ran, none
	// runs, the AOF is off).
	b.header("Persistence")
	b.num("loading", 0)
	b.num("async_loading", 0)
	b.num("current_cow_peak", 0)
	b.num("current_cow_size", 0)
	b.num("current_cow_size_age", 0)
	b.str("current_fork_perc", "0.00")
	b.num("current_save_keys_processed", 0)
	b.num("current_save_keys_total", 0)
	b.num("rdb_changes_since_last_save", s.ks.Dirty)
	b.num("rdb_bgsave_in_progress", 0)
	b.num("rdb_last_save_time", s.stats.lastSave)
	b.str("rdb_last_bgsave_status", "ok")
	b.num("rdb_last_bgsave_time_sec", -1)
	b.num("rdb_current_bgsave_time_sec", -1)
	b.num("rdb_saves", 0)
	b.num("rdb_last_cow_size", 0)
	b.num("rdb_last_load_keys_expired", 0)
	b.num("rdb_last_load_keys_loaded", 0)
	b.num("aof_enabled", 0)
	b.num("aof_rewrite_in_progress", 0)
	b.num("aof_rewrite_scheduled", 0)
	b.num("aof_last_rewrite_time_sec", -1)
	b.num("aof_current_rewrite_time_sec", -1)
	b.str("aof_last_bgrewrite_status", "ok")
	b.num("aof_rewrites", 0)
	b.num("aof_rewrites_consecutive_failures", 0)
	b.str("aof_last_write_status", "ok")
	b.num("aof_last_cow_size", 0)
	b.num("module_fork_in_progress", 0)
	b.num("module_fork_last_cow_size", 0)
}

func (s *Server) infoStats(b *infoBuilder) {
	st := &s.stats
	ks := &s.ks.Stats
	ops, inKbps, outKbps := st.ops.rates()
	b.header("Stats")
	b.num("total_connections_received", st.connectionsReceived.Load())
	b.num("total_commands_processed", st.commandsProcessed)
	b.num("instantaneous_ops_per_sec", int64(ops))
	b.num("total_net_input_bytes", st.netInputBytes.Load())
	b.num("total_net_output_bytes", st.netOutputBytes.Load())
	b.num("total_net_repl_input_bytes", 0)
	b.num("total_net_repl_output_bytes", 0)
	b.float("instantaneous_input_kbps", inKbps)
	b.float("instantaneous_output_kbps", outKbps)
	b.str("instantaneous_input_repl_kbps", "0.00")
	b.str("instantaneous_output_repl_kbps", "0.00")
	b.num("rejected_connections", st.rejectedConnections.Load())
	b.num("sync_full", 0)
	b.num("sync_partial_ok", 0)
	b.num("sync_partial_err", 0)
	b.num("expired_keys", ks.ExpiredKeys)
	b.float("expired_stale_perc", s.ks.StalePercent())
	b.num("expired_time_cap_reached_count", ks.ExpiredTimeCapped)
	b.num("expire_cycle_cpu_milliseconds", 0)
	b.num("evicted_keys", ks.EvictedKeys)
	b.num("evicted_clients", 0)
	b.num("evicted_scripts", 0)
	b.num("total_eviction_exceeded_time", 0)
	b.num("current_eviction_exceeded_time", 0)
	b.num("keyspace_hits", ks.Hits)
	b.num("keyspace_misses", ks.Misses)
	b.num("pubsub_channels", 0)
	b.num("pubsub_patterns", 0)
	b.num("pubsubshard_channels", 0)
	b.num("latest_fork_usec", 0)
	b.num("total_forks", 0)
	b.num("migrate_cached_sockets", 0)
	b.num("slave_expires_tracked_keys", 0)
	b.num("active_defrag_hits", 0)
	b.num("active_defrag_misses", 0)
	b.num("active_defrag_key_hits", 0)
	b.num("active_defrag_key_misses", 0)
	b.num("total_active_defrag_time", 0)
	b.num("current_active_defrag_time", 0)
	b.num("tracking_total_keys", 0)
	b.num("tracking_total_items", 0)
	b.num("tracking_total_prefixes", 0)
	b.num("unexpected_error_replies", st.unexpectedErrors)
	b.num("total_error_replies", st.errorReplies)
	b.num("dump_payload_sanitizations", 0)
	b.num("total_reads_processed", st.readsProcessed.Load())
	b.num("total_writes_processed", 0)
	b.num("io_threaded_reads_processed", 0)
	b.num("io_threaded_writes_processed", 0)
	b.num("client_query_buffer_limit_disconnections", st.qbufLimitDisconnections.Load())
	b.num("client_output_buffer_limit_disconnections", 0)
	b.num("reply_buffer_shrinks", 0)
	b.num("reply_buffer_expands", 0)
	b.num("eventloop_cycles", 0)
	b.num("eventloop_duration_sum", 0)
	b.num("eventloop_duration_cmd_sum", 0)
	b.num("instantaneous_eventloop_cycles_per_sec", 0)
	b.num("instantaneous_eventloop_duration_usec", 0)
	b.num("acl_access_denied_auth", 0)
	b.num("acl_access_denied_cmd", 0)
	b.num("acl_access_denied_key", 0)
	b.num("acl_access_denied_channel", 0)
}

func (s *Server) infoReplication(b *infoBuilder) {
	b.header("Replication")
	b.str("role", "master")
	b.num("connected_slaves", 0)
	b.str("master_failover_state", "no-failover")
	b.str("master_replid", s.replID)
	b.str("master_replid2", strings.Repeat("0", 40))
	b.num("master_repl_offset", 0)
	b.num("second_repl_offset", -1)
	b.num("repl_backlog_active", 0)
	b.num("repl_backlog_size", s.cfg.Int("repl-backlog-size"))
	b.num("repl_backlog_first_byte_offset", 0)
	b.num("repl_backlog_histlen", 0)
}

// infoCPU reports getrusage. Go multiplexes goroutines over threads, so
// there is no main thread to single out: the *_main_thread fields repeat
// the process figures.
func infoCPU(b *infoBuilder) {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	tv := func(t syscall.Timeval) string { return fmt.Sprintf("%d.%06d", t.Sec, t.Usec) }
	b.header("CPU")
	b.str("used_cpu_sys", tv(self.Stime))
	b.str("used_cpu_user", tv(self.Utime))
	b.str("used_cpu_sys_children", tv(children.Stime))
	b.str("used_cpu_user_children", tv(children.Utime))
	b.str("used_cpu_sys_main_thread", tv(self.Stime))
	b.str("used_cpu_user_main_thread", tv(self.Utime))
}

// allSpecs returns every command and subcommand that has run, by name.
func (s *Server) allSpecs(keep func(*command.Spec) bool) []*command.Spec {
	var out []*command.Spec
	for _, sp := range s.sortedCommands() {
		if keep(sp) {
			out = append(out, sp)
		}
		for _, sub := range sp.Subcommands {
			if keep(sub) {
				out = append(out, sub)
			}
		}
	}
	return out
}

func (s *Server) infoCommandStats(b *infoBuilder) {
	b.header("Commandstats")
	for _, sp := range s.allSpecs(func(sp *command.Spec) bool {
		return sp.Stats.Calls != 0 || sp.Stats.FailedCalls != 0 || sp.Stats.RejectedCalls != 0
	}) {
		st := &sp.Stats
		perCall := 0.0
		if st.Calls != 0 {
			perCall = float64(st.Usec) / float64(st.Calls)
		}
		b.str("cmdstat_"+sp.FullName(), "calls="+strconv.FormatInt(st.Calls, 10)+
			",usec="+strconv.FormatInt(st.Usec, 10)+
			",usec_per_call="+strconv.FormatFloat(perCall, 'f', 2, 64)+
			",rejected_calls="+strconv.FormatInt(st.RejectedCalls, 10)+
			",failed_calls="+strconv.FormatInt(st.FailedCalls, 10))
	}
}

func (s *Server) infoErrorStats(b *infoBuilder) {
	b.header("Errorstats")
	codes := make([]string, 0, len(s.stats.errorCodes))
	for code := range s.stats.errorCodes {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		b.str("errorstat_"+code, "count="+strconv.FormatInt(s.stats.errorCodes[code], 10))
	}
}

func (s *Server) infoLatencyStats(b *infoBuilder) {
	b.header("Latencystats")
	if !s.hot.latencyTracking {
		return
	}
	for _, sp := range s.allSpecs(func(sp *command.Spec) bool { return sp.Stats.Latency != nil }) {
		line := append([]byte(nil), "latency_percentiles_usec_"...)
		line = append(line, sp.FullName()...)
		line = append(line, ':')
		line = appendPercentiles(line, sp.Stats.Latency, s.hot.percentiles)
		b.buf = append(b.buf, line...)
		b.buf = append(b.buf, "\r\n"...)
	}
}

// opsMeter estimates instantaneous_ops_per_sec and the kbps figures the way
// Valkey does: the cron samples the counters every tick, and the rate is
// the mean over the last opsSamples samples. Guarded by mu.
type opsMeter struct {
	last                   time.Time
	lastOps, lastIn, lastO int64
	ops, in, out           [opsSamples]float64
	n, next                int
}

const opsSamples = 16

func (m *opsMeter) sample(ops, in, out int64) {
	now := time.Now()
	if !m.last.IsZero() {
		dt := now.Sub(m.last).Seconds()
		if dt > 0 {
			m.ops[m.next] = float64(ops-m.lastOps) / dt
			m.in[m.next] = float64(in-m.lastIn) / dt
			m.out[m.next] = float64(out-m.lastO) / dt
			m.next = (m.next + 1) % opsSamples
			m.n = min(m.n+1, opsSamples)
		}
	}
	m.last, m.lastOps, m.lastIn, m.lastO = now, ops, in, out
}

// rates returns operations per second and input and output KiB per second.
func (m *opsMeter) rates() (ops, inKbps, outKbps float64) {
	if m.n == 0 {
		return 0, 0, 0
	}
	for i := 0; i < m.n; i++ {
		ops += m.ops[i]
		inKbps += m.in[i]
		outKbps += m.out[i]
	}
	n := float64(m.n)
	return ops / n, inKbps / n / 1024, outKbps / n / 1024
}

func (m *opsMeter) reset() { *m = opsMeter{} }
