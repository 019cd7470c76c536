package config

import (
	"math"
	"strings"
)

// The parameter table. Names, aliases, defaults, bounds, accepted names and
// mutability follow valkey-server 8 as observed on the reference server
// (Redis 7.0) plus the parameters Valkey added since (marked "Valkey 8" or
// "7.2"). A parameter's position in the table is also the order CONFIG GET
// lists it in and the order CONFIG REWRITE appends new lines in.

const (
	intMin  = math.MinInt32
	intMax  = math.MaxInt32
	uintMax = math.MaxUint32
	longMax = math.MaxInt64
)

const mut pflag = 0 // mutable, the common case; reads better than a bare 0

func boolP(name string, def bool, flags pflag, aliases ...string) *param {
	return &param{name: name, aliases: aliases, kind: kindBool, flags: flags, def: formatBool(def)}
}

func intP(name string, min, max, def int64, flags pflag, aliases ...string) *param {
	return &param{name: name, aliases: aliases, kind: kindInt, flags: flags, min: min, max: max, def: itoa(def)}
}

func memP(name string, min, max int64, def string, flags pflag, aliases ...string) *param {
	return &param{name: name, aliases: aliases, kind: kindMemory, flags: flags, min: min, max: max, def: def}
}

func enumP(name string, items []enumItem, def string, flags pflag, aliases ...string) *param {
	return &param{name: name, aliases: aliases, kind: kindEnum, flags: flags, items: items, def: def}
}

func strP(name, def string, flags pflag, aliases ...string) *param {
	return &param{name: name, aliases: aliases, kind: kindString, flags: flags, def: def}
}

func specialP(name, def string, flags pflag, sp *special, aliases ...string) *param {
	return &param{name: name, aliases: aliases, kind: kindSpecial, flags: flags, def: def, sp: sp}
}

func withCheck(p *param, check func(string) string) *param {
	p.check = check
	return p
}

func itoa(n int64) string {
	if n < 0 {
		return "-" + utoa(uint64(-n))
	}
	return utoa(uint64(n))
}

func utoa(u uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			return string(b[i:])
		}
	}
}

func items(names ...string) []enumItem {
	it := make([]enumItem, len(names))
	for i, n := range names {
		it[i] = enumItem{name: n, val: int64(i)}
	}
	return it
}

var (
	yesNoLocal = items("no", "yes", "local")

	maxmemoryPolicies = items("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
		"allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction")
	// Valkey 7.2 added "nothing".
	logLevels        = items("debug", "verbose", "notice", "warning", "nothing")
	supervisedModes  = items("upstart", "systemd", "auto", "no")
	syslogFacilities = items("user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7")
	fsyncPolicies    = items("everysec", "always", "no")
	disklessLoad     = items("disabled", "on-empty-db", "swapdb")
	tlsAuthClients   = items("no", "yes", "optional")
	// "relative" is the same setting as "yes"; CONFIG GET prints "yes".
	oomScoreAdj         = []enumItem{{"no", 0}, {"yes", 1}, {"relative", 1}, {"absolute", 2}}
	aclPubsubDefault    = items("allchannels", "resetchannels")
	sanitizeDumpPayload = items("no", "yes", "clients")
	endpointTypes       = items("ip", "hostname", "unknown-endpoint")
	propagationErrors   = items("ignore", "panic", "panic-on-replicas")
	// Shutdown flags, combinable; "default" is none of them.
	shutdownFlags = []enumItem{{"default", 0}, {"save", 1}, {"nosave", 2}, {"now", 4}, {"force", 8}}
)

func shutdownP(name string) *param {
	return &param{
		name: name, kind: kindFlags, flags: flagMultiArg, items: shutdownFlags, def: "default",
		checkFlags: func(n int64) string {
			if n&1 != 0 && n&2 != 0 {
				return "shutdown options SAVE and NOSAVE can't be used simultaneously"
			}
			return ""
		},
	}
}

// Validators for string parameters.

func checkBaseName(what, kindWord string) func(string) string {
	return func(s string) string {
		if strings.ContainsAny(s, `/\`) {
			return what + " can't be a path, just a " + kindWord
		}
		return ""
	}
}

func checkHostname(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return "Hostnames may only contain alphanumeric characters, hyphens or dots"
		}
	}
	return ""
}

// checkProcTitle accepts a process title template: text with {variable}
// references to known variables, no white space at either end, and not empty
// once {title} and {server-mode} (which may expand to nothing) are removed.
func checkProcTitle(s string) string {
	const bad = "template format is invalid or contains unknown variables"
	if s == "" || s != strings.Trim(s, " ") {
		return bad
	}
	rest := 0 // characters that are not an empty-able variable
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			rest++
			continue
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return bad
		}
		switch s[i+1 : i+j] {
		case "title", "server-mode":
		case "listen-addr", "port", "tls-port", "unixsocket", "config-file":
			rest++
		default:
			return bad
		}
		i += j
	}
	if rest == 0 {
		return bad
	}
	return ""
}

func clampHz(n int64) int64 { return min(max(n, 1), 500) }

// table is every parameter, in a fixed order.
var table = []*param{
	// Booleans.
	boolP("rdbchecksum", true, flagImmutable),
	boolP("daemonize", false, flagImmutable),
	boolP("io-threads-do-reads", false, flagImmutable),
	boolP("always-show-logo", false, flagImmutable),
	boolP("protected-mode", true, mut),
	boolP("rdbcompression", true, mut),
	boolP("rdb-del-sync-files", false, mut),
	boolP("activerehashing", true, mut),
	boolP("stop-writes-on-bgsave-error", true, mut),
	boolP("set-proc-title", true, flagImmutable),
	boolP("dynamic-hz", true, mut),
	boolP("lazyfree-lazy-eviction", false, mut),
	boolP("lazyfree-lazy-expire", false, mut),
	boolP("lazyfree-lazy-server-del", false, mut),
	boolP("lazyfree-lazy-user-del", false, mut),
	boolP("lazyfree-lazy-user-flush", false, mut),
	boolP("repl-disable-tcp-nodelay", false, mut),
	boolP("repl-diskless-sync", true, mut),
	boolP("aof-rewrite-incremental-fsync", true, mut),
	boolP("no-appendfsync-on-rewrite", false, mut),
	boolP("cluster-require-full-coverage", true, mut),
	boolP("rdb-save-incremental-fsync", true, mut),
	boolP("aof-load-truncated", true, mut),
	boolP("aof-use-rdb-preamble", true, mut),
	boolP("aof-timestamp-enabled", false, mut),
	boolP("cluster-replica-no-failover", false, mut, "cluster-slave-no-failover"),
	boolP("replica-lazy-flush", false, mut, "slave-lazy-flush"),
	boolP("replica-serve-stale-data", true, mut, "slave-serve-stale-data"),
	boolP("replica-read-only", true, mut, "slave-read-only"),
	boolP("replica-ignore-maxmemory", true, mut, "slave-ignore-maxmemory"),
	boolP("jemalloc-bg-thread", true, mut),
	// Accepted and kept; trove has no allocator defragmentation to run.
	boolP("activedefrag", false, mut),
	boolP("syslog-enabled", false, flagImmutable),
	boolP("cluster-enabled", false, flagImmutable),
	boolP("appendonly", false, mut),
	boolP("cluster-allow-reads-when-down", false, mut),
	boolP("cluster-allow-pubsubshard-when-down", true, mut),
	boolP("crash-log-enabled", true, mut),
	boolP("crash-memcheck-enabled", true, mut),
	boolP("use-exit-on-panic", false, flagHidden),
	boolP("disable-thp", true, flagImmutable),
	boolP("cluster-allow-replica-migration", true, mut),
	boolP("replica-announced", true, mut),
	boolP("latency-tracking", true, mut),
	boolP("aof-disable-auto-gc", false, mut),
	boolP("replica-ignore-disk-write-errors", false, mut),
	boolP("extended-redis-compatibility", false, mut),     // Valkey 8
	boolP("hide-user-data-from-log", false, mut),          // Valkey 8
	boolP("dual-channel-replication-enabled", false, mut), // Valkey 8
	boolP("cluster-slot-stats-enabled", false, mut),       // Valkey 8

	// Strings.
	strP("aclfile", "", flagImmutable),
	strP("unixsocket", "", flagImmutable),
	strP("pidfile", "", flagImmutable),
	strP("replica-announce-ip", "", mut, "slave-announce-ip"),
	strP("primaryuser", "", flagSensitive, "masteruser"), // Valkey 8 name
	strP("cluster-announce-ip", "", mut),
	strP("cluster-config-file", "nodes.conf", flagImmutable),
	withCheck(strP("cluster-announce-hostname", "", mut), checkHostname),
	strP("cluster-announce-human-nodename", "", mut), // 7.2
	// Valkey prints its own name here; trove prints its own.
	strP("syslog-ident", "trove", flagImmutable),
	withCheck(strP("dbfilename", "dump.rdb", flagProtected), checkBaseName("dbfilename", "filename")),
	withCheck(strP("appendfilename", "appendonly.aof", flagImmutable), checkBaseName("appendfilename", "filename")),
	withCheck(strP("appenddirname", "appendonlydir", flagImmutable), checkBaseName("appenddirname", "dirname")),
	strP("server-cpulist", "", flagImmutable, "server_cpulist"),           // dashed name since 7.2
	strP("bio-cpulist", "", flagImmutable, "bio_cpulist"),                 // dashed name since 7.2
	strP("aof-rewrite-cpulist", "", flagImmutable, "aof_rewrite_cpulist"), // dashed name since 7.2
	strP("bgsave-cpulist", "", flagImmutable, "bgsave_cpulist"),           // dashed name since 7.2
	strP("ignore-warnings", "", mut),
	withCheck(strP("proc-title-template", "{title} {listen-addr} {server-mode}", mut), checkProcTitle),
	strP("bind-source-addr", "", mut),
	strP("logfile", "", flagImmutable),
	strP("locale-collate", "", mut),                      // 7.2
	strP("primaryauth", "", flagSensitive, "masterauth"), // Valkey 8 name
	strP("requirepass", "", flagSensitive),

	// Enums.
	enumP("supervised", supervisedModes, "no", flagImmutable),
	enumP("syslog-facility", syslogFacilities, "local0", flagImmutable),
	enumP("repl-diskless-load", disklessLoad, "disabled", mut),
	enumP("loglevel", logLevels, "notice", mut),
	enumP("maxmemory-policy", maxmemoryPolicies, "noeviction", mut),
	enumP("appendfsync", fsyncPolicies, "everysec", mut),
	enumP("oom-score-adj", oomScoreAdj, "no", mut),
	enumP("acl-pubsub-default", aclPubsubDefault, "resetchannels", mut),
	enumP("sanitize-dump-payload", sanitizeDumpPayload, "no", mut),
	enumP("enable-protected-configs", yesNoLocal, "no", flagImmutable),
	enumP("enable-debug-command", yesNoLocal, "no", flagImmutable),
	enumP("enable-module-command", yesNoLocal, "no", flagImmutable),
	enumP("cluster-preferred-endpoint-type", endpointTypes, "ip", mut),
	enumP("propagation-error-behavior", propagationErrors, "ignore", mut),
	shutdownP("shutdown-on-sigint"),
	shutdownP("shutdown-on-sigterm"),

	// Integers.
	intP("databases", 1, intMax, 16, flagImmutable),
	intP("port", 0, 65535, 6379, mut),
	intP("io-threads", 1, 128, 1, flagImmutable),
	intP("auto-aof-rewrite-percentage", 0, intMax, 100, mut),
	intP("cluster-replica-validity-factor", 0, intMax, 10, mut, "cluster-slave-validity-factor"),
	intP("list-max-listpack-size", intMin, intMax, -2, mut, "list-max-ziplist-size"),
	intP("tcp-keepalive", 0, intMax, 300, mut),
	intP("cluster-migration-barrier", 0, intMax, 1, mut),
	intP("active-defrag-cycle-min", 1, 99, 1, mut),
	intP("active-defrag-cycle-max", 1, 99, 25, mut),
	intP("active-defrag-threshold-lower", 0, 1000, 10, mut),
	intP("active-defrag-threshold-upper", 0, 1000, 100, mut),
	intP("lfu-log-factor", 0, intMax, 10, mut),
	intP("lfu-decay-time", 0, intMax, 1, mut),
	intP("replica-priority", 0, intMax, 100, mut, "slave-priority"),
	intP("repl-diskless-sync-delay", 0, intMax, 5, mut),
	intP("maxmemory-samples", 1, intMax, 5, mut),
	intP("maxmemory-eviction-tenacity", 0, 100, 10, mut),
	intP("timeout", 0, intMax, 0, mut),
	intP("replica-announce-port", 0, 65535, 0, mut, "slave-announce-port"),
	intP("tcp-backlog", 0, intMax, 511, flagImmutable),
	intP("cluster-port", 0, 65535, 0, flagImmutable),
	intP("cluster-announce-bus-port", 0, 65535, 0, mut),
	intP("cluster-announce-port", 0, 65535, 0, mut),
	intP("cluster-announce-tls-port", 0, 65535, 0, mut),
	intP("repl-timeout", 1, intMax, 60, mut),
	intP("repl-ping-replica-period", 1, intMax, 10, mut, "repl-ping-slave-period"),
	intP("list-compress-depth", 0, intMax, 0, mut),
	intP("rdb-key-save-delay", intMin, intMax, 0, flagHidden),
	intP("key-load-delay", intMin, intMax, 0, flagHidden),
	intP("active-expire-effort", 1, 10, 1, mut),
	{name: "hz", kind: kindInt, min: 0, max: intMax, def: "10", fix: clampHz},
	intP("min-replicas-to-write", 0, intMax, 0, mut, "min-slaves-to-write"),
	intP("min-replicas-max-lag", 0, intMax, 10, mut, "min-slaves-max-lag"),
	intP("watchdog-period", 0, intMax, 0, flagHidden),
	intP("shutdown-timeout", 0, intMax, 10, mut),
	intP("repl-diskless-sync-max-replicas", 0, intMax, 0, mut),
	intP("maxclients", 1, uintMax, 10000, mut),
	{name: "unixsocketperm", kind: kindOctal, flags: flagImmutable, min: 0, max: 0o777, def: "0"},
	intP("socket-mark-id", 0, uintMax, 0, flagImmutable),
	intP("max-new-connections-per-cycle", 1, 1000, 10, mut),    // Valkey 8
	intP("max-new-tls-connections-per-cycle", 1, 1000, 1, mut), // Valkey 8
	intP("active-defrag-max-scan-fields", 1, longMax, 1000, mut),
	intP("slowlog-max-len", 0, longMax, 128, mut),
	intP("acllog-max-len", 0, longMax, 128, mut),
	intP("busy-reply-threshold", 0, longMax, 5000, mut, "lua-time-limit"),
	intP("cluster-node-timeout", 0, longMax, 15000, mut),
	intP("slowlog-log-slower-than", -1, longMax, 10000, mut),
	intP("latency-monitor-threshold", 0, longMax, 0, mut),
	intP("stream-node-max-entries", 0, longMax, 100, mut),
	intP("hash-max-listpack-entries", 0, longMax, 512, mut, "hash-max-ziplist-entries"),
	intP("set-max-intset-entries", 0, longMax, 512, mut),
	intP("set-max-listpack-entries", 0, longMax, 128, mut), // 7.2
	intP("set-max-listpack-value", 0, longMax, 64, mut),    // 7.2
	intP("zset-max-listpack-entries", 0, longMax, 128, mut, "zset-max-ziplist-entries"),
	intP("tracking-table-max-keys", 0, longMax, 1000000, mut),
	intP("repl-backlog-ttl", 0, longMax, 3600, mut),
	intP("loading-process-events-interval-bytes", 1024, intMax, 2*1024*1024, flagHidden),
	intP("tls-port", 0, 65535, 0, mut),
	intP("tls-session-cache-size", 0, intMax, 20*1024, mut),
	intP("tls-session-cache-timeout", 0, intMax, 300, mut),

	// Memory sizes.
	memP("proto-max-bulk-len", 1024*1024, longMax, "536870912", mut),
	memP("repl-backlog-size", 1, longMax, "1048576", mut),
	memP("maxmemory", 0, 0, "0", flagUnsigned),
	memP("cluster-link-sendbuf-limit", 0, 0, "0", flagUnsigned),
	memP("active-defrag-ignore-bytes", 1, longMax, "104857600", mut),
	memP("hash-max-listpack-value", 0, longMax, "64", mut, "hash-max-ziplist-value"),
	memP("stream-node-max-bytes", 0, longMax, "4096", mut),
	memP("zset-max-listpack-value", 0, longMax, "64", mut, "zset-max-ziplist-value"),
	memP("hll-sparse-max-bytes", 0, longMax, "3000", mut),
	memP("client-query-buffer-limit", 1024*1024, longMax, "1073741824", mut),
	memP("maxmemory-clients", -100, longMax, "0", flagPercent),
	memP("auto-aof-rewrite-min-size", 0, longMax, "67108864", mut),

	// TLS.
	boolP("tls-cluster", false, mut),
	boolP("tls-replication", false, mut),
	enumP("tls-auth-clients", tlsAuthClients, "yes", mut),
	boolP("tls-prefer-server-ciphers", false, mut),
	boolP("tls-session-caching", true, mut),
	strP("tls-cert-file", "", mut),
	strP("tls-key-file", "", mut),
	strP("tls-key-file-pass", "", flagSensitive),
	strP("tls-client-cert-file", "", mut),
	strP("tls-client-key-file", "", mut),
	strP("tls-client-key-file-pass", "", flagSensitive),
	strP("tls-dh-params-file", "", mut),
	strP("tls-ca-cert-file", "", mut),
	strP("tls-ca-cert-dir", "", mut),
	strP("tls-protocols", "", mut),
	strP("tls-ciphers", "", mut),
	strP("tls-ciphersuites", "", mut),

	// Special parameters.
	// dir's default is the working directory when New is called.
	specialP("dir", "", flagProtected, &special{parse: parseDir, get: getDir, rewrite: rewriteDir}),
	specialP("save", "3600 1 300 100 60 10000", flagMultiArg, &special{parse: parseSave, get: getSave, rewrite: rewriteSave}),
	specialP("client-output-buffer-limit", "normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60", flagMultiArg,
		&special{parse: parseCOB, get: getCOB, rewrite: rewriteCOB}),
	specialP("oom-score-adj-values", "0 200 800", flagMultiArg, &special{parse: parseOOMValues, get: getOOMValues,
		rewrite: func(p *param, v, def value) []rwLine {
			return []rwLine{{text: p.name + " " + getOOMValues(v), force: getOOMValues(v) != getOOMValues(def)}}
		}}),
	specialP("notify-keyspace-events", `""`, mut, &special{parse: parseNotify, get: getNotify, rewrite: rewriteNotify}),
	// trove listens on every interface by default, as Valkey does.
	specialP("bind", "* -::*", flagMultiArg, &special{parse: parseBind, get: getBind, rewrite: rewriteBind}),
	specialP("replicaof", "no one", flagMultiArg|flagImmutable, &special{parse: parseReplicaOf, get: getReplicaOf, rewrite: rewriteReplicaOf}, "slaveof"),
	specialP("latency-tracking-info-percentiles", "50 99 99.9", flagMultiArg,
		&special{parse: parsePercentiles, get: getPercentiles, rewrite: rewritePercentiles}),
}

// deprecated lists directives the config file still accepts and ignores, with
// the number of arguments (after the name) they must have.
var deprecated = map[string]int{
	"list-max-ziplist-entries": 1,
	"list-max-ziplist-value":   1,
	"lua-replicate-commands":   1,
}

var (
	// byName maps every lower-case name and alias to its parameter.
	byName = map[string]entry{}
	// defaults holds each parameter's default value, by table index. dir's
	// entry is filled in by New.
	defaults []value
	dirIndex int
)

func init() {
	defaults = make([]value, len(table))
	for i, p := range table {
		p.index = i
		if _, dup := byName[p.name]; dup {
			panic("config: duplicate parameter " + p.name)
		}
		byName[p.name] = entry{p: p, name: p.name}
		for _, a := range p.aliases {
			if _, dup := byName[a]; dup {
				panic("config: duplicate parameter " + a)
			}
			byName[a] = entry{p: p, name: a, alias: true}
		}
		if p.name == "dir" {
			dirIndex = i
			continue
		}
		args := []string{p.def}
		if p.is(flagMultiArg) || p.kind == kindSpecial {
			var ok bool
			if args, ok = splitArgs(p.def); !ok {
				panic("config: bad default for " + p.name)
			}
		}
		v, reason := p.parse(args, value{x: zeroSpecial(p)}, nil)
		if reason != "" {
			panic("config: bad default for " + p.name + ": " + reason)
		}
		defaults[i] = v
	}
}

// zeroSpecial is the value a special parameter's default is parsed on top of.
func zeroSpecial(p *param) any {
	if p.name == "client-output-buffer-limit" {
		return [3]BufferLimit{}
	}
	return nil
}
