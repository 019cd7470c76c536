package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/testkit"
)

func TestConfigErrorsMatchReference(t *testing.T) {
	trove, ref := startPair(t)
	sameAsReference(t, trove, ref, [][]string{
		{"CONFIG", "SET", "a", "b", "c"},
		{"CONFIG", "SET", "maxmemory", "abc"},
		{"CONFIG", "SET", "daemonize", "yes"},
		{"CONFIG", "SET", "nosuch", "1"},
		{"CONFIG", "SET", "hz", "10", "hz", "11"},
		{"CONFIG", "SET", "timeout", "-1"},
		{"CONFIG", "SET", "maxclients", "0"},
		{"CONFIG", "SET", "slowlog-max-len", "x"},
		{"CONFIG", "REWRITE"},
		{"CONFIG", "GET"},
		{"CONFIG", "GET", "nosuch"},
		{"CONFIG", "GET", "maxmemory"},
		{"CONFIG", "GET", "slowlog-max-len"},
		{"CONFIG", "SET"},
		{"CONFIG", "SET", "hz"},
		{"CONFIG", "RESETSTAT", "x"},
		{"CONFIG", "FOO"},
		{"CONFIG", "SET", "hz", "20", "timeout", "5"},
		{"CONFIG", "GET", "hz"},
		{"CONFIG", "GET", "timeout"},
	})
}

// CONFIG SET of the parameters the server caches takes effect at once.
func TestConfigSetAppliesAtRuntime(t *testing.T) {
	addr := testkit.StartTrove(t)
	c := testkit.Dial(t, addr)

	t.Run("slowlog", func(t *testing.T) {
		runRows(t, c, []row{
			{[]string{"SLOWLOG", "RESET"}, "OK"},
			{[]string{"CONFIG", "SET", "slowlog-log-slower-than", "0"}, "OK"},
			{[]string{"PING"}, "PONG"},
			{[]string{"SLOWLOG", "LEN"}, "(integer) 2"},
			{[]string{"CONFIG", "SET", "slowlog-max-len", "1"}, "OK"},
			{[]string{"SLOWLOG", "LEN"}, "(integer) 1"},
			{[]string{"CONFIG", "SET", "slowlog-log-slower-than", "-1", "slowlog-max-len", "128"}, "OK"},
			{[]string{"SLOWLOG", "RESET"}, "OK"},
			{[]string{"PING"}, "PONG"},
			{[]string{"SLOWLOG", "LEN"}, "(integer) 0"},
		})
	})
	t.Run("maxclients", func(t *testing.T) {
		if got := c.Do("CONFIG", "SET", "maxclients", "2"); got != "OK" {
			t.Fatal(got)
		}
		second := testkit.Dial(t, addr)
		if got := second.Do("PING"); got != "PONG" {
			t.Fatalf("second client: %s", got)
		}
		third := testkit.Dial(t, addr)
		if got := third.Read(); got != "(error) ERR max number of clients reached" {
			t.Errorf("third client got %s", got)
		}
		if !third.Closed() {
			t.Error("third client not closed")
		}
		c.Do("CONFIG", "SET", "maxclients", "10000")
	})
	t.Run("proto-max-bulk-len", func(t *testing.T) {
		c.Do("CONFIG", "SET", "proto-max-bulk-len", "1048576")
		other := testkit.Dial(t, addr)
		other.Write([]byte("*2\r\n$4\r\nECHO\r\n$2000000\r\n"))
		if got := other.Read(); got != "(error) ERR Protocol error: invalid bulk length" {
			t.Errorf("oversized bulk: %s", got)
		}
		if !other.Closed() {
			t.Error("connection not closed after an invalid bulk length")
		}
		c.Do("CONFIG", "SET", "proto-max-bulk-len", "512mb")
	})
	t.Run("client-query-buffer-limit", func(t *testing.T) {
		c.Do("CONFIG", "SET", "client-query-buffer-limit", "1048576")
		other := testkit.Dial(t, addr)
		// The server may close while the request is still being written,
		// which then fails with a reset: that is the expected outcome too.
		err := other.TryWrite([]byte("*2\r\n$4\r\nECHO\r\n$1048600\r\n" + strings.Repeat("x", 1048600) + "\r\n"))
		if err == nil && !other.Closed() {
			t.Error("connection over the query buffer limit not closed")
		}
	})
	t.Run("timeout", func(t *testing.T) {
		c.Do("CONFIG", "SET", "timeout", "1", "hz", "50")
		idle := testkit.Dial(t, addr)
		idle.Do("PING")
		monitor := testkit.Dial(t, addr)
		monitor.Do("MONITOR")
		deadline := time.Now().Add(5 * time.Second)
		for !idle.Closed() {
			if time.Now().After(deadline) {
				t.Fatal("idle client not closed by timeout 1")
			}
		}
		// MONITOR clients are exempt, as in Valkey.
		fresh := testkit.Dial(t, addr)
		fresh.Do("PING")
		if got := monitor.Read(); !strings.Contains(got, `"PING"`) {
			t.Errorf("monitor after the timeout: %s", got)
		}
		fresh.Do("CONFIG", "SET", "timeout", "0")
	})
}

func TestAuthRequirepass(t *testing.T) {
	trove, ref := startPair(t, "requirepass", "secret")
	sameAsReference(t, trove, ref, [][]string{
		{"GET", "k"},
		{"PING"},
		{"CLIENT", "ID", "x"},
		{"NOSUCH"},
		{"AUTH", "wrong"},
		{"AUTH", "default", "wrong"},
		{"HELLO", "2", "AUTH", "default", "wrong"},
		{"AUTH", "secret"},
		{"GET", "k"},
		{"RESET"},
		{"GET", "k"},
		{"AUTH", "default", "secret"},
		{"SET", "k", "v"},
	})
	// Unauthenticated clients may not send large requests.
	c := testkit.Dial(t, testkit.StartTrove(t, "requirepass secret"))
	c.Write([]byte("*2\r\n$4\r\nAUTH\r\n$20000\r\n"))
	if got := c.Read(); !strings.HasPrefix(got, "(error) ERR Protocol error") {
		t.Errorf("large unauthenticated bulk: %s", got)
	}
}

func TestProtocolMatchesReference(t *testing.T) {
	trove, ref := startPair(t)
	for _, c := range []*testkit.Conn{trove, ref} {
		// Inline and pipelined requests.
		c.Write([]byte("SET inl \"a b\"\r\nGET inl\r\nPING\r\n"))
	}
	for i := 0; i < 3; i++ {
		if got, want := trove.Read(), ref.Read(); got != want {
			t.Errorf("inline reply %d: trove %s, reference %s", i, got, want)
		}
	}
	// HELLO's map names the server; trove introduces itself as Valkey 8.
	if got := trove.Do("HELLO", "3"); !strings.HasPrefix(got, `{"server": "valkey", "version": "8.0.2", "proto": (integer) 3, "id": (integer) `) ||
		!strings.HasSuffix(got, `, "mode": "standalone", "role": "master", "modules": []}`) {
		t.Errorf("HELLO 3 = %s", got)
	}
	ref.Do("HELLO", "3")
	sameAsReference(t, trove, ref, [][]string{
		{"HELLO", "4"},
		{"HELLO", "x"},
		{"HELLO", "3", "SETNAME", "a b"},
		{"HELLO", "3", "FOO"},
		{"QUIT"},
	})
}
