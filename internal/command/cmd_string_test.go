package command_test

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
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

// A script is a list of commands with the replies expected, in the text
// form of testkit.Format. Each script runs on a fresh trove and, unless it
// is valkeyOnly (behaviour where Valkey 8 differs from the 7.0 reference),
// on the reference server too, where the same replies are expected: the
// expectations are thus checked against the reference as well.
type script struct {
	name       string
	valkeyOnly bool
	steps      []step
}

type step struct{ cmd, want string }

// anyReply as an expectation accepts any reply but an error (HELLO, whose
// reply names the server).
const anyReply = "*"

// matches reports whether a reply meets an expectation.
func matches(got, want string) bool {
	if want == anyReply {
		return !strings.HasPrefix(got, "(error)")
	}
	return got == want
}

// fields splits a command line on spaces; a part in double quotes is a Go
// string literal, so it may hold spaces, escapes or nothing.
func fields(tb testing.TB, line string) []string {
	tb.Helper()
	var out []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] == '"' {
			end := 1
			for end < len(line) && (line[end] != '"' || line[end-1] == '\\' && line[end-2] != '\\') {
				end++
			}
			s, err := strconv.Unquote(line[:end+1])
			if err != nil {
				tb.Fatalf("bad quoted argument in %q: %v", line, err)
			}
			out = append(out, s)
			line = line[end+1:]
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		out = append(out, word)
		line = rest
	}
	return out
}

// runScripts runs each script as a subtest on a fresh trove started with
// config, and on one reference server started with refArgs.
func runScripts(t *testing.T, scripts []script, config []string, refArgs ...string) {
	t.Helper()
	var ref *testkit.Conn
	if _, ok := testkit.ReferenceBinary(); ok {
		ref = testkit.Dial(t, testkit.StartReference(t, refArgs...))
	} else {
		t.Log("redis-server not installed: checking trove against the written expectations only")
	}
	for _, sc := range scripts {
		t.Run(sc.name, func(t *testing.T) {
			c := testkit.Dial(t, testkit.StartTrove(t, config...))
			for i, st := range sc.steps {
				args := fields(t, st.cmd)
				if got := c.Do(args...); !matches(got, st.want) {
					t.Errorf("step %d %s:\n got  %s\n want %s", i+1, st.cmd, got, st.want)
				}
			}
			if ref == nil || sc.valkeyOnly {
				return
			}
			if got := ref.Do("FLUSHALL"); got != "OK" {
				t.Fatalf("reference FLUSHALL: %s", got)
			}
			ref.Do("HELLO", "2")
			for i, st := range sc.steps {
				args := fields(t, st.cmd)
				if got := ref.Do(args...); !matches(got, st.want) {
					t.Errorf("reference disagrees with the expectation at step %d %s:\n reference %s\n want      %s", i+1, st.cmd, got, st.want)
				}
			}
		})
	}
}

const (
	errSyntax   = "(error) ERR syntax error"
	errNotInt   = "(error) ERR value is not an integer or out of range"
	errNotFloat = "(error) ERR value is not a valid float"
	errTooLong  = "(error) ERR string exceeds maximum allowed size (proto-max-bulk-len)"
)

func errArity(cmd string) string {
	return "(error) ERR wrong number of arguments for '" + cmd + "' command"
}

func errExpire(cmd string) string { return "(error) ERR invalid expire time in '" + cmd + "' command" }

func TestStringCommands(t *testing.T) { runScripts(t, stringScripts(), nil) }

func stringScripts() []script {
	return []script{
		{name: "get set", steps: []step{
			{"GET k", "(nil)"},
			{"SET k v", "OK"},
			{"GET k", `"v"`},
			{`SET k ""`, "OK"},
			{"GET k", `""`},
			{`SET k "a\x00b\r\n"`, "OK"},
			{"GET k", `"a\x00b\r\n"`},
			{"GET", errArity("get")},
			{"GET a b", errArity("get")},
			{"SET k", errArity("set")},
		}},
		{name: "set nx xx", steps: []step{
			{"SET k v NX", "OK"},
			{"SET k w NX", "(nil)"},
			{"GET k", `"v"`},
			{"SET k w XX", "OK"},
			{"GET k", `"w"`},
			{"SET nk v XX", "(nil)"},
			{"GET nk", "(nil)"},
			{"SET k2 v nx nx", "OK"},
			{"SET k2 x Xx xX", "OK"},
			{"GET k2", `"x"`},
			{"SET k v NX XX", errSyntax},
			{"SET k v XX NX", errSyntax},
			{"GET k", `"w"`},
		}},
		{name: "set get", steps: []step{
			{"SET k v", "OK"},
			{"SET k w GET", `"v"`},
			{"GET k", `"w"`},
			{"SET nk v GET", "(nil)"},
			{"GET nk", `"v"`},
			{"SET k x GET NX", `"w"`},
			{"GET k", `"w"`},
			{"SET nk2 x NX GET", "(nil)"},
			{"GET nk2", `"x"`},
			{"SET k x get xx", `"w"`},
			{"GET k", `"x"`},
			{"SET nk3 x XX GET", "(nil)"},
			{"GET nk3", "(nil)"},
			{"SET k y GET GET", `"x"`},
			{"SET k z GET EX 0", errExpire("set")},
			{"GET k", `"y"`},
		}},
		{name: "set expire", steps: []step{
			{"SET k v EX 100", "OK"},
			{"TTL k", "(integer) 100"},
			{"SET k v EX 100 EX 200", "OK"},
			{"TTL k", "(integer) 200"},
			{"SET k v2 KEEPTTL", "OK"},
			{"TTL k", "(integer) 200"},
			{"SET k v3 KEEPTTL KEEPTTL", "OK"},
			{"TTL k", "(integer) 200"},
			{"GET k", `"v3"`},
			{"SET k v4", "OK"},
			{"TTL k", "(integer) -1"},
			{"SET k v px 150000", "OK"},
			{"TTL k", "(integer) 150"},
			{"SET k v xx PX 100000", "OK"},
			{"TTL k", "(integer) 100"},
			{"SET k v EXAT 9223372036854775", "OK"},
			{"SET k v PXAT 9223372036854775807", "OK"},
			{"SET k v", "OK"},
			{"SET k new EXAT 1 GET", `"v"`},
			{"GET k", "(nil)"},
			{"SET k v PXAT 1", "OK"},
			{"GET k", "(nil)"},
			{"SET nk v EXAT 1", "OK"},
			{"GET nk", "(nil)"},
		}},
		{name: "set expire errors", steps: []step{
			{"SET k v EX 10 PX 20", errSyntax},
			{"SET k v KEEPTTL EX 1", errSyntax},
			{"SET k v EX 1 KEEPTTL", errSyntax},
			{"SET k v PX 1 EXAT 1", errSyntax},
			{"SET k v EXAT 1 PXAT 1", errSyntax},
			{"SET k v PXAT 1 EX 1", errSyntax},
			{"SET k v EX", errSyntax},
			{"SET k v PX", errSyntax},
			{"SET k v EXAT", errSyntax},
			{"SET k v PXAT", errSyntax},
			{"SET k v PERSIST", errSyntax},
			{"SET k v foo", errSyntax},
			{"SET k v ex 10 foo", errSyntax},
			{"SET k v NXX", errSyntax},
			{"SET k v EX 0", errExpire("set")},
			{"SET k v EX -1", errExpire("set")},
			{"SET k v PX 0", errExpire("set")},
			{"SET k v EXAT 0", errExpire("set")},
			{"SET k v PXAT -5", errExpire("set")},
			{"SET k v EX abc", errNotInt},
			{"SET k v EX 1.5", errNotInt},
			{`SET k v EX " 1"`, errNotInt},
			{"SET k v PX 9223372036854775807", errExpire("set")},
			{"SET k v EX 9223372036854775", errExpire("set")},
			{"SET k v EX 9223372036854776", errExpire("set")},
			{"SET k v EXAT 9223372036854776", errExpire("set")},
			{"SET k v EX 9223372036854775808", errNotInt},
			{"GET k", "(nil)"},
		}},
		{name: "setnx setex psetex", steps: []step{
			{"SETNX k v", "(integer) 1"},
			{"SETNX k w", "(integer) 0"},
			{"GET k", `"v"`},
			{"SETNX k", errArity("setnx")},
			{"SETEX k 100 v2", "OK"},
			{"TTL k", "(integer) 100"},
			{"GET k", `"v2"`},
			{"SETEX k 0 v", errExpire("setex")},
			{"SETEX k -1 v", errExpire("setex")},
			{"SETEX k abc v", errNotInt},
			{"SETEX k 9223372036854776 v", errExpire("setex")},
			{"SETEX k 1", errArity("setex")},
			{"PSETEX k 100000 v3", "OK"},
			{"TTL k", "(integer) 100"},
			{"GET k", `"v3"`},
			{"PSETEX k 0 v", errExpire("psetex")},
			{"PSETEX k x v", errNotInt},
			{"PSETEX k 9223372036854775807 v", errExpire("psetex")},
			{"PSETEX k 1 v x", errArity("psetex")},
		}},
		{name: "getset getdel", steps: []step{
			{"GETSET k v", "(nil)"},
			{"GETSET k w", `"v"`},
			{"GET k", `"w"`},
			{"SET k v EX 100", "OK"},
			{"GETSET k x", `"v"`},
			{"TTL k", "(integer) -1"},
			{"GETSET k", errArity("getset")},
			{"GETDEL k", `"x"`},
			{"GETDEL k", "(nil)"},
			{"GET k", "(nil)"},
			{"GETDEL k x", errArity("getdel")},
		}},
		{name: "getex", steps: []step{
			{"GETEX nk", "(nil)"},
			{"GETEX nk EX 10", "(nil)"},
			{"SET k v", "OK"},
			{"GETEX k", `"v"`},
			{"TTL k", "(integer) -1"},
			{"GETEX k EX 100", `"v"`},
			{"TTL k", "(integer) 100"},
			{"GETEX k px 200000", `"v"`},
			{"TTL k", "(integer) 200"},
			{"GETEX k EX 10 EX 20", `"v"`},
			{"TTL k", "(integer) 20"},
			{"GETEX k PERSIST", `"v"`},
			{"TTL k", "(integer) -1"},
			{"GETEX k PERSIST PERSIST", `"v"`},
			{"GETEX k EXAT 9223372036854775", `"v"`},
			{"GETEX k PERSIST", `"v"`},
			{"GETEX k EX", errSyntax},
			{"GETEX k PERSIST EX 10", errSyntax},
			{"GETEX k EX 10 PERSIST", errSyntax},
			{"GETEX k EX 10 PX 10", errSyntax},
			{"GETEX k KEEPTTL", errSyntax},
			{"GETEX k NX", errSyntax},
			{"GETEX k GET", errSyntax},
			{"GETEX k foo", errSyntax},
			{"GETEX k EX 0", errExpire("getex")},
			{"GETEX k PXAT -1", errExpire("getex")},
			{"GETEX k EX x", errNotInt},
			{"GETEX k EX 9223372036854776", errExpire("getex")},
			{"TTL k", "(integer) -1"},
			{"GETEX k EXAT 1", `"v"`},
			{"GET k", "(nil)"},
			{"SET k v", "OK"},
			{"GETEX k PXAT 1", `"v"`},
			{"GET k", "(nil)"},
			{"GETEX", errArity("getex")},
		}},
		{name: "getex checks the time before the key", valkeyOnly: true, steps: []step{
			// Valkey 8 validates first; the 7.0 reference replies nil.
			{"GETEX nk EX 0", errExpire("getex")},
			{"GETEX nk EX x", errNotInt},
		}},
		{name: "mget mset msetnx", steps: []step{
			{"MSET a 1 b 2", "OK"},
			{"MGET a b c", `["1", "2", (nil)]`},
			{"MGET c", `[(nil)]`},
			{"MSET a", errArity("mset")},
			{"MSET a 1 b", errArity("mset")},
			{"MGET", errArity("mget")},
			{"MSET a x a y", "OK"},
			{"GET a", `"y"`},
			{"MSETNX a 1 z 2", "(integer) 0"},
			{"GET z", "(nil)"},
			{"MSETNX y1 1 y2 2", "(integer) 1"},
			{"MGET y1 y2", `["1", "2"]`},
			{"MSETNX y3 1 y3 2", "(integer) 1"},
			{"GET y3", `"2"`},
			{"MSETNX y1", errArity("msetnx")},
			{"MSETNX y4 1 y5", errArity("msetnx")},
			{"SET e v EX 100", "OK"},
			{"MSET e w", "OK"},
			{"TTL e", "(integer) -1"},
		}},
		{name: "append strlen", steps: []step{
			{"APPEND k hello", "(integer) 5"},
			{`APPEND k " world"`, "(integer) 11"},
			{"GET k", `"hello world"`},
			{"STRLEN k", "(integer) 11"},
			{"STRLEN nk", "(integer) 0"},
			{`APPEND k ""`, "(integer) 11"},
			{"SET n 123", "OK"},
			{"STRLEN n", "(integer) 3"},
			{"APPEND n 4", "(integer) 4"},
			{"GET n", `"1234"`},
			{"SET t v EX 100", "OK"},
			{"APPEND t w", "(integer) 2"},
			{"TTL t", "(integer) 100"},
			{"APPEND k", errArity("append")},
			{"STRLEN", errArity("strlen")},
		}},
		{name: "getrange substr", steps: []step{
			{`SET k "Hello World"`, "OK"},
			{"GETRANGE k 0 3", `"Hell"`},
			{"GETRANGE k 0 -1", `"Hello World"`},
			{"GETRANGE k -4 -1", `"orld"`},
			{"GETRANGE k 5 3", `""`},
			{"GETRANGE k 5 5000", `" World"`},
			{"GETRANGE k -5000 10000", `"Hello World"`},
			{"GETRANGE k -1 -5", `""`},
			{"GETRANGE k 0 4294967297", `"Hello World"`},
			{"GETRANGE k 11 11", `""`},
			{"GETRANGE k 10 10", `"d"`},
			{"GETRANGE k -100 -50", `"H"`},
			{"GETRANGE k -9223372036854775808 9223372036854775807", `"Hello World"`},
			{"GETRANGE nk 0 -1", `""`},
			{"GETRANGE k x 0", errNotInt},
			{"GETRANGE k 0 x", errNotInt},
			{"GETRANGE nk x 0", errNotInt},
			{"SUBSTR k 0 0", `"H"`},
			{"SUBSTR k -1 -3", `""`},
			{"SUBSTR nk 0 1", `""`},
			{`SET e ""`, "OK"},
			{"GETRANGE e 0 -1", `""`},
			{"GETRANGE e -1 0", `""`},
			{"SET n 1234", "OK"},
			{"GETRANGE n 0 2", `"123"`},
			{"GETRANGE n 1 -1", `"234"`},
			{"GETRANGE k 0", errArity("getrange")},
			{"SUBSTR k 0 1 2", errArity("substr")},
		}},
		{name: "setrange", steps: []step{
			{"SETRANGE k 0 foo", "(integer) 3"},
			{"GET k", `"foo"`},
			{`SETRANGE nk 0 ""`, "(integer) 0"},
			{"GET nk", "(nil)"},
			{"SETRANGE nk2 1 foo", "(integer) 4"},
			{"GET nk2", `"\x00foo"`},
			{"SETRANGE k 0 b", "(integer) 3"},
			{"GET k", `"boo"`},
			{"SETRANGE k 4 bar", "(integer) 7"},
			{"GET k", `"boo\x00bar"`},
			{`SETRANGE k 0 ""`, "(integer) 7"},
			{`SETRANGE k 100 ""`, "(integer) 7"},
			{"SETRANGE k 1 xy", "(integer) 7"},
			{"GET k", `"bxy\x00bar"`},
			{"SETRANGE k -1 x", "(error) ERR offset is out of range"},
			{`SETRANGE k -1 ""`, "(error) ERR offset is out of range"},
			{"SETRANGE k x y", errNotInt},
			{"SETRANGE k 536870911 xx", errTooLong},
			{"SETRANGE nk3 536870912 x", errTooLong},
			{"SETRANGE k 9223372036854775807 A", errTooLong},
			{`SETRANGE nk3 536870912 ""`, "(integer) 0"},
			{"SET n 1234", "OK"},
			{"SETRANGE n 1 3", "(integer) 4"},
			{"GET n", `"1334"`},
			{"SET t v EX 100", "OK"},
			{"SETRANGE t 2 w", "(integer) 3"},
			{"TTL t", "(integer) 100"},
			{"SETRANGE k 0", errArity("setrange")},
		}},
		{name: "incr decr", steps: []step{
			{"INCR n", "(integer) 1"},
			{"INCR n", "(integer) 2"},
			{"DECR n", "(integer) 1"},
			{"INCRBY n 10", "(integer) 11"},
			{"DECRBY n 5", "(integer) 6"},
			{"INCRBY n -6", "(integer) 0"},
			{"DECRBY n -3", "(integer) 3"},
			{"DECR nd", "(integer) -1"},
			{"DECRBY nd2 7", "(integer) -7"},
			{"INCRBY ni -7", "(integer) -7"},
			{"GET n", `"3"`},
			{"SET n 9223372036854775807", "OK"},
			{"INCR n", "(error) ERR increment or decrement would overflow"},
			{"INCRBY n 0", "(integer) 9223372036854775807"},
			{"SET n -9223372036854775808", "OK"},
			{"DECR n", "(error) ERR increment or decrement would overflow"},
			{"DECRBY n 1", "(error) ERR increment or decrement would overflow"},
			{"INCRBY n -1", "(error) ERR increment or decrement would overflow"},
			{"INCRBY n 9223372036854775807", "(integer) -1"},
			{"DECRBY n -9223372036854775808", "(error) ERR decrement would overflow"},
			{"DECRBY nk -9223372036854775808", "(error) ERR decrement would overflow"},
			{"INCRBY n x", errNotInt},
			{"INCRBY n 1.5", errNotInt},
			{"INCRBY n 9223372036854775808", errNotInt},
			{"DECRBY n x", errNotInt},
			{"SET s foo", "OK"},
			{"INCR s", errNotInt},
			{`SET s " 1"`, "OK"},
			{"INCR s", errNotInt},
			{"SET s 01", "OK"},
			{"DECR s", errNotInt},
			{`SET s "1 "`, "OK"},
			{"INCRBY s 1", errNotInt},
			{"SET s +1", "OK"},
			{"DECRBY s 1", errNotInt},
			{"SET s -0", "OK"},
			{"INCR s", errNotInt},
			{"SET s 1.5", "OK"},
			{"INCR s", errNotInt},
			{"SET s 10 EX 100", "OK"},
			{"INCR s", "(integer) 11"},
			{"TTL s", "(integer) 100"},
			{"APPEND s 0", "(integer) 3"},
			{"INCR s", "(integer) 111"},
			{"INCR", errArity("incr")},
			{"DECR a b", errArity("decr")},
			{"INCRBY a", errArity("incrby")},
			{"DECRBY a", errArity("decrby")},
		}},
		{name: "incrbyfloat", steps: []step{
			{"INCRBYFLOAT f 0.1", `"0.1"`},
			{"INCRBYFLOAT f 0.2", `"0.3"`},
			{"GET f", `"0.3"`},
			{"SET f 10.50", "OK"},
			{"INCRBYFLOAT f 0.1", `"10.6"`},
			{"SET f 5.0e3", "OK"},
			{"INCRBYFLOAT f 2.0e2", `"5200"`},
			{"SET f 1", "OK"},
			{"INCRBYFLOAT f 1e20", `"100000000000000000000"`},
			// 1e20+1 needs 67 bits: the 1 is lost in the 64-bit significand.
			{"INCRBYFLOAT f -1e20", `"0"`},
			{"INCRBYFLOAT f -1.5", `"-1.5"`},
			{"INCRBYFLOAT f 0.5", `"-1"`},
			{"INCRBYFLOAT f 1", `"0"`},
			{"SET f abc", "OK"},
			{"INCRBYFLOAT f 1", errNotFloat},
			{"INCRBYFLOAT f2 abc", errNotFloat},
			{"INCRBYFLOAT f2 1.5x", errNotFloat},
			{`INCRBYFLOAT f2 ""`, errNotFloat},
			{`INCRBYFLOAT f2 " 1"`, errNotFloat},
			{"SET f 1", "OK"},
			{"INCRBYFLOAT f inf", "(error) ERR increment would produce NaN or Infinity"},
			{"INCRBYFLOAT f -Infinity", "(error) ERR increment would produce NaN or Infinity"},
			{"INCRBYFLOAT f nan", errNotFloat},
			{"INCRBYFLOAT f 1e5000", errNotFloat},
			{"INCRBYFLOAT f 0x10", `"17"`},
			{"SET f inf", "OK"},
			{"INCRBYFLOAT f 1", "(error) ERR increment would produce NaN or Infinity"},
			{"SET f 1 EX 100", "OK"},
			{"INCRBYFLOAT f 1", `"2"`},
			{"TTL f", "(integer) 100"},
			{"INCR f", "(integer) 3"},
			{"INCRBYFLOAT f 1.5", `"4.5"`},
			{"INCR f", errNotInt},
			{"INCRBYFLOAT f", errArity("incrbyfloat")},
		}},
		{name: "lcs", steps: []step{
			{"SET a ohmytext", "OK"},
			{"SET b mynewtext", "OK"},
			{"LCS a b", `"mytext"`},
			{"LCS a b LEN", "(integer) 6"},
			{"LCS a b len len", "(integer) 6"},
			{"LCS a b IDX", `["matches", [[[(integer) 4, (integer) 7], [(integer) 5, (integer) 8]], [[(integer) 2, (integer) 3], [(integer) 0, (integer) 1]]], "len", (integer) 6]`},
			{"LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN", `["matches", [[[(integer) 4, (integer) 7], [(integer) 5, (integer) 8], (integer) 4]], "len", (integer) 6]`},
			{"LCS a b IDX WITHMATCHLEN MINMATCHLEN -5", `["matches", [[[(integer) 4, (integer) 7], [(integer) 5, (integer) 8], (integer) 4], [[(integer) 2, (integer) 3], [(integer) 0, (integer) 1], (integer) 2]], "len", (integer) 6]`},
			{"LCS a b WITHMATCHLEN", `"mytext"`},
			{"LCS a b LEN IDX", "(error) ERR If you want both the length and indexes, please just use IDX."},
			{"LCS a b MINMATCHLEN", errSyntax},
			{"LCS a b MINMATCHLEN x", errNotInt},
			{"LCS a b foo", errSyntax},
			{"LCS a nokey", `""`},
			{"LCS nokey a LEN", "(integer) 0"},
			{"LCS a nokey IDX", `["matches", [], "len", (integer) 0]`},
			{"LCS a a", `"ohmytext"`},
			{"LCS a", errArity("lcs")},
		}},
		{name: "lcs resp3", steps: []step{
			{"SET a ohmytext", "OK"},
			{"SET b mynewtext", "OK"},
			{"HELLO 3", anyReply},
			{"LCS a b IDX WITHMATCHLEN", `{"matches": [[[(integer) 4, (integer) 7], [(integer) 5, (integer) 8], (integer) 4], [[(integer) 2, (integer) 3], [(integer) 0, (integer) 1], (integer) 2]], "len": (integer) 6}`},
		}},
		{name: "object encoding", steps: []step{
			{"SET k 12345", "OK"},
			{"OBJECT ENCODING k", `"int"`},
			{"SET k -0", "OK"},
			{"OBJECT ENCODING k", `"embstr"`},
			{"SET k 9223372036854775808", "OK"},
			{"OBJECT ENCODING k", `"embstr"`},
			{"SET k " + strings.Repeat("a", 44), "OK"},
			{"OBJECT ENCODING k", `"embstr"`},
			{"SET k " + strings.Repeat("a", 45), "OK"},
			{"OBJECT ENCODING k", `"raw"`},
			{"SET k 1", "OK"},
			{"APPEND k 2", "(integer) 2"},
			{"OBJECT ENCODING k", `"raw"`},
			{"INCR k", "(integer) 13"},
			{"OBJECT ENCODING k", `"int"`},
			{`APPEND k ""`, "(integer) 2"},
			{"OBJECT ENCODING k", `"raw"`},
			{"SET k 1234", "OK"},
			{`SETRANGE k 0 ""`, "(integer) 4"},
			{"OBJECT ENCODING k", `"int"`},
			{"SETRANGE k 0 2", "(integer) 4"},
			{"OBJECT ENCODING k", `"raw"`},
			{"SET k 5", "OK"},
			{"INCRBYFLOAT k 1", `"6"`},
			{"OBJECT ENCODING k", `"embstr"`},
			{"INCRBYFLOAT k 1e60", `"999999999999999999999373423426722168652130621984886772203520"`},
			{"OBJECT ENCODING k", `"raw"`},
			{"GETSET k 10", `"999999999999999999999373423426722168652130621984886772203520"`},
			{"OBJECT ENCODING k", `"int"`},
			{"MSET k 11 j abc", "OK"},
			{"OBJECT ENCODING k", `"int"`},
			{"OBJECT ENCODING j", `"embstr"`},
			{"SETRANGE r 0 15", "(integer) 2"},
			{"OBJECT ENCODING r", `"raw"`},
			{"APPEND a 15", "(integer) 2"},
			{"OBJECT ENCODING a", `"int"`},
			{"SETNX x 1", "(integer) 1"},
			{"OBJECT ENCODING x", `"int"`},
			{"SETEX x 100 abc", "OK"},
			{"OBJECT ENCODING x", `"embstr"`},
			{"GETEX x PERSIST", `"abc"`},
			{"OBJECT ENCODING x", `"embstr"`},
		}},
	}
}

// TestStringSizeLimits runs with the smallest proto-max-bulk-len (1 MB) so
// the size checks can be reached without huge allocations.
func TestStringSizeLimits(t *testing.T) {
	const mb = 1 << 20
	a600, b600 := strings.Repeat("a", 600), strings.Repeat("b", 600)
	scripts := []script{
		{name: "setrange append", steps: []step{
			{fmt.Sprintf("SETRANGE k %d x", mb), errTooLong},
			{fmt.Sprintf("SETRANGE k %d x", mb-1), fmt.Sprintf("(integer) %d", mb)},
			{"APPEND k x", errTooLong},
			{`APPEND k ""`, fmt.Sprintf("(integer) %d", mb)},
			{"SETRANGE k 0 y", fmt.Sprintf("(integer) %d", mb)},
			{fmt.Sprintf("SETRANGE k %d y", mb), errTooLong},
		}},
		{name: "lcs memory", steps: []step{
			{"SET a " + a600, "OK"},
			{"SET b " + b600, "OK"},
			{"LCS a b LEN", "(error) ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"},
			{"SET b " + a600[:400], "OK"},
			{"LCS a b LEN", "(integer) 400"},
		}},
	}
	runScripts(t, scripts, []string{"proto-max-bulk-len 1mb"}, "--proto-max-bulk-len", "1mb")
}

// ---- Handlers called directly through a Ctx ----

// fakeList stands in for a value of another type until the collection
// families land, so WRONGTYPE paths can be exercised.
type fakeList struct{}

func (fakeList) Kind() types.Kind      { return types.KindList }
func (fakeList) Encoding() string      { return "quicklist" }
func (fakeList) Copy() types.Value     { return fakeList{} }
func (fakeList) MemoryUsage(int) int64 { return 0 }

// harness runs handlers against a keyspace of its own with a fake clock,
// recording every change event as "<class> <event> <key>" (class g, $, x).
type harness struct {
	tb     testing.TB
	ks     *keyspace.Keyspace
	ctx    *command.Ctx
	now    time.Time
	events []string
	specs  map[string]*command.Spec
}

func newHarness(tb testing.TB) *harness {
	h := &harness{tb: tb, now: time.UnixMilli(1_700_000_000_000), specs: map[string]*command.Spec{}}
	h.ks = keyspace.New(16, func() time.Time { return h.now })
	h.ks.ActiveExpire = false
	h.ks.OnChange = func(db *keyspace.DB, key []byte, class keyspace.EventClass, event string) {
		letter := map[keyspace.EventClass]string{keyspace.EventGeneric: "g", keyspace.EventString: "$", keyspace.EventExpired: "x"}[class]
		if letter == "" {
			letter = fmt.Sprint(class)
		}
		h.events = append(h.events, letter+" "+event+" "+string(key))
	}
	h.ctx = &command.Ctx{
		W:        resp.NewWriter(bytes.NewBuffer(nil)),
		Client:   &command.Client{},
		KS:       h.ks,
		DB:       h.ks.DB(0),
		Settings: &command.Settings{ProtoMaxBulkLen: 512 << 20},
	}
	for _, s := range command.DataCommands() {
		h.specs[s.Name] = s
	}
	return h
}

// has reports whether the data commands include name.
func (h *harness) has(name string) bool { return h.specs[strings.ToLower(name)] != nil }

// do runs one command as dispatch would (arity first) and returns the
// formatted reply. It fails the test if the handler broke the reply
// contract: an error after writing, or not exactly one reply.
func (h *harness) do(args ...string) string {
	h.tb.Helper()
	spec := h.specs[strings.ToLower(args[0])]
	if spec == nil {
		h.tb.Fatalf("no command %q", args[0])
	}
	if len(spec.Subcommands) > 0 && len(args) > 1 {
		if sub := spec.LookupSub([]byte(args[1])); sub != nil {
			spec = sub
		}
	}
	if !spec.CheckArity(len(args)) {
		return "(error) " + command.WrongArity(spec.FullName()).Error()
	}
	h.ks.Tick()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	h.ctx.Args, h.ctx.Spec = argv, spec
	h.ctx.W.Truncate(0)
	err := spec.Handler(h.ctx)
	out := h.ctx.W.Bytes()
	if err != nil {
		if len(out) != 0 {
			h.tb.Errorf("%q wrote %q and returned %v", args, out, err)
		}
		return "(error) " + err.Error()
	}
	br := bufio.NewReader(bytes.NewReader(out))
	v, rerr := testkit.ReadValue(br)
	if rerr != nil {
		h.tb.Fatalf("%q wrote an unreadable reply %q: %v", args, out, rerr)
	}
	if br.Buffered() != 0 {
		h.tb.Errorf("%q wrote more than one reply: %q", args, out)
	}
	return testkit.Format(v)
}

func (h *harness) run(line string) string { return h.do(fields(h.tb, line)...) }

// expireAt is the key's absolute expiry in ms, 0 without TTL, -2 if absent.
func (h *harness) expireAt(key string) int64 {
	e := h.ctx.DB.Peek([]byte(key))
	if e == nil {
		return -2
	}
	return e.ExpireAt
}

func (h *harness) encoding(key string) string {
	e := h.ctx.DB.Peek([]byte(key))
	if e == nil {
		return "(none)"
	}
	return e.Value.Encoding()
}

// TestStringScriptsDirect replays the scripts through the handlers alone,
// checking the reply contract on every step. Steps for commands of other
// families (TTL, OBJECT, HELLO) are left out.
func TestStringScriptsDirect(t *testing.T) {
	for _, sc := range append(stringScripts(), bitmapScripts()...) {
		t.Run(sc.name, func(t *testing.T) {
			h := newHarness(t)
			for i, st := range sc.steps {
				args := fields(t, st.cmd)
				if strings.EqualFold(args[0], "hello") {
					p, _ := strconv.Atoi(args[1])
					h.ctx.W.SetProtocol(p)
					continue
				}
				if !h.has(args[0]) {
					continue
				}
				if got := h.do(args...); !matches(got, st.want) {
					t.Errorf("step %d %s:\n got  %s\n want %s", i+1, st.cmd, got, st.want)
				}
			}
		})
	}
}

func TestSetIfEq(t *testing.T) {
	// Valkey 8.1's IFEQ; the 7.0 reference does not know it.
	runScripts(t, []script{{name: "ifeq", valkeyOnly: true, steps: []step{
		{"SET k v", "OK"},
		{"SET k w IFEQ v", "OK"},
		{"GET k", `"w"`},
		{"SET k x IFEQ v", "(nil)"},
		{"GET k", `"w"`},
		{"SET nk v IFEQ x", "(nil)"},
		{"GET nk", "(nil)"},
		{"SET nk v IFEQ x GET", "(nil)"},
		{"GET nk", "(nil)"},
		{"SET k y ifeq w GET", `"w"`},
		{"GET k", `"y"`},
		{"SET k z IFEQ nope GET", `"y"`},
		{"GET k", `"y"`},
		{"SET k v IFEQ y NX", errSyntax},
		{"SET k v NX IFEQ y", errSyntax},
		{"SET k v XX IFEQ y", errSyntax},
		{"SET k v IFEQ y XX", errSyntax},
		{"SET k v IFEQ", errSyntax},
		{"SET k v IFEQ y EX 0", errExpire("set")},
		{"SET k v IFEQ y EX 100", "OK"},
		{"TTL k", "(integer) 100"},
		{"SET k w IFEQ v KEEPTTL", "OK"},
		{"TTL k", "(integer) 100"},
		{"SET n 10", "OK"},
		{"SET n 11 IFEQ 10", "OK"},
		{"GET n", `"11"`},
		{`SET e "" IFEQ ""`, "(nil)"},
		{`SET e ""`, "OK"},
		{`SET e x IFEQ ""`, "OK"},
		{"GET e", `"x"`},
		{"SET e y IFEQ x EXAT 1", "OK"},
		{"GET e", "(nil)"},
	}}}, nil)
}

// ---- Random differential tests for the string family ----

// randDecimal makes a number as text in the many forms strtold accepts.
func randDecimal(r *rand.Rand) string {
	switch r.IntN(10) {
	case 0:
		return fmt.Sprint(r.Int64N(1<<62) - 1<<61)
	case 1:
		return fmt.Sprint(r.IntN(2000) - 1000)
	case 2:
		return fmt.Sprintf("0x%x.%xp%d", r.IntN(1<<20), r.IntN(1<<8), r.IntN(40)-20)
	case 3:
		return fmt.Sprintf("%de%d", r.IntN(100), r.IntN(9000)-4500)
	}
	var b strings.Builder
	if r.IntN(3) == 0 {
		b.WriteByte('-')
	}
	b.WriteString(randBytes(r, r.IntN(22), "0123456789"))
	if r.IntN(4) != 0 {
		b.WriteByte('.')
		b.WriteString(randBytes(r, 1+r.IntN(24), "0123456789"))
	}
	if b.Len() == 0 || b.String() == "-" {
		b.WriteByte('7')
	}
	if r.IntN(3) == 0 {
		fmt.Fprintf(&b, "e%d", r.IntN(60)-30)
	}
	return b.String()
}

func TestIncrByFloatDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var cmds [][]string
	for range 1500 {
		cmds = append(cmds, []string{"SET", "f", randDecimal(r)}, []string{"INCRBYFLOAT", "f", randDecimal(r)})
	}
	// Accumulated rounding over a run of increments.
	cmds = append(cmds, []string{"DEL", "g"})
	for range 300 {
		cmds = append(cmds, []string{"INCRBYFLOAT", "g", randDecimal(r)})
	}
	differential(t, cmds)
}

func TestLCSDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	var cmds [][]string
	for range 300 {
		alpha := []string{"ab", "abc", "acgt", "abcdefgh"}[r.IntN(4)]
		cmds = append(cmds,
			[]string{"SET", "a", randBytes(r, r.IntN(30), alpha)},
			[]string{"SET", "b", randBytes(r, r.IntN(30), alpha)},
			[]string{"LCS", "a", "b"},
			[]string{"LCS", "a", "b", "LEN"},
			[]string{"LCS", "a", "b", "IDX"},
			[]string{"LCS", "b", "a", "IDX", "WITHMATCHLEN"},
			[]string{"LCS", "a", "b", "IDX", "MINMATCHLEN", fmt.Sprint(r.IntN(5)), "WITHMATCHLEN"},
		)
	}
	differential(t, cmds)
}

func TestRangeDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	var cmds [][]string
	for range 300 {
		cmds = append(cmds, []string{"SET", "k", randBytes(r, r.IntN(20), "abcdef")})
		for range 3 {
			cmds = append(cmds,
				[]string{"GETRANGE", "k", fmt.Sprint(r.IntN(50) - 25), fmt.Sprint(r.IntN(50) - 25)},
				[]string{"SETRANGE", "k", fmt.Sprint(r.IntN(25)), randBytes(r, r.IntN(4), "XYZ")},
				[]string{"APPEND", "k", randBytes(r, r.IntN(3), "uv")},
				[]string{"GET", "k"},
			)
		}
	}
	differential(t, cmds)
}

// TestSetOptionsDifferential tries random option lists on keys in random
// states and compares the reply, the value and whether a TTL is set.
func TestSetOptionsDifferential(t *testing.T) {
	if _, ok := testkit.ReferenceBinary(); !ok {
		t.Skip("redis-server not installed: differential tests need the reference server")
	}
	r := rand.New(rand.NewPCG(17, 18))
	future := time.Now().Unix() + 100000
	opts := [][]string{{"NX"}, {"XX"}, {"GET"}, {"KEEPTTL"}, {"EX", "100"}, {"PX", "100000"},
		{"EXAT", fmt.Sprint(future)}, {"PXAT", fmt.Sprint(future * 1000)}, {"EX", "0"}, {"EX", "x"},
		{"nx"}, {"get"}, {"Keepttl"}, {"PX"}, {"FOO"}}
	var cmds [][]string
	for i := range 600 {
		switch r.IntN(3) {
		case 0:
			cmds = append(cmds, []string{"DEL", "k"})
		case 1:
			cmds = append(cmds, []string{"SET", "k", "old"})
		default:
			cmds = append(cmds, []string{"SET", "k", "old", "EX", "1000"})
		}
		cmd := []string{"SET", "k", fmt.Sprint("v", i)}
		for range r.IntN(4) {
			cmd = append(cmd, opts[r.IntN(len(opts))]...)
		}
		cmds = append(cmds, cmd, []string{"GET", "k"}, []string{"TTL", "k"})
	}
	got := pipeline(t, testkit.StartTrove(t), cmds)
	want := pipeline(t, testkit.StartReference(t), cmds)
	bad := 0
	for i := range cmds {
		g, w := got[i], want[i]
		if cmds[i][0] == "TTL" {
			g, w = ttlSign(g), ttlSign(w)
		}
		if g != w {
			t.Errorf("%s:\n trove     %s\n reference %s", strings.Join(quoteAll(cmds[i]), " "), got[i], want[i])
			if bad++; bad == 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

// ttlSign keeps -2 and -1 and turns any positive TTL into "positive".
func ttlSign(reply string) string {
	n, err := strconv.Atoi(strings.TrimPrefix(reply, "(integer) "))
	if err == nil && n > 0 {
		return "positive"
	}
	return reply
}

// ---- Keyspace events, TTLs and types, observed through the keyspace ----

func TestStringEvents(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		cmd   string
		want  []string
	}{
		{"set", nil, "SET k v", []string{"$ set k"}},
		{"set ex", nil, "SET k v EX 100", []string{"$ set k", "g expire k"}},
		{"set keepttl", []string{"SET k v EX 100"}, "SET k w KEEPTTL", []string{"$ set k"}},
		{"set nx aborted", []string{"SET k v"}, "SET k w NX", nil},
		{"set xx aborted", nil, "SET k w XX", nil},
		{"set get", nil, "SET k v GET", []string{"$ set k"}},
		{"set past exat", []string{"SET k v"}, "SET k w EXAT 1", []string{"x expired k"}},
		{"set past exat absent", nil, "SET k w PXAT 1", nil},
		{"set ifeq", []string{"SET k v"}, "SET k w IFEQ v", []string{"$ set k"}},
		{"set ifeq aborted", []string{"SET k v"}, "SET k w IFEQ x", nil},
		{"set syntax error", nil, "SET k v EX", nil},
		{"setnx", nil, "SETNX k v", []string{"$ set k"}},
		{"setnx aborted", []string{"SET k v"}, "SETNX k v", nil},
		{"setex", nil, "SETEX k 10 v", []string{"$ set k", "g expire k"}},
		{"psetex", nil, "PSETEX k 10 v", []string{"$ set k", "g expire k"}},
		{"getset", nil, "GETSET k v", []string{"$ set k"}},
		{"getdel", []string{"SET k v"}, "GETDEL k", []string{"g del k"}},
		{"getdel absent", nil, "GETDEL k", nil},
		{"getex", []string{"SET k v"}, "GETEX k", nil},
		{"getex ex", []string{"SET k v"}, "GETEX k EX 100", []string{"g expire k"}},
		{"getex persist", []string{"SET k v EX 100"}, "GETEX k PERSIST", []string{"g persist k"}},
		{"getex persist no ttl", []string{"SET k v"}, "GETEX k PERSIST", nil},
		{"getex past", []string{"SET k v"}, "GETEX k EXAT 1", []string{"x expired k"}},
		{"mset", nil, "MSET a 1 b 2", []string{"$ set a", "$ set b"}},
		{"msetnx", nil, "MSETNX a 1 b 2", []string{"$ set a", "$ set b"}},
		{"msetnx aborted", []string{"SET b 1"}, "MSETNX a 1 b 2", nil},
		{"append", nil, "APPEND k v", []string{"$ append k"}},
		{"append existing", []string{"SET k v"}, "APPEND k w", []string{"$ append k"}},
		{"setrange", []string{"SET k v"}, "SETRANGE k 3 x", []string{"$ setrange k"}},
		{"setrange nothing", []string{"SET k v"}, `SETRANGE k 3 ""`, nil},
		{"incr", nil, "INCR k", []string{"$ incrby k"}},
		{"decrby", nil, "DECRBY k 3", []string{"$ incrby k"}},
		{"incr error", []string{"SET k x"}, "INCR k", nil},
		{"incrbyfloat", nil, "INCRBYFLOAT k 1.5", []string{"$ incrbyfloat k"}},
		{"setbit new", nil, "SETBIT k 3 1", []string{"$ setbit k"}},
		{"setbit same", []string{"SETBIT k 3 1"}, "SETBIT k 3 1", nil},
		{"setbit clear unchanged", []string{"SET k v"}, "SETBIT k 0 0", nil},
		{"setbit grows", []string{"SET k v"}, "SETBIT k 100 0", []string{"$ setbit k"}},
		{"bitop", []string{"SET a x"}, "BITOP NOT d a", []string{"$ set d"}},
		{"bitop empty", []string{"SET d x"}, "BITOP AND d a b", []string{"g del d"}},
		{"bitop empty absent", nil, "BITOP AND d a b", nil},
		{"bitfield set", nil, "BITFIELD k SET u8 0 1", []string{"$ setbit k"}},
		{"bitfield same", []string{"SET k a"}, "BITFIELD k SET u8 0 97", nil},
		{"bitfield fail", nil, "BITFIELD k OVERFLOW FAIL SET u2 0 9", nil},
		{"bitfield get", []string{"SET k a"}, "BITFIELD k GET u8 0", nil},
		{"get lcs", []string{"SET k a"}, "LCS k k", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tt.setup {
				h.run(s)
			}
			h.events = nil
			h.run(tt.cmd)
			if strings.Join(h.events, ", ") != strings.Join(tt.want, ", ") {
				t.Errorf("events %q, want %q", h.events, tt.want)
			}
		})
	}
}

func TestExpiredByPastTime(t *testing.T) {
	h := newHarness(t)
	h.run("SET k v")
	h.run("SET k w EXAT 1")
	h.run("SET k v")
	h.run("GETEX k PXAT 1000")
	h.run("SET j v PXAT 1") // absent: nothing expires
	if n := h.ks.Stats.ExpiredKeys; n != 2 {
		t.Errorf("expired_keys = %d, want 2", n)
	}
	if h.expireAt("k") != -2 || h.expireAt("j") != -2 {
		t.Errorf("keys survived a past expiry time")
	}
}

func TestStringTTL(t *testing.T) {
	const now = 1_700_000_000_000
	tests := []struct {
		name  string
		setup []string
		cmd   string
		want  int64 // absolute expiry, 0 for none, -2 for no key
	}{
		{"set ex", nil, "SET k v EX 100", now + 100_000},
		{"set px", nil, "SET k v PX 1500", now + 1500},
		{"set exat", nil, "SET k v EXAT 1800000000", 1_800_000_000_000},
		{"set pxat", nil, "SET k v PXAT 1800000000123", 1_800_000_000_123},
		{"set pxat now", nil, "SET k v PXAT 1700000000000", -2},
		{"set pxat next ms", nil, "SET k v PXAT 1700000000001", now + 1},
		{"set keepttl", []string{"SET k v PX 5000"}, "SET k w KEEPTTL", now + 5000},
		{"set drops ttl", []string{"SET k v PX 5000"}, "SET k w", 0},
		{"set get drops ttl", []string{"SET k v PX 5000"}, "SET k w GET", 0},
		{"set nx keeps", []string{"SET k v PX 5000"}, "SET k w NX EX 1", now + 5000},
		{"set xx ex", []string{"SET k v PX 5000"}, "SET k w XX EX 1", now + 1000},
		{"setex", nil, "SETEX k 7 v", now + 7000},
		{"psetex", nil, "PSETEX k 7 v", now + 7},
		{"getex ex", []string{"SET k v"}, "GETEX k EX 3", now + 3000},
		{"getex px", []string{"SET k v"}, "GETEX k PX 3", now + 3},
		{"getex exat", []string{"SET k v"}, "GETEX k EXAT 1800000000", 1_800_000_000_000},
		{"getex pxat", []string{"SET k v"}, "GETEX k PXAT 1800000000001", 1_800_000_000_001},
		{"getex persist", []string{"SET k v PX 5000"}, "GETEX k PERSIST", 0},
		{"getex plain", []string{"SET k v PX 5000"}, "GETEX k", now + 5000},
		{"getset drops", []string{"SET k v PX 5000"}, "GETSET k w", 0},
		{"mset drops", []string{"SET k v PX 5000"}, "MSET k w", 0},
		{"incr keeps", []string{"SET k 1 PX 5000"}, "INCR k", now + 5000},
		{"incrbyfloat keeps", []string{"SET k 1 PX 5000"}, "INCRBYFLOAT k 1", now + 5000},
		{"append keeps", []string{"SET k 1 PX 5000"}, "APPEND k 1", now + 5000},
		{"setrange keeps", []string{"SET k 1 PX 5000"}, "SETRANGE k 5 1", now + 5000},
		{"setbit keeps", []string{"SET k 1 PX 5000"}, "SETBIT k 100 1", now + 5000},
		{"bitfield keeps", []string{"SET k 1 PX 5000"}, "BITFIELD k SET u8 0 1", now + 5000},
		{"bitop drops", []string{"SET k 1 PX 5000"}, "BITOP NOT k k", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			for _, s := range tt.setup {
				h.run(s)
			}
			h.run(tt.cmd)
			if got := h.expireAt("k"); got != tt.want {
				t.Errorf("expiry %d, want %d", got, tt.want)
			}
		})
	}
}

func TestLazyExpiryOfStrings(t *testing.T) {
	h := newHarness(t)
	h.run("SET k v PX 1000")
	h.now = h.now.Add(999 * time.Millisecond)
	if got := h.run("GET k"); got != `"v"` {
		t.Fatalf("GET before expiry: %s", got)
	}
	h.now = h.now.Add(time.Millisecond)
	h.events = nil
	if got := h.run("INCR k"); got != "(integer) 1" {
		t.Fatalf("INCR after expiry: %s", got)
	}
	if strings.Join(h.events, ", ") != "x expired k, $ incrby k" {
		t.Errorf("events %q", h.events)
	}
	if h.expireAt("k") != 0 {
		t.Errorf("INCR after expiry kept a TTL")
	}
}

func TestStringWrongType(t *testing.T) {
	const wrongType = "(error) WRONGTYPE Operation against a key holding the wrong kind of value"
	tests := []struct{ cmd, want string }{
		{"GET k", wrongType},
		{"GETSET k v", wrongType},
		{"GETDEL k", wrongType},
		{"GETEX k", wrongType},
		{"GETEX k EX 10", wrongType},
		{"SET k v GET", wrongType},
		{"SET k v IFEQ x", wrongType},
		{"SET k v IFEQ x GET", wrongType},
		{"APPEND k v", wrongType},
		{"STRLEN k", wrongType},
		{"GETRANGE k 0 1", wrongType},
		{"SUBSTR k 0 1", wrongType},
		{"SETRANGE k 0 x", wrongType},
		{`SETRANGE k 0 ""`, wrongType},
		{"INCR k", wrongType},
		{"DECR k", wrongType},
		{"INCRBY k 1", wrongType},
		{"DECRBY k 1", wrongType},
		{"INCRBYFLOAT k 1", wrongType},
		{"SETBIT k 0 1", wrongType},
		{"GETBIT k 0", wrongType},
		{"BITCOUNT k", wrongType},
		{"BITCOUNT k 0 1 BIT", wrongType},
		{"BITPOS k 1", wrongType},
		{"BITFIELD k", wrongType},
		{"BITFIELD k GET u8 0", wrongType},
		{"BITFIELD k SET u8 0 1", wrongType},
		{"BITFIELD_RO k GET u8 0", wrongType},
		{"BITOP AND d s k", wrongType},
		{"LCS k s", "(error) ERR The specified keys must contain string values"},
		{"LCS s k", "(error) ERR The specified keys must contain string values"},
		{"MGET s k", `["x", (nil)]`},
		{"SETNX k v", "(integer) 0"},
		{"SET k v NX", "(nil)"},
		{"MSETNX k v", "(integer) 0"},
		// Commands that replace the value whatever its type.
		{"SET k v", "OK"},
		{"SET k v XX", "OK"},
		{"MSET k v", "OK"},
		{"SETEX k 10 v", "OK"},
		{"BITOP NOT k s", "(integer) 1"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			h := newHarness(t)
			h.ctx.DB.Add([]byte("k"), fakeList{})
			h.run("SET s x")
			h.events = nil
			if got := h.run(tt.cmd); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if tt.want == wrongType && (len(h.events) != 0 || h.encoding("k") != "quicklist") {
				t.Errorf("a failed command changed the key: events %q, encoding %s", h.events, h.encoding("k"))
			}
		})
	}
}

// TestEncodingsDirect checks the encodings through the value itself, the
// way OBJECT ENCODING reads them.
func TestEncodingsDirect(t *testing.T) {
	tests := []struct {
		setup []string
		want  string
	}{
		{[]string{"SET k 123"}, "int"},
		{[]string{"SET k abc"}, "embstr"},
		{[]string{"SET k " + strings.Repeat("x", 45)}, "raw"},
		{[]string{"INCR k"}, "int"},
		{[]string{"SET k abc", "APPEND k d"}, "raw"},
		{[]string{"APPEND k 12"}, "int"},
		{[]string{"INCRBYFLOAT k 2"}, "embstr"},
		{[]string{"SETRANGE k 0 12"}, "raw"},
		{[]string{"SETBIT k 0 1"}, "raw"},
		{[]string{"SET k 5", "SETBIT k 2 1"}, "raw"},
		{[]string{"SET k 5", "GETBIT k 2"}, "int"},
		{[]string{"SET a 1", "BITOP OR k a"}, "raw"},
		{[]string{"BITFIELD k INCRBY u8 0 1"}, "raw"},
		{[]string{"SET k 5", "BITFIELD_RO k GET u8 0"}, "int"},
		{[]string{"SETEX k 10 42"}, "int"},
		{[]string{"GETSET k 42"}, "int"},
		{[]string{"SET k 1", "INCRBYFLOAT k 0.5", "INCR k"}, "(error)"},
	}
	for _, tt := range tests {
		name := strings.Join(tt.setup, "; ")
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			var last string
			for _, s := range tt.setup {
				last = h.run(s)
			}
			if tt.want == "(error)" {
				if !strings.HasPrefix(last, "(error)") {
					t.Errorf("got %s, want an error", last)
				}
				return
			}
			if got := h.encoding("k"); got != tt.want {
				t.Errorf("encoding %s, want %s", got, tt.want)
			}
		})
	}
}

// TestStringGoRedis drives the family through a client library.
func TestStringGoRedis(t *testing.T) {
	ctx := t.Context()
	rdb := redis.NewClient(&redis.Options{Addr: testkit.StartTrove(t), Protocol: 2})
	t.Cleanup(func() { rdb.Close() })

	if err := rdb.SetArgs(ctx, "k", "v", redis.SetArgs{Mode: "NX", TTL: time.Minute}).Err(); err != nil {
		t.Fatal(err)
	}
	old, err := rdb.SetArgs(ctx, "k", "w", redis.SetArgs{Get: true, KeepTTL: true}).Result()
	if err != nil || old != "v" {
		t.Fatalf("SET GET KEEPTTL: %q %v", old, err)
	}
	if ttl := rdb.TTL(ctx, "k").Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("TTL after KEEPTTL: %v", ttl)
	}
	if err := rdb.SetNX(ctx, "k", "x", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if v := rdb.IncrByFloat(ctx, "f", 0.1).Val(); v != 0.1 {
		t.Errorf("INCRBYFLOAT: %v", v)
	}
	if v := rdb.IncrBy(ctx, "n", 41).Val(); v != 41 {
		t.Errorf("INCRBY: %v", v)
	}
	vals, err := rdb.MGet(ctx, "k", "nope", "n").Result()
	if err != nil || vals[0] != "w" || vals[1] != nil || vals[2] != "41" {
		t.Errorf("MGET: %v %v", vals, err)
	}
	if v, err := rdb.GetEx(ctx, "k", 0).Result(); err != nil || v != "w" {
		t.Errorf("GETEX: %q %v", v, err)
	}
	if err := rdb.GetDel(ctx, "nope").Err(); err != redis.Nil {
		t.Errorf("GETDEL of a missing key: %v", err)
	}
	bf, err := rdb.BitField(ctx, "bf", "SET", "i8", 0, 100, "INCRBY", "i8", 0, 100, "GET", "u8", 0).Result()
	if err != nil || fmt.Sprint(bf) != "[0 -56 200]" {
		t.Errorf("BITFIELD: %v %v", bf, err)
	}
	rdb.MSet(ctx, "a", "ohmytext", "b", "mynewtext")
	m, err := rdb.LCS(ctx, &redis.LCSQuery{Key1: "a", Key2: "b", Idx: true, WithMatchLen: true}).Result()
	if err != nil || m.Len != 6 || len(m.Matches) != 2 || m.Matches[0].Key1.Start != 4 || m.Matches[0].MatchLen != 4 {
		t.Errorf("LCS IDX: %+v %v", m, err)
	}
	if n := rdb.BitCount(ctx, "a", &redis.BitCount{Start: 0, End: -1, Unit: "BIT"}).Val(); n != 35 {
		t.Errorf("BITCOUNT BIT: %d", n)
	}
}

// ---- Benchmarks of the handlers alone ----

func BenchmarkGet(b *testing.B) {
	h := newHarness(b)
	h.run("SET key:000001 " + strings.Repeat("v", 16))
	spec := h.specs["get"]
	h.ctx.Args, h.ctx.Spec = [][]byte{[]byte("GET"), []byte("key:000001")}, spec
	h.ks.OnChange = nil // measure the handler, not the test's event log
	b.ReportAllocs()
	for b.Loop() {
		h.ctx.W.Truncate(0)
		if err := spec.Handler(h.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetMissing(b *testing.B) {
	h := newHarness(b)
	spec := h.specs["get"]
	h.ctx.Args, h.ctx.Spec = [][]byte{[]byte("GET"), []byte("key:000001")}, spec
	h.ks.OnChange = nil // measure the handler, not the test's event log
	b.ReportAllocs()
	for b.Loop() {
		h.ctx.W.Truncate(0)
		if err := spec.Handler(h.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSet(b *testing.B) {
	h := newHarness(b)
	spec := h.specs["set"]
	h.ctx.Args, h.ctx.Spec = [][]byte{[]byte("SET"), []byte("key:000001"), []byte(strings.Repeat("v", 16))}, spec
	h.ks.OnChange = nil // measure the handler, not the test's event log
	b.ReportAllocs()
	for b.Loop() {
		h.ctx.W.Truncate(0)
		if err := spec.Handler(h.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSetEX(b *testing.B) {
	h := newHarness(b)
	spec := h.specs["set"]
	h.ctx.Args, h.ctx.Spec = [][]byte{[]byte("SET"), []byte("key:000001"), []byte(strings.Repeat("v", 16)), []byte("EX"), []byte("100")}, spec
	h.ks.OnChange = nil // measure the handler, not the test's event log
	b.ReportAllocs()
	for b.Loop() {
		h.ctx.W.Truncate(0)
		if err := spec.Handler(h.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIncr(b *testing.B) {
	h := newHarness(b)
	spec := h.specs["incr"]
	h.ctx.Args, h.ctx.Spec = [][]byte{[]byte("INCR"), []byte("counter")}, spec
	h.ks.OnChange = nil // measure the handler, not the test's event log
	b.ReportAllocs()
	for b.Loop() {
		h.ctx.W.Truncate(0)
		if err := spec.Handler(h.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIncrByFloat(b *testing.B) {
	h := newHarness(b)
	spec := h.specs["incrbyfloat"]
	h.ctx.Args, h.ctx.Spec = [][]byte{[]byte("INCRBYFLOAT"), []byte("f"), []byte("0.1")}, spec
	h.ks.OnChange = nil
	b.ReportAllocs()
	for b.Loop() {
		h.ctx.W.Truncate(0)
		if err := spec.Handler(h.ctx); err != nil {
			b.Fatal(err)
		}
	}
}
