package config

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The differential tests compare the table with the reference server
// (redis-server 7.0, which trove's Valkey 8 target forked from). They skip
// when redis-server is not installed.

// intentionalDiffs are the parameters whose value trove reports differently
// from the reference server on purpose.
var intentionalDiffs = map[string]string{
	"syslog-ident": "the server's own name: redis prints redis, trove prints trove",
}

// valkeyOnly are the names trove has that the reference server (7.0) lacks:
// parameters added by Redis 7.2 and Valkey 8, and the names Valkey gave to
// existing ones (server-cpulist for server_cpulist, primaryauth for
// masterauth, ...).
var valkeyOnly = map[string]bool{
	"extended-redis-compatibility": true, "hide-user-data-from-log": true,
	"dual-channel-replication-enabled": true, "cluster-slot-stats-enabled": true,
	"max-new-connections-per-cycle": true, "max-new-tls-connections-per-cycle": true,
	"locale-collate": true, "cluster-announce-human-nodename": true,
	"set-max-listpack-entries": true, "set-max-listpack-value": true,
	"server-cpulist": true, "bio-cpulist": true, "aof-rewrite-cpulist": true, "bgsave-cpulist": true,
	"primaryauth": true, "primaryuser": true,
}

// refServer is a running reference server.
type refServer struct {
	port string
	dir  string
	conn net.Conn
	r    *bufio.Reader
}

// startReference starts redis-server on a free 127.0.0.1 port with
// persistence off, and stops it when the test ends.
func startReference(t *testing.T) *refServer {
	t.Helper()
	return startReferenceFile(t, "")
}

// startReferenceFile is startReference with a config file.
func startReferenceFile(t *testing.T, file string) *refServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed: " + err.Error())
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	dir := t.TempDir()
	args := referenceArgs(port, dir)
	if file != "" {
		args = append([]string{file}, args...)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second)
		if err == nil {
			t.Cleanup(func() { conn.Close() })
			return &refServer{port: port, dir: dir, conn: conn, r: bufio.NewReader(conn)}
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not start on port %s: %v", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func referenceArgs(port, dir string) []string {
	return []string{"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--daemonize", "no", "--dir", dir}
}

// do sends one command and reads its reply: a string, an int64, a []any, nil,
// or an error for an error reply.
func (s *refServer) do(t *testing.T, args ...string) any {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	s.conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(s.conn, b.String()); err != nil {
		t.Fatal(err)
	}
	v, err := readReply(s.r)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type replyError string

func (e replyError) Error() string { return string(e) }

func readReply(r *bufio.Reader) (any, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 || !strings.HasSuffix(line, "\r\n") {
		return nil, fmt.Errorf("bad reply line %q", line)
	}
	body := line[1 : len(line)-2]
	switch line[0] {
	case '+':
		return body, nil
	case '-':
		return replyError(body), nil
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil {
			return nil, err
		}
		out := make([]any, 0, max(n, 0))
		for i := 0; i < n; i++ {
			v, err := readReply(r)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown reply type %q", line)
}

// configGet runs CONFIG GET on the reference and returns name -> value.
func (s *refServer) configGet(t *testing.T, patterns ...string) map[string]string {
	t.Helper()
	rep := s.do(t, append([]string{"CONFIG", "GET"}, patterns...)...)
	arr, ok := rep.([]any)
	if !ok || len(arr)%2 != 0 {
		t.Fatalf("CONFIG GET %v: unexpected reply %v", patterns, rep)
	}
	m := map[string]string{}
	for i := 0; i < len(arr); i += 2 {
		m[arr[i].(string)] = arr[i+1].(string)
	}
	return m
}

func troveGet(c *Config, patterns ...string) map[string]string {
	m := map[string]string{}
	for _, kv := range c.Get(patterns...) {
		m[kv.Name] = kv.Value
	}
	return m
}

// referenceConfig is a trove Config loaded with the reference's arguments.
func referenceConfig(t *testing.T, s *refServer) *Config {
	t.Helper()
	c := New()
	if err := c.LoadArgs(referenceArgs(s.port, s.dir)); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDifferentialDefaults checks that every parameter the reference server
// reports exists in trove with the same value, given the same command line.
func TestDifferentialDefaults(t *testing.T) {
	s := startReference(t)
	ref := s.configGet(t, "*")
	if len(ref) < 100 {
		t.Fatalf("reference reported only %d parameters", len(ref))
	}
	c := referenceConfig(t, s)
	got := troveGet(c, "*")
	names := make([]string, 0, len(ref))
	for n := range ref {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		want := ref[n]
		have, ok := got[n]
		if !ok {
			// Names that are canonical in 7.0 but only aliases in Valkey 8
			// are still matched by "*"; anything else is missing.
			t.Errorf("%s: missing from trove (reference value %q)", n, want)
			continue
		}
		if why, ok := intentionalDiffs[n]; ok {
			t.Logf("%s: trove %q, reference %q (intentional: %s)", n, have, want, why)
			continue
		}
		if have != want {
			t.Errorf("%s: trove %q, reference %q", n, have, want)
		}
	}
	for n := range got {
		if _, ok := ref[n]; !ok && !valkeyOnly[n] {
			t.Errorf("%s: trove lists it, the reference does not, and it is not a known Valkey addition", n)
		}
	}
}

// TestDifferentialGet compares CONFIG GET pattern handling.
func TestDifferentialGet(t *testing.T) {
	s := startReference(t)
	c := referenceConfig(t, s)
	cases := [][]string{
		{"*max*"}, {"slave*"}, {"PORT"}, {"port", "PORT"}, {"h?"}, {"[a-c]*"}, {"[^a-r]*"},
		{"*-ziplist-*"}, {"rdb-key-save-delay"}, {"use-exit-on-panic"}, {"nonexistent"},
		{"slaveof", "replicaof"}, {"Slave-Read-Only"}, {"maxmemory*", "maxmemory"},
		{"hz\\"}, {"h\\z"}, {"*[0-9]*"}, {"tls-*-file"}, {"*CLUSTER*"},
	}
	for _, pats := range cases {
		t.Run(strings.Join(pats, ","), func(t *testing.T) {
			want := s.configGet(t, pats...)
			got := troveGet(c, pats...)
			for n := range got {
				if valkeyOnly[strings.ToLower(n)] {
					delete(got, n)
				}
			}
			for n := range intentionalDiffs {
				delete(got, n)
				delete(want, n)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("trove %v\nreference %v", got, want)
			}
		})
	}
}

// TestDifferentialSetErrors compares the replies to CONFIG SET commands that
// must fail, and checks that a failed CONFIG SET changes nothing.
func TestDifferentialSetErrors(t *testing.T) {
	s := startReference(t)
	c := referenceConfig(t, s)
	seventeen := strings.TrimSpace(strings.Repeat("127.0.0.1 ", 17))
	cases := [][]string{
		{"foo", "bar"},
		{"daemonize", "yes"},
		{"replicaof", "no one"},
		{"slaveof", "no one"},
		{"dbfilename", "x.rdb"},
		{"dir", "/tmp"},
		{"hz", "abc"},
		{"hz", "-1"},
		{"hz", "010"},
		{"hz", "+5"},
		{"hz", "2147483648"},
		{"port", "70000"},
		{"maxclients", "0"},
		{"maxmemory", "1x"},
		{"maxmemory", "-1"},
		{"maxmemory", "1.5gb"},
		{"maxmemory", "1tb"},
		{"maxmemory-clients", "101%"},
		{"maxmemory-clients", "-5"},
		{"maxmemory-clients", "1.5%"},
		{"client-query-buffer-limit", "1k"},
		{"proto-max-bulk-len", "9223372036854775808"},
		{"slowlog-log-slower-than", "-2"},
		{"activerehashing", "maybe"},
		{"appendfsync", "sometimes"},
		{"maxmemory-policy", "lru"},
		{"oom-score-adj", "maybe"},
		{"shutdown-on-sigint", "save nosave"},
		{"shutdown-on-sigint", "bogus"},
		{"shutdown-on-sigint", ""},
		{"save", "1 2 3"},
		{"save", "0 1"},
		{"save", "5 -1"},
		{"save", "a b"},
		{"save", " 5 5"},
		{"client-output-buffer-limit", "normal 1 2"},
		{"client-output-buffer-limit", "foo 1 2 3"},
		{"client-output-buffer-limit", "master 1 2 3"},
		{"client-output-buffer-limit", "normal x 2 3"},
		{"client-output-buffer-limit", "normal 1 2 -1"},
		{"oom-score-adj-values", "1 2"},
		{"oom-score-adj-values", "1 2 3000"},
		{"notify-keyspace-events", "Q"},
		{"notify-keyspace-events", "K E"},
		{"latency-tracking-info-percentiles", "101"},
		{"latency-tracking-info-percentiles", "abc"},
		{"cluster-announce-hostname", "a b"},
		{"proc-title-template", "{foo}"},
		{"proc-title-template", ""},
		{"proc-title-template", " {title}"},
		{"bind", seventeen},
		{"hz", "10", "hz", "20"},
		{"hz", "10", "HZ", "20"},
		{"hz", "abc", "daemonize", "no"},
		{"hz", "11", "foo", "bar"},
		{"daemonize", "no", "foo", "bar"},
		{"hz", "12", "maxmemory", "abc"},
	}
	before := troveGet(c, "*")
	refBefore := s.configGet(t, "*")
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			rep := s.do(t, append([]string{"CONFIG", "SET"}, args...)...)
			want, ok := rep.(replyError)
			if !ok {
				t.Fatalf("reference accepted it: %v", rep)
			}
			var pairs [][2]string
			for i := 0; i+1 < len(args); i += 2 {
				pairs = append(pairs, [2]string{args[i], args[i+1]})
			}
			err := c.Set(pairs...)
			if err == nil {
				t.Fatalf("trove accepted it; reference: %s", want)
			}
			if err.Error() != string(want) {
				t.Errorf("trove     %s\nreference %s", err, want)
			}
		})
	}
	if after := troveGet(c, "*"); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("failed CONFIG SETs changed trove's values")
	}
	if after := s.configGet(t, "*"); fmt.Sprint(after) != fmt.Sprint(refBefore) {
		t.Errorf("failed CONFIG SETs changed the reference's values")
	}
}

// TestDifferentialSetValues sets values on both servers and compares how
// CONFIG GET prints them.
func TestDifferentialSetValues(t *testing.T) {
	s := startReference(t)
	c := referenceConfig(t, s)
	cases := [][2]string{
		{"maxmemory", "1k"}, {"maxmemory", "1KB"}, {"maxmemory", "3mb"}, {"maxmemory", "2G"},
		{"maxmemory", "010"}, {"maxmemory", ""}, {"maxmemory", "kb"}, {"maxmemory", "18446744073709551615"},
		{"maxmemory-clients", "10%"}, {"maxmemory-clients", "0%"}, {"maxmemory-clients", "5mb"},
		{"hz", "0"}, {"hz", "501"}, {"hz", "20"},
		{"notify-keyspace-events", "KEA"}, {"notify-keyspace-events", "KEAmn"}, {"notify-keyspace-events", "Kx$"},
		{"notify-keyspace-events", "mnEK"}, {"notify-keyspace-events", "dtn"}, {"notify-keyspace-events", ""},
		{"save", "5 0"}, {"save", "1 1 1 1"}, {"save", ""}, {"save", "3600 1 300 100 60 10000"},
		{"client-output-buffer-limit", "normal 1kb 2mb 3"}, {"client-output-buffer-limit", "slave 1 b +5"},
		{"client-output-buffer-limit", "pubsub 1 1 1 normal 2 2 2"}, {"client-output-buffer-limit", ""},
		{"oom-score-adj-values", "-1000 0 0"}, {"oom-score-adj-values", "100 50 10"},
		{"oom-score-adj", "relative"}, {"oom-score-adj", "absolute"}, {"oom-score-adj", "no"},
		{"latency-tracking-info-percentiles", "99.9999999 1e1 50.5"}, {"latency-tracking-info-percentiles", ""},
		{"latency-tracking-info-percentiles", "50 99 99.9"},
		{"shutdown-on-sigint", "save now"}, {"shutdown-on-sigint", "default force"}, {"shutdown-on-sigint", "SAVE"},
		{"shutdown-on-sigint", "default"},
		{"appendfsync", "ALWAYS"}, {"activerehashing", "No"}, {"lua-time-limit", "100"},
		{"slave-read-only", "no"}, {"hash-max-ziplist-value", "1kb"}, {"proc-title-template", "{title} {port}"},
		{"cluster-announce-hostname", "x.y-z"}, {"list-max-ziplist-size", "-5"},
		{"tls-protocols", "TLSv1.2 TLSv1.3"}, {"requirepass", ""}, {"ignore-warnings", "ARM64-COW-BUG"},
	}
	for _, pr := range cases {
		rep := s.do(t, "CONFIG", "SET", pr[0], pr[1])
		if rep != "OK" {
			t.Errorf("reference refused %v: %v", pr, rep)
			continue
		}
		if err := c.Set(pr); err != nil {
			t.Errorf("trove refused %v: %v", pr, err)
			continue
		}
		want := s.configGet(t, pr[0])[pr[0]]
		if got := c.String(pr[0]); got != want {
			t.Errorf("after CONFIG SET %s %q: trove %q, reference %q", pr[0], pr[1], got, want)
		}
	}
}

// TestDifferentialFileErrors feeds bad config files to both and compares the
// reported line and reason.
func TestDifferentialFileErrors(t *testing.T) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed: " + err.Error())
	}
	cases := []string{
		"foo bar\n",
		"\n# comment\nhz abc\n",
		"  hz   \"abc\"   \n",
		"hz \"10\n",
		"hz '10\n",
		"hz \"10\"x\n",
		"HZ abc\n",
		"port\n",
		"hz 1 2\n",
		"save 10\n",
		"save 10 1 \"\"\n",
		"loglevel notice notice\n",
		"daemonize maybe\n",
		"maxmemory 1x\n",
		"maxmemory-clients 200%\n",
		"notify-keyspace-events\n",
		"notify-keyspace-events Q\n",
		"oom-score-adj-values 1 2\n",
		"client-output-buffer-limit normal 1 2\n",
		"shutdown-on-sigint\n",
		"replicaof\n",
		"replicaof a\n",
		"replicaof a b\n",
		"requirepass\n",
		"unixsocketperm 999\n",
		"unixsocketperm 1000\n",
		"sentinel x\n",
		"rename-command a\n",
		"user\n",
		"loadmodule\n",
		"include\n",
		"include a b\n",
		"list-max-ziplist-entries 5 6\n",
		"lua-replicate-commands\n",
		"dbfilename a/b\n",
		"appenddirname a/b\n",
		"dir /nonexistent-trove-dir\n",
		"hz 1 # comment\n",
		"list-max-ziplist-entries 5\nlua-replicate-commands no\nfoo\n",
		"hz \"1\\x30\"\nbogus\n",
	}
	for _, content := range cases {
		t.Run(strings.TrimSpace(content), func(t *testing.T) {
			path := writeTemp(t, content)
			out, _ := exec.Command(bin, path, "--port", "0").CombinedOutput()
			want := fatalBlock(string(out))
			if want == "" {
				t.Fatalf("reference did not fail:\n%s", out)
			}
			err := New().LoadFile(path)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("trove: %v, want a ParseError like\n%s", err, want)
			}
			got := fatalBlock(strings.Replace(pe.Report("x"), "trove x", "Redis", 1))
			if got != want {
				t.Errorf("trove:\n%s\nreference:\n%s", got, want)
			}
		})
	}
}

// fatalBlock returns the lines of a FATAL CONFIG FILE ERROR message after the
// header.
func fatalBlock(out string) string {
	i := strings.Index(out, "FATAL CONFIG FILE ERROR")
	if i < 0 {
		return ""
	}
	lines := strings.Split(out[i:], "\n")
	if len(lines) > 4 {
		lines = lines[:4]
	}
	return strings.Join(lines[1:], "\n")
}
