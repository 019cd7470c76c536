package server_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/testkit"
)

func TestSlowlogMatchesReference(t *testing.T) {
	trove, ref := startPair(t)
	sameAsReference(t, trove, ref, [][]string{
		{"SLOWLOG", "GET", "abc"},
		{"SLOWLOG", "GET", "-2"},
		{"SLOWLOG", "GET", "1", "2"},
		{"SLOWLOG", "LEN", "x"},
		{"SLOWLOG", "FOO"},
		{"SLOWLOG", "RESET"},
		{"SLOWLOG", "LEN"},
		{"LATENCY", "HISTORY", "nosuch"},
		{"LATENCY", "RESET", "nosuch"},
		{"LATENCY", "LATEST"},
		{"LATENCY", "FOO"},
		{"LATENCY", "HISTOGRAM", "nosuch"},
		{"DEBUG", "OBJECT", "nokey"},
	})
}

func TestSlowlogEntries(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t, "slowlog-log-slower-than 0"))
	c.Do("CLIENT", "SETNAME", "slowpoke")
	c.Do("SLOWLOG", "RESET")
	long := strings.Repeat("x", 200)
	c.Do("ECHO", long)
	args := []string{"DEL"}
	for i := 0; i < 40; i++ {
		args = append(args, "k")
	}
	c.Do(args...)
	c.Do("CONFIG", "SET", "requirepass", "hunter2")
	c.Do("AUTH", "hunter2")
	got := c.Do("SLOWLOG", "GET", "4")
	for _, want := range []string{
		`"AUTH", "(redacted)"`,
		`"CONFIG", "SET", "requirepass", "(redacted)"`,
		`"... (10 more arguments)"`,
		`"` + strings.Repeat("x", 128) + `... (72 more bytes)"`,
		`"slowpoke"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("SLOWLOG GET lacks %s:\n%s", want, got)
		}
	}
	if got := c.Do("SLOWLOG", "GET", "-1"); strings.Count(got, `"slowpoke"]`) < 5 {
		t.Errorf("SLOWLOG GET -1 = %s", got)
	}
}

func TestLatencyMonitorAndHistogram(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t, "enable-debug-command yes", "latency-monitor-threshold 5"))
	c.Do("DEBUG", "SLEEP", "0.01")
	latest := c.Do("LATENCY", "LATEST")
	if !regexp.MustCompile(`^\[\["command", \(integer\) \d+, \(integer\) \d+, \(integer\) \d+\]\]$`).MatchString(latest) {
		t.Errorf("LATENCY LATEST = %s", latest)
	}
	if got := c.Do("LATENCY", "HISTORY", "command"); !regexp.MustCompile(`^\[\[\(integer\) \d+, \(integer\) (1\d|[5-9])\]\]$`).MatchString(got) {
		t.Errorf("LATENCY HISTORY command = %s", got)
	}
	if got := c.Do("LATENCY", "DOCTOR"); !strings.Contains(got, "command") {
		t.Errorf("LATENCY DOCTOR = %s", got)
	}
	runRows(t, c, []row{
		{[]string{"LATENCY", "RESET"}, "(integer) 1"},
		{[]string{"LATENCY", "LATEST"}, "[]"},
	})
	c.Do("SET", "a", "1")
	c.Do("SET", "a", "2")
	got := c.Do("LATENCY", "HISTOGRAM", "set", "SET", "nosuch")
	if !regexp.MustCompile(`^\["set", \["calls", \(integer\) 2, "histogram_usec", \[(\(integer\) \d+, \(integer\) [12](, )?)+\]\]\]$`).MatchString(got) {
		t.Errorf("LATENCY HISTOGRAM set = %s", got)
	}
	if got := c.Do("LATENCY", "HISTOGRAM", "client"); got != "[]" {
		t.Errorf("LATENCY HISTOGRAM client (no calls) = %s", got)
	}
	c.Do("HELLO", "3")
	if got := c.Do("LATENCY", "HISTOGRAM", "set"); !strings.HasPrefix(got, `{"set": {"calls": (integer) 2, "histogram_usec": {(integer) `) {
		t.Errorf("RESP3 LATENCY HISTOGRAM = %s", got)
	}
}

func TestMonitor(t *testing.T) {
	addr := testkit.StartTrove(t)
	mon, c := testkit.Dial(t, addr), testkit.Dial(t, addr)
	if got := mon.Do("MONITOR"); got != "OK" {
		t.Fatal(got)
	}
	c.Do("SELECT", "2")
	c.Do("SET", "k\n\"q\"", "\x01v")
	c.Do("AUTH", "x")           // an error reply, still shown, redacted
	c.Do("CONFIG", "GET", "hz") // admin: not shown
	c.Do("GET", "k")
	_, v := fields(unquote(t, c.Do("CLIENT", "INFO")))
	addrC := v["addr"]
	line := `^\d+\.\d{6} \[%s ` + regexp.QuoteMeta(addrC) + `\] %s$`
	for _, want := range []struct{ db, args string }{
		{"2", `"SELECT" "2"`},
		{"2", `"SET" "k\\n\\"q\\"" "\\x01v"`},
		{"2", `"AUTH" "\(redacted\)"`},
		{"2", `"GET" "k"`},
	} {
		got := mon.Read()
		if !regexp.MustCompile(strings.Replace(strings.Replace(line, "%s", want.db, 1), "%s", want.args, 1)).MatchString(got) {
			t.Errorf("monitor line %s, want db %s args %s", got, want.db, want.args)
		}
	}
}

func TestDebugTimeShutdown(t *testing.T) {
	trove, ref := startPair(t, "enable-debug-command", "yes")
	sameAsReference(t, trove, ref, [][]string{
		{"DEBUG", "FOO"},
		{"DEBUG", "SLEEP"},
		{"DEBUG", "SLEEP", "abc"},
		{"DEBUG", "SLEEP", "0"},
		{"DEBUG", "OBJECT"},
		{"DEBUG", "SET-ACTIVE-EXPIRE"},
		{"DEBUG", "SET-ACTIVE-EXPIRE", "1"},
		{"TIME", "x"},
		{"SHUTDOWN", "foo"},
		{"SHUTDOWN", "ABORT"},
		{"SHUTDOWN", "NOSAVE", "SAVE"},
		{"SHUTDOWN", "ABORT", "NOW"},
	})
	for _, c := range []*testkit.Conn{trove, ref} {
		c.Do("SET", "s", "hello")
		c.Do("SET", "n", "123")
	}
	obj := regexp.MustCompile(`^Value at:0x[0-9a-f]+ refcount:(\d+) encoding:(\w+) serializedlength:(\d+) lru:\d+ lru_seconds_idle:\d+$`)
	for _, key := range []string{"s", "n"} {
		g := obj.FindStringSubmatch(trove.Do("DEBUG", "OBJECT", key))
		w := obj.FindStringSubmatch(ref.Do("DEBUG", "OBJECT", key))
		if g == nil || w == nil || strings.Join(g[1:], " ") != strings.Join(w[1:], " ") {
			t.Errorf("DEBUG OBJECT %s: trove %v, reference %v", key, g, w)
		}
	}
	if got := trove.Do("TIME"); !regexp.MustCompile(`^\["\d{10}", "\d{1,6}"\]$`).MatchString(got) {
		t.Errorf("TIME = %s", got)
	}
	// Without enable-debug-command DEBUG is refused.
	plain := testkit.Dial(t, testkit.StartTrove(t))
	if got := plain.Do("DEBUG", "SLEEP", "0"); !strings.HasPrefix(got, "(error) ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\"") {
		t.Errorf("DEBUG without enable-debug-command: %s", got)
	}
	// SHUTDOWN closes the connection without a reply.
	start := time.Now()
	if got := plain.Do("SHUTDOWN", "SAVE"); got != "(error) ERR Errors trying to SHUTDOWN. Check logs." {
		t.Errorf("SHUTDOWN SAVE without persistence: %s", got)
	}
	plain.Write(testkit.Encode("SHUTDOWN", "NOSAVE"))
	if !plain.Closed() || time.Since(start) > 5*time.Second {
		t.Error("SHUTDOWN did not close the connection")
	}
}
