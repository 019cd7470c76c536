package command_test

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/trove-db/trove/internal/command"
	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/resp"
	"github.com/trove-db/trove/internal/testkit"
	"github.com/trove-db/trove/internal/types"
)

// keysDifferential runs script on trove and, when it is installed, on the
// reference server, and compares every reply. Without the reference it
// still checks that trove answers every command.
func keysDifferential(t *testing.T, script [][]string) {
	t.Helper()
	tc := testkit.Dial(t, testkit.StartTrove(t))
	var rc *testkit.Conn
	if _, ok := testkit.ReferenceBinary(); ok {
		rc = testkit.Dial(t, testkit.StartReference(t))
	} else {
		t.Log("redis-server not installed: trove's replies are not compared")
	}
	for _, args := range script {
		got := tc.Do(args...)
		if rc == nil {
			continue
		}
		if want := rc.Do(args...); got != want {
			t.Errorf("%v: trove %s, reference %s", args, got, want)
		}
	}
}

func TestKeyCommands(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []keysStep
	}{
		{"del", []keysStep{
			{"set a 1", "OK"},
			{"set b 2", "OK"},
			{"del a b c a", "(integer) 2"},
			{"exists a b", "(integer) 0"},
			{"del a", "(integer) 0"},
			{"del", "(error) ERR wrong number of arguments for 'del' command"},
		}},
		{"unlink", []keysStep{
			{"set a 1", "OK"},
			{"unlink a a nosuch", "(integer) 1"},
			{"unlink", "(error) ERR wrong number of arguments for 'unlink' command"},
		}},
		{"exists counts duplicates", []keysStep{
			{"set a 1", "OK"},
			{"exists a a nosuch a", "(integer) 3"},
			{"exists nosuch", "(integer) 0"},
			{"exists", "(error) ERR wrong number of arguments for 'exists' command"},
		}},
		{"touch", []keysStep{
			{"set a 1", "OK"},
			{"touch a a nosuch", "(integer) 2"},
		}},
		{"type", []keysStep{
			{"set a 1", "OK"},
			{"type a", "string"},
			{"type nosuch", "none"},
			{"type a b", "(error) ERR wrong number of arguments for 'type' command"},
		}},
		{"keys", []keysStep{
			{"keys *", "[]"},
			{"set apple 1", "OK"},
			{"set banana 1", "OK"},
			{"keys a*", `["apple"]`},
			{"keys *an*", `["banana"]`},
			{"keys [b]?nana", `["banana"]`},
			{"keys x*", "[]"},
			{"keys", "(error) ERR wrong number of arguments for 'keys' command"},
		}},
		{"randomkey and dbsize", []keysStep{
			{"randomkey", "(nil)"},
			{"dbsize", "(integer) 0"},
			{"set only 1", "OK"},
			{"randomkey", `"only"`},
			{"dbsize", "(integer) 1"},
			{"randomkey x", "(error) ERR wrong number of arguments for 'randomkey' command"},
			{"dbsize x", "(error) ERR wrong number of arguments for 'dbsize' command"},
		}},
		{"rename", []keysStep{
			{"rename nosuch x", "(error) ERR no such key"},
			{"rename nosuch nosuch", "(error) ERR no such key"},
			{"set a 1", "OK"},
			{"rename a a", "OK"},
			{"pexpire a 5000", "(integer) 1"},
			{"set b 2", "OK"},
			{"rename a b", "OK"},
			{"exists a", "(integer) 0"},
			{"get b", `"1"`},
			{"pttl b", "(integer) 5000"}, // the TTL moves with the key
			{"rename b c", "OK"},
			{"pttl c", "(integer) 5000"},
			{"rename c", "(error) ERR wrong number of arguments for 'rename' command"},
		}},
		{"renamenx", []keysStep{
			{"renamenx nosuch x", "(error) ERR no such key"},
			{"renamenx nosuch nosuch", "(error) ERR no such key"},
			{"set a 1", "OK"},
			{"set b 2", "OK"},
			{"renamenx a a", "(integer) 0"},
			{"renamenx a b", "(integer) 0"},
			{"get b", `"2"`},
			{"expire a 100", "(integer) 1"},
			{"renamenx a c", "(integer) 1"},
			{"ttl c", "(integer) 100"},
			{"exists a b c", "(integer) 2"},
		}},
		{"copy", []keysStep{
			{"set a 1", "OK"},
			{"copy a b db", "(error) ERR syntax error"},
			{"copy a b db x", "(error) ERR value is not an integer or out of range"},
			{"copy a b db 16", "(error) ERR DB index is out of range"},
			{"copy a b db -1", "(error) ERR DB index is out of range"},
			{"copy a b db 99999999999", "(error) ERR value is out of range, value must between -2147483648 and 2147483647"},
			{"copy a b foo", "(error) ERR syntax error"},
			{"copy a a", "(error) ERR source and destination objects are the same"},
			{"copy a a db 0", "(error) ERR source and destination objects are the same"},
			{"copy nosuch b db 99", "(error) ERR DB index is out of range"},
			{"copy nosuch b", "(integer) 0"},
			{"expire a 100", "(integer) 1"},
			{"copy a b", "(integer) 1"},
			{"ttl b", "(integer) 100"},
			{"set a 2", "OK"},
			{"copy a b", "(integer) 0"},
			{"get b", `"1"`},
			{"copy a b replace replace", "(integer) 1"},
			{"get b", `"2"`},
			{"ttl b", "(integer) -1"},
			{"copy a a db 1", "(integer) 1"},
			{"copy a b db 1 db 2", "(integer) 1"},
			{"dbsize", "(integer) 2"},
			{"copy a", "(error) ERR wrong number of arguments for 'copy' command"},
		}},
		{"move", []keysStep{
			{"set a 1", "OK"},
			{"move a x", "(error) ERR value is not an integer or out of range"},
			{"move a 0", "(error) ERR source and destination objects are the same"},
			{"move nosuch 0", "(error) ERR source and destination objects are the same"},
			{"move a 16", "(error) ERR DB index is out of range"},
			{"move a -1", "(error) ERR DB index is out of range"},
			{"move a 99999999999", "(error) ERR value is out of range, value must between -2147483648 and 2147483647"},
			{"move nosuch 1", "(integer) 0"},
			{"pexpire a 3000", "(integer) 1"},
			{"move a 1", "(integer) 1"},
			{"exists a", "(integer) 0"},
			{"set a 2", "OK"},
			{"move a 1", "(integer) 0"}, // taken there
			{"move a", "(error) ERR wrong number of arguments for 'move' command"},
		}},
		{"swapdb", []keysStep{
			{"set a 1", "OK"},
			{"swapdb x 1", "(error) ERR invalid first DB index"},
			{"swapdb 1 x", "(error) ERR invalid second DB index"},
			{"swapdb 99999999999 0", "(error) ERR invalid first DB index"},
			{"swapdb 0 99999999999", "(error) ERR invalid second DB index"},
			{"swapdb 0 16", "(error) ERR DB index is out of range"},
			{"swapdb -1 0", "(error) ERR DB index is out of range"},
			{"swapdb 0 0", "OK"},
			{"dbsize", "(integer) 1"},
			{"swapdb 0 1", "OK"},
			{"dbsize", "(integer) 0"},
			{"swapdb 1 0", "OK"},
			{"get a", `"1"`},
			{"swapdb 0", "(error) ERR wrong number of arguments for 'swapdb' command"},
		}},
		{"flush", []keysStep{
			{"set a 1", "OK"},
			{"copy a a db 3", "(integer) 1"},
			{"flushdb x", "(error) ERR syntax error"},
			{"flushdb async async", "(error) ERR syntax error"},
			{"flushall sync x", "(error) ERR syntax error"},
			{"flushdb SYNC", "OK"},
			{"dbsize", "(integer) 0"},
			{"copy a a db 3", "(integer) 0"},
			{"set a 1", "OK"},
			{"flushall async", "OK"},
			{"dbsize", "(integer) 0"},
			{"flushdb", "OK"},
			{"flushall", "OK"},
		}},
		{"object", []keysStep{
			{"set n 5", "OK"},
			{"set big 10000", "OK"},
			{"set s hello", "OK"},
			{"set long " + strings.Repeat("x", 45), "OK"},
			{"object encoding n", `"int"`},
			{"object encoding s", `"embstr"`},
			{"object encoding long", `"raw"`},
			{"OBJECT ENCODING nosuch", "(nil)"},
			{"object refcount n", "(integer) 2147483647"},
			{"object refcount big", "(integer) 1"},
			{"object refcount s", "(integer) 1"},
			{"object refcount nosuch", "(nil)"},
			{"object idletime s", "(integer) 0"},
			{"object idletime nosuch", "(nil)"},
			{"object freq s", "(error) ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."},
			{"object freq nosuch", "(nil)"},
			{"object", "(error) ERR wrong number of arguments for 'object' command"},
			{"object encoding", "(error) ERR wrong number of arguments for 'object|encoding' command"},
			{"object encoding a b", "(error) ERR wrong number of arguments for 'object|encoding' command"},
			{"object help x", "(error) ERR wrong number of arguments for 'object|help' command"},
		}},
		{"memory usage", []keysStep{
			{"set a 1", "OK"},
			{"memory usage", "(error) ERR wrong number of arguments for 'memory|usage' command"},
			{"memory usage a samples", "(error) ERR syntax error"},
			{"memory usage a samples -1", "(error) ERR syntax error"},
			{"memory usage a samples abc", "(error) ERR value is not an integer or out of range"},
			{"memory usage a foo 1", "(error) ERR syntax error"},
			{"memory usage nosuch samples abc", "(error) ERR value is not an integer or out of range"},
			{"memory usage nosuch foo", "(error) ERR syntax error"},
			{"memory usage nosuch", "(nil)"},
			{"memory help x", "(error) ERR wrong number of arguments for 'memory|help' command"},
		}},
		{"scan errors", []keysStep{
			{"scan abc", "(error) ERR invalid cursor"},
			{"scan -1", "(error) ERR invalid cursor"}, // Valkey 8 (Redis 7.0 took it)
			{"scan 1.5", "(error) ERR invalid cursor"},
			{"scan 18446744073709551616", "(error) ERR invalid cursor"},
			{"scan 0 count 0", "(error) ERR syntax error"},
			{"scan 0 count -1", "(error) ERR syntax error"},
			{"scan 0 count abc", "(error) ERR value is not an integer or out of range"},
			{"scan 0 count", "(error) ERR syntax error"},
			{"scan 0 match", "(error) ERR syntax error"},
			{"scan 0 foo bar", "(error) ERR syntax error"},
			{"scan 0 type nosuch", "(error) ERR unknown type name 'nosuch'"}, // Valkey 8
			{"scan", "(error) ERR wrong number of arguments for 'scan' command"},
		}},
		{"scan", []keysStep{
			{"scan 0", `["0", []]`},
			{"set apple 1", "OK"},
			{"scan 0 match a*", `["0", ["apple"]]`},
			{"scan 0 match b*", `["0", []]`},
			{"scan 0 type STRING", `["0", ["apple"]]`},
			{"scan 0 type list", `["0", []]`},
			{"scan 0 type string match a* count 1000", `["0", ["apple"]]`},
			{"scan 0 match b* match a*", `["0", ["apple"]]`}, // the last one wins
			{"scan 0 count 2147483648", `["0", ["apple"]]`},
			{"scan 0 match *", `["0", ["apple"]]`},
			{"scan +0", `["0", ["apple"]]`},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runKeysSteps(t, newKeysHarness(t), tc.steps)
		})
	}
}

func TestScanCursorParsing(t *testing.T) {
	// Valkey 8's string2ull: a canonical integer, else strtoull in base 10
	// taking the whole string.
	for _, tc := range []struct {
		in   string
		want string // "" for invalid
	}{
		{"0", "0"}, {"123", "123"}, {"18446744073709551615", "18446744073709551615"},
		{"-1", ""}, {"-0", "0"}, {"+7", "7"}, {" 7", "7"}, {"\t\n7", "7"}, {"007", "7"},
		{" -1", "18446744073709551615"}, {"-18446744073709551615", "1"},
		{"7 ", ""}, {"", ""}, {" ", ""}, {"+", ""}, {"0x10", ""}, {"1e3", ""},
		{"18446744073709551616", ""}, {"99999999999999999999999", ""},
		{"5\x00junk", "5"},
	} {
		t.Run(strconv.Quote(tc.in), func(t *testing.T) {
			h := newKeysHarness(t)
			got := h.do("scan", tc.in, "count", "1")
			if tc.want == "" {
				if got != "(error) ERR invalid cursor" {
					t.Errorf("scan %q = %s, want invalid cursor", tc.in, got)
				}
				return
			}
			if strings.HasPrefix(got, "(error)") {
				t.Errorf("scan %q = %s, want cursor %s accepted", tc.in, got, tc.want)
			}
		})
	}
}

func TestScanEmptyPattern(t *testing.T) {
	h := newKeysHarness(t)
	h.do("set", "apple", "1")
	if got := h.do("scan", "0", "match", ""); got != `["0", []]` {
		t.Errorf("an empty pattern matched: %s", got)
	}
	h.do("set", "", "1")
	if got := h.do("keys", ""); got != `[""]` {
		t.Errorf("KEYS of the empty pattern = %s", got)
	}
	if got := h.do("scan", "0", "match", "", "count", "100"); got != `["0", [""]]` {
		t.Errorf("SCAN of the empty pattern = %s", got)
	}
}

func TestObjectHelpAndMemory(t *testing.T) {
	h := newKeysHarness(t)
	help := h.do("object", "help")
	for _, want := range []string{"OBJECT <subcommand>", "ENCODING <key>", "FREQ <key>", "IDLETIME <key>", "REFCOUNT <key>", "HELP"} {
		if !strings.Contains(help, want) {
			t.Errorf("OBJECT HELP lacks %q: %s", want, help)
		}
	}
	if help := h.do("MEMORY", "HELP"); !strings.Contains(help, "USAGE <key> [SAMPLES <count>]") {
		t.Errorf("MEMORY HELP: %s", help)
	}

	h.do("set", "small", "v")
	h.do("set", "large", strings.Repeat("x", 10000))
	small, _ := strconv.Atoi(strings.TrimPrefix(h.do("memory", "usage", "small"), "(integer) "))
	large, _ := strconv.Atoi(strings.TrimPrefix(h.do("memory", "usage", "large", "SAMPLES", "0"), "(integer) "))
	if small < 64 || large < small+10000 {
		t.Errorf("MEMORY USAGE small %d, large %d", small, large)
	}
	h.do("pexpire", "small", "100000")
	withTTL, _ := strconv.Atoi(strings.TrimPrefix(h.do("memory", "usage", "small"), "(integer) "))
	if withTTL <= small {
		t.Errorf("a TTL costs nothing: %d vs %d", withTTL, small)
	}
}

func TestObjectIdleAndLFU(t *testing.T) {
	h := newKeysHarness(t)
	h.do("set", "k", "v")
	h.advance(90 * time.Second)
	runKeysSteps(t, h, []keysStep{
		{"object idletime k", "(integer) 90"},
		{"exists k", "(integer) 1"}, // does not touch
		{"type k", "string"},        // does not touch
		{"object idletime k", "(integer) 90"},
		{"get k", `"v"`},
		{"object idletime k", "(integer) 0"},
	})
	h.advance(10 * time.Second)
	runKeysSteps(t, h, []keysStep{{"touch k", "(integer) 1"}, {"object idletime k", "(integer) 0"}})
	h.advance(10 * time.Second)
	runKeysSteps(t, h, []keysStep{{"rename k j", "OK"}, {"object idletime j", "(integer) 0"}})

	h.ctx.Settings.MaxmemoryPolicy = "allkeys-lfu"
	runKeysSteps(t, h, []keysStep{
		{"object idletime j", "(error) ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."},
		{"object freq j", "(integer) 5"},
		{"object idletime nosuch", "(nil)"},
	})
}

func TestKeyEvents(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup []string
		cmd   string
		want  []string
		dirty int64
	}{
		{"del", []string{"set a 1", "set b 1"}, "del a b c", []string{"0:del:a", "0:del:b"}, 2},
		{"unlink", []string{"set a 1"}, "unlink a", []string{"0:del:a"}, 1},
		{"exists miss", nil, "exists a", []string{"0:keymiss:a"}, 0},
		{"object miss fires no keymiss", nil, "object encoding a", nil, 0},
		{"rename", []string{"set a 1", "set b 1"}, "rename a b", []string{"0:new:b", "0:rename_from:a", "0:rename_to:b"}, 2},
		{"rename to itself", []string{"set a 1"}, "rename a a", nil, 0},
		{"renamenx taken", []string{"set a 1", "set b 1"}, "renamenx a b", nil, 0},
		{"copy", []string{"set a 1"}, "copy a b db 2", []string{"2:new:b", "2:copy_to:b"}, 1},
		{"copy replace", []string{"set a 1", "set b 2"}, "copy a b replace", []string{"0:new:b", "0:copy_to:b"}, 1},
		{"move", []string{"set a 1"}, "move a 3", []string{"3:new:a", "0:move_from:a", "3:move_to:a"}, 2},
		{"move taken", []string{"set a 1", "copy a a db 3"}, "move a 3", nil, 0},
		{"flushdb", []string{"set a 1", "set b 1"}, "flushdb", nil, 2},
		{"flushall", []string{"set a 1", "copy a a db 5"}, "flushall", nil, 2},
		{"swapdb", []string{"set a 1"}, "swapdb 0 1", nil, 1},
		{"scan", []string{"set a 1"}, "scan 0", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newKeysHarness(t)
			for _, s := range tc.setup {
				h.do(strings.Fields(s)...)
			}
			h.takeEvents()
			h.ks.Dirty = 0
			h.do(strings.Fields(tc.cmd)...)
			if ev := h.takeEvents(); !slices.Equal(ev, tc.want) {
				t.Errorf("events %v, want %v", ev, tc.want)
			}
			if h.ks.Dirty != tc.dirty {
				t.Errorf("dirty %d, want %d", h.ks.Dirty, tc.dirty)
			}
		})
	}
}

func TestKeyStats(t *testing.T) {
	h := newKeysHarness(t)
	h.do("set", "k", "v")
	for _, tc := range []struct {
		cmd          string
		hits, misses int64
	}{
		{"exists k nosuch", 1, 1},
		{"type k", 1, 0},
		{"type nosuch", 0, 1},
		{"ttl k", 1, 0},
		{"pexpiretime nosuch", 0, 1},
		{"touch k nosuch", 1, 1},
		{"object encoding k", 1, 0},
		{"object refcount nosuch", 0, 1},
		{"copy k k2", 1, 0},
		{"copy nosuch k3", 0, 1},
		{"memory usage k", 0, 0},
		{"expire k 100", 0, 0},
		{"persist k", 0, 0},
		{"rename k k4", 0, 0},
		{"move k4 1", 0, 0},
		{"del k2", 0, 0},
		{"scan 0", 0, 0},
		{"keys *", 0, 0},
		{"randomkey", 0, 0},
	} {
		h0, m0 := h.ks.Stats.Hits, h.ks.Stats.Misses
		h.do(strings.Fields(tc.cmd)...)
		if dh, dm := h.ks.Stats.Hits-h0, h.ks.Stats.Misses-m0; dh != tc.hits || dm != tc.misses {
			t.Errorf("%s: hits +%d misses +%d, want +%d +%d", tc.cmd, dh, dm, tc.hits, tc.misses)
		}
	}
}

// TestKeysServer runs the family through a real server and compares with
// the reference server. Replies that are trove's or Valkey 8's own (MEMORY
// USAGE sizes, HELP text, SCAN's cursor parsing and TYPE errors) are
// covered by the tests above instead.
func TestKeysServer(t *testing.T) {
	keysDifferential(t, [][]string{
		{"SET", "a", "1"},
		{"SET", "s", "hello"},
		{"SET", "b", "10000"},
		{"EXISTS", "a", "a", "nosuch"},
		{"TOUCH", "a", "nosuch"},
		{"TYPE", "a"},
		{"TYPE", "nosuch"},
		{"DBSIZE"},
		{"KEYS", "[a]"},
		{"SCAN", "0", "MATCH", "s*", "COUNT", "100"},
		{"SCAN", "0", "TYPE", "hash"},
		{"SCAN", "x"},
		{"SCAN", "0", "COUNT", "0"},
		{"OBJECT", "ENCODING", "a"},
		{"OBJECT", "ENCODING", "s"},
		{"OBJECT", "REFCOUNT", "a"},
		{"OBJECT", "REFCOUNT", "b"},
		{"OBJECT", "IDLETIME", "a"},
		{"OBJECT", "FREQ", "a"},
		{"OBJECT", "ENCODING", "nosuch"},
		{"OBJECT", "nosuch"},
		{"OBJECT"},
		{"MEMORY", "USAGE", "nosuch"},
		{"MEMORY", "USAGE", "a", "SAMPLES"},
		{"RENAME", "nosuch", "x"},
		{"RENAME", "a", "a"},
		{"RENAMENX", "a", "a"},
		{"RENAMENX", "a", "s"},
		{"EXPIRE", "a", "100"},
		{"RENAME", "a", "c"},
		{"TTL", "c"},
		{"COPY", "c", "d"},
		{"TTL", "d"},
		{"COPY", "c", "d"},
		{"COPY", "c", "d", "REPLACE"},
		{"COPY", "c", "c"},
		{"COPY", "c", "c", "DB", "1"},
		{"COPY", "c", "x", "DB", "16"},
		{"COPY", "c", "x", "DB", "notanumber"},
		{"COPY", "c", "x", "DB", "99999999999"},
		{"COPY", "c", "x", "BOGUS"},
		{"MOVE", "c", "0"},
		{"MOVE", "c", "1"},
		{"MOVE", "d", "1"},
		{"MOVE", "d", "2"},
		{"MOVE", "d", "x"},
		{"SELECT", "2"},
		{"TTL", "d"},
		{"SWAPDB", "0", "2"},
		{"DBSIZE"},
		{"SWAPDB", "x", "0"},
		{"SWAPDB", "0", "x"},
		{"SWAPDB", "0", "16"},
		{"FLUSHDB", "BOGUS"},
		{"FLUSHDB", "ASYNC"},
		{"DBSIZE"},
		{"SELECT", "0"},
		{"RANDOMKEY"},
		{"FLUSHALL", "SYNC"},
		{"RANDOMKEY"},
		{"DEL", "a", "s"},
		{"UNLINK", "a"},
		{"FLUSHALL", "a", "b"},
	})
}

// TestKeysGoRedis drives the family through a client library, which
// checks the reply shapes a real application depends on.
func TestKeysGoRedis(t *testing.T) {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: testkit.StartTrove(t), Protocol: 2})
	t.Cleanup(func() { rdb.Close() })

	for i := range 50 {
		if err := rdb.Set(ctx, fmt.Sprintf("user:%d", i), i, 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := rdb.Expire(ctx, "user:1", time.Minute).Result(); !ok || err != nil {
		t.Fatalf("Expire = %v, %v", ok, err)
	}
	if d, err := rdb.TTL(ctx, "user:1").Result(); err != nil || d != time.Minute {
		t.Fatalf("TTL = %v, %v", d, err)
	}
	if ok, err := rdb.ExpireGT(ctx, "user:1", time.Second).Result(); ok || err != nil {
		t.Fatalf("ExpireGT = %v, %v", ok, err)
	}
	if d, err := rdb.TTL(ctx, "user:2").Result(); err != nil || d != -1 {
		t.Fatalf("TTL without expiry = %v, %v", d, err)
	}
	if n, err := rdb.Copy(ctx, "user:1", "copy:1", 3, false).Result(); n != 1 || err != nil {
		t.Fatalf("Copy = %v, %v", n, err)
	}
	if enc, err := rdb.ObjectEncoding(ctx, "user:1").Result(); enc != "int" || err != nil {
		t.Fatalf("ObjectEncoding = %q, %v", enc, err)
	}
	var seen []string
	iter := rdb.Scan(ctx, 0, "user:*", 7).Iterator()
	for iter.Next(ctx) {
		seen = append(seen, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(seen)
	seen = slices.Compact(seen)
	if len(seen) != 50 {
		t.Fatalf("SCAN iterator saw %d keys, want 50", len(seen))
	}
	if keys, err := rdb.Keys(ctx, "user:4?").Result(); err != nil || len(keys) != 10 {
		t.Fatalf("KEYS = %v, %v", keys, err)
	}
	if err := rdb.Rename(ctx, "nosuch", "x").Err(); err == nil || err.Error() != "ERR no such key" {
		t.Fatalf("Rename of a missing key: %v", err)
	}
	if n, err := rdb.DBSize(ctx).Result(); n != 50 || err != nil {
		t.Fatalf("DBSize = %d, %v", n, err)
	}
	if err := rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := rdb.RandomKey(ctx).Result(); err != redis.Nil {
		t.Fatalf("RandomKey on an empty database: %v", err)
	}
}

// keysPipeline sends commands in one write and reads all the replies.
func keysPipeline(t *testing.T, c *testkit.Conn, cmds [][]string) []string {
	t.Helper()
	var buf []byte
	for _, args := range cmds {
		buf = append(buf, testkit.Encode(args...)...)
	}
	c.Write(buf)
	out := make([]string, len(cmds))
	for i := range cmds {
		out[i] = c.Read()
	}
	return out
}

// TestScanGuarantee scans with COUNT 10 while another client keeps adding
// and deleting keys between the calls, growing the database tenfold and
// shrinking it again (so the table resizes both ways mid-scan), and checks
// that every key present for the whole scan was returned.
func TestScanGuarantee(t *testing.T) {
	addr := testkit.StartTrove(t)
	scanner, writer := testkit.Dial(t, addr), testkit.Dial(t, addr)

	const stable = 500
	var cmds [][]string
	for i := range stable {
		cmds = append(cmds, []string{"SET", fmt.Sprintf("stable:%d", i), "v"})
	}
	keysPipeline(t, writer, cmds)

	seen := map[string]int{}
	cursor, calls, churn, deleted := "0", 0, 0, 0
	for {
		v := keysScanReply(t, scanner, cursor)
		cursor = v.cursor
		for _, k := range v.keys {
			seen[k]++
		}
		calls++
		if cursor == "0" {
			break
		}
		if calls > 100_000 {
			t.Fatal("scan does not terminate")
		}
		// Grow for the first 200 calls, then shrink.
		cmds = cmds[:0]
		if calls <= 200 {
			for range 25 {
				cmds = append(cmds, []string{"SET", fmt.Sprintf("churn:%d", churn), "v"})
				churn++
			}
		} else {
			for range 50 {
				if deleted < churn {
					cmds = append(cmds, []string{"DEL", fmt.Sprintf("churn:%d", deleted)})
					deleted++
				}
			}
		}
		if len(cmds) > 0 {
			keysPipeline(t, writer, cmds)
		}
	}
	missing := 0
	for i := range stable {
		if seen[fmt.Sprintf("stable:%d", i)] == 0 {
			missing++
		}
	}
	t.Logf("%d SCAN calls, %d churn keys added, %d deleted, %d distinct keys returned", calls, churn, deleted, len(seen))
	if missing > 0 {
		t.Fatalf("%d of %d keys present for the whole scan were never returned", missing, stable)
	}
}

type keysScanPage struct {
	cursor string
	keys   []string
}

func keysScanReply(t *testing.T, c *testkit.Conn, cursor string) keysScanPage {
	t.Helper()
	c.Write(testkit.Encode("SCAN", cursor, "COUNT", "10"))
	v, err := c.ReadValue()
	if err != nil || v.Type != '*' || len(v.Elems) != 2 {
		t.Fatalf("SCAN %s: %v %s", cursor, err, testkit.Format(v))
	}
	p := keysScanPage{cursor: v.Elems[0].Str}
	for _, e := range v.Elems[1].Elems {
		p.keys = append(p.keys, e.Str)
	}
	return p
}

// TestActiveExpiryServer checks the server's cron removes keys nobody
// reads: 10k keys with a 100 ms TTL are mostly gone (DBSIZE counts expired
// keys still stored) within about a second.
func TestActiveExpiryServer(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	const n = 10_000
	cmds := make([][]string, 0, 1000)
	for i := 0; i < n; i += 1000 {
		cmds = cmds[:0]
		for j := i; j < i+1000; j++ {
			cmds = append(cmds, []string{"SET", "k" + strconv.Itoa(j), "v", "PX", "100"})
		}
		// SET's PX option belongs to the strings family: fall back to
		// PEXPIRE if it is not there yet.
		replies := keysPipeline(t, c, cmds)
		if replies[0] != "OK" {
			for k := range cmds {
				cmds[k] = []string{"SET", cmds[k][1], "v"}
			}
			keysPipeline(t, c, cmds)
			for k := range cmds {
				cmds[k] = []string{"PEXPIRE", cmds[k][1], "100"}
			}
			keysPipeline(t, c, cmds)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		size, _ := strconv.Atoi(strings.TrimPrefix(c.Do("DBSIZE"), "(integer) "))
		if size <= n/20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d expired keys still stored after 5 s", size, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// keysBenchCtx is a context for calling handlers in benchmarks, replies going
// nowhere.
func keysBenchCtx(b *testing.B, name string) (*command.Ctx, *command.Spec) {
	table := command.NewTable()
	table.Add(command.DataCommands()...)
	spec := table.Lookup([]byte(name))
	ks := keyspace.New(16, nil)
	ctx := &command.Ctx{W: resp.NewWriter(io.Discard), Client: &command.Client{}, KS: ks, DB: ks.DB(0), Settings: &command.Settings{}, Spec: spec}
	return ctx, spec
}

func keysBenchKeys(n int) [][]byte {
	keys := make([][]byte, n)
	for i := range keys {
		keys[i] = []byte("key:" + strconv.Itoa(i))
	}
	return keys
}

func BenchmarkExists(b *testing.B) {
	for _, hit := range []bool{true, false} {
		b.Run(map[bool]string{true: "hit", false: "miss"}[hit], func(b *testing.B) {
			ctx, spec := keysBenchCtx(b, "exists")
			keys := keysBenchKeys(1000)
			if hit {
				for _, k := range keys {
					ctx.DB.Add(k, types.NewString([]byte("v")))
				}
			}
			args := [][]byte{[]byte("EXISTS"), nil}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				args[1] = keys[i%len(keys)]
				ctx.Args = args
				spec.Handler(ctx)
				ctx.W.Truncate(0)
			}
		})
	}
}

func BenchmarkDel(b *testing.B) {
	for _, hit := range []bool{true, false} {
		b.Run(map[bool]string{true: "hit", false: "miss"}[hit], func(b *testing.B) {
			ctx, spec := keysBenchCtx(b, "del")
			keys := keysBenchKeys(b.N)
			if hit {
				for _, k := range keys {
					ctx.DB.Add(k, types.NewString([]byte("v")))
				}
			}
			args := [][]byte{[]byte("DEL"), nil}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				args[1] = keys[i]
				ctx.Args = args
				spec.Handler(ctx)
				ctx.W.Truncate(0)
			}
		})
	}
}

// TestKeysCommandDocs compares the argument structure COMMAND DOCS shows
// for the commands of this family (and of the expiry family) with the
// reference server's. FLUSHDB and FLUSHALL are left out: Valkey 8 renamed
// their argument "flush-type" (Redis 7.0 calls it "async").
func TestKeysCommandDocs(t *testing.T) {
	if _, ok := testkit.ReferenceBinary(); !ok {
		t.Skip("redis-server not installed: COMMAND DOCS cannot be compared")
	}
	trove := testkit.Dial(t, testkit.StartTrove(t))
	ref := testkit.Dial(t, testkit.StartReference(t))
	for _, name := range []string{
		"del", "unlink", "exists", "type", "touch", "keys", "scan", "randomkey", "dbsize",
		"rename", "renamenx", "copy", "move", "swapdb", "object|encoding", "object|freq",
		"object|idletime", "object|refcount", "object|help", "memory|usage", "memory|help",
		"expire", "pexpire", "expireat", "pexpireat", "ttl", "pttl", "expiretime", "pexpiretime", "persist",
	} {
		t.Run(name, func(t *testing.T) {
			got, want := keysDocArgs(t, trove, name), keysDocArgs(t, ref, name)
			if got != want {
				t.Errorf("arguments\n got %s\nwant %s", got, want)
			}
		})
	}
}

// keysDocArgs returns the "arguments" element of COMMAND DOCS name.
func keysDocArgs(t *testing.T, c *testkit.Conn, name string) string {
	t.Helper()
	c.Write(testkit.Encode("COMMAND", "DOCS", name))
	v, err := c.ReadValue()
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Elems) < 2 {
		return "(no such command)"
	}
	doc := v.Elems[1].Elems
	for i := 0; i+1 < len(doc); i += 2 {
		if doc[i].Str == "arguments" {
			return testkit.Format(doc[i+1])
		}
	}
	return "(none)"
}
