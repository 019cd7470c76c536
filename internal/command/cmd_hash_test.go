package command_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/testkit"
)

const hashErrWrongType = "(error) WRONGTYPE Operation against a key holding the wrong kind of value"

func TestHashCommands(t *testing.T) { runScripts(t, hashScripts(), nil) }

func hashScripts() []script {
	return []script{
		{name: "hset hget", steps: []step{
			{"HSET h a 1", "(integer) 1"},
			{"HSET h a 2 b 3", "(integer) 1"},
			{"HGET h a", `"2"`},
			{"HGET h b", `"3"`},
			{"HGET h c", "(nil)"},
			{"HGET nokey a", "(nil)"},
			{"HSET h a", errArity("hset")},
			{"HSET h a 1 b", errArity("hset")},
			{"HSET h", errArity("hset")},
			{"HGET h", errArity("hget")},
			{"HGET h a b", errArity("hget")},
			{`HSET h "" "x\x00y"`, "(integer) 1"},
			{`HGET h ""`, `"x\x00y"`},
			{"HLEN h", "(integer) 3"},
			{"HLEN nokey", "(integer) 0"},
			{"HLEN", errArity("hlen")},
			{"TYPE h", "hash"},
			{"OBJECT ENCODING h", `"listpack"`},
		}},
		{name: "hmset hsetnx", steps: []step{
			{"HMSET h a 1 b 2", "OK"},
			{"HMSET h a 3", "OK"},
			{"HMSET h a", errArity("hmset")},
			{"HMSET h a 1 b", errArity("hmset")},
			{"HGET h a", `"3"`},
			{"HSETNX h a 9", "(integer) 0"},
			{"HSETNX h c 9", "(integer) 1"},
			{"HSETNX n x y", "(integer) 1"},
			{"HGET h a", `"3"`},
			{"HGET h c", `"9"`},
			{"HSETNX h c", errArity("hsetnx")},
		}},
		{name: "hmget hstrlen hexists", steps: []step{
			{"HSET h a 1 bb 22", "(integer) 2"},
			{"HMGET h a nofield bb", `["1", (nil), "22"]`},
			{"HMGET nokey a b", "[(nil), (nil)]"},
			{"HMGET h", errArity("hmget")},
			{"HSTRLEN h bb", "(integer) 2"},
			{"HSTRLEN h x", "(integer) 0"},
			{"HSTRLEN nokey x", "(integer) 0"},
			{"HSTRLEN h", errArity("hstrlen")},
			{"HEXISTS h a", "(integer) 1"},
			{"HEXISTS h x", "(integer) 0"},
			{"HEXISTS nokey x", "(integer) 0"},
			{"HEXISTS h", errArity("hexists")},
		}},
		{name: "hkeys hvals hgetall", steps: []step{
			{"HSET h z 1 a 2 m 3", "(integer) 3"},
			{"HSET h a 9", "(integer) 0"},
			{"HKEYS h", `["z", "a", "m"]`},
			{"HVALS h", `["1", "9", "3"]`},
			{"HGETALL h", `["z", "1", "a", "9", "m", "3"]`},
			{"HDEL h a", "(integer) 1"},
			{"HGETALL h", `["z", "1", "m", "3"]`},
			{"HKEYS nokey", "[]"},
			{"HVALS nokey", "[]"},
			{"HGETALL nokey", "[]"},
			{"HKEYS h x", errArity("hkeys")},
			{"HVALS", errArity("hvals")},
			{"HGETALL", errArity("hgetall")},
		}},
		{name: "hdel", steps: []step{
			{"HSET h a 1 b 2 c 3", "(integer) 3"},
			{"HDEL h a a x", "(integer) 1"},
			{"HDEL h x", "(integer) 0"},
			{"HDEL nokey x", "(integer) 0"},
			{"HDEL h", errArity("hdel")},
			{"HDEL h b c d", "(integer) 2"},
			{"EXISTS h", "(integer) 0"},
		}},
		{name: "wrongtype", steps: []step{
			{"SET s v", "OK"},
			{"HSET s a b", hashErrWrongType},
			{"HMSET s a b", hashErrWrongType},
			{"HSETNX s a b", hashErrWrongType},
			{"HGET s a", hashErrWrongType},
			{"HMGET s a", hashErrWrongType},
			{"HDEL s a", hashErrWrongType},
			{"HLEN s", hashErrWrongType},
			{"HSTRLEN s a", hashErrWrongType},
			{"HEXISTS s a", hashErrWrongType},
			{"HKEYS s", hashErrWrongType},
			{"HVALS s", hashErrWrongType},
			{"HGETALL s", hashErrWrongType},
			{"HINCRBY s a 1", hashErrWrongType},
			{"HINCRBYFLOAT s a 1", hashErrWrongType},
			{"HRANDFIELD s", hashErrWrongType},
			{"HRANDFIELD s 1", hashErrWrongType},
			{"HSCAN s 0", hashErrWrongType},
			{"HSCAN s 0 bad", hashErrWrongType},
			// Argument errors come before the type check.
			{"HSET s a", errArity("hset")},
			{"HINCRBY s a x", errNotInt},
			{"HINCRBYFLOAT s a x", errNotFloat},
			{"HRANDFIELD s 1 x", errSyntax},
			{"HSCAN s x", "(error) ERR invalid cursor"},
			{"GET s", `"v"`},
		}},
		{name: "hincrby", steps: []step{
			{"HINCRBY h n 5", "(integer) 5"},
			{"HINCRBY h n -7", "(integer) -2"},
			{"HINCRBY h n x", errNotInt},
			{"HINCRBY h n 1.0", errNotInt},
			{"HINCRBY h m 9223372036854775807", "(integer) 9223372036854775807"},
			{"HINCRBY h m 1", "(error) ERR increment or decrement would overflow"},
			{"HINCRBY h l -9223372036854775808", "(integer) -9223372036854775808"},
			{"HINCRBY h l -1", "(error) ERR increment or decrement would overflow"},
			{"HSET h s abc p 01 sp \" 1\"", "(integer) 3"},
			{"HINCRBY h s 1", "(error) ERR hash value is not an integer"},
			{"HINCRBY h p 1", "(error) ERR hash value is not an integer"},
			{"HINCRBY h sp 1", "(error) ERR hash value is not an integer"},
			{"HGET h n", `"-2"`},
			{"HINCRBY h n", errArity("hincrby")},
		}},
		{name: "hincrbyfloat", steps: []step{
			{"HINCRBYFLOAT h f 10.5", `"10.5"`},
			{"HINCRBYFLOAT h f 0.1", `"10.6"`},
			{"HINCRBYFLOAT h f -10.6", `"0"`},
			{"HINCRBYFLOAT h f 5.0e3", `"5000"`},
			{"HINCRBYFLOAT h f x", errNotFloat},
			{"HINCRBYFLOAT h f inf", "(error) ERR value is NaN or Infinity"},
			{"HINCRBYFLOAT h f -inf", "(error) ERR value is NaN or Infinity"},
			{"HINCRBYFLOAT h f nan", errNotFloat},
			{"HINCRBYFLOAT h g 1.7e308", `"170000000000000000003136778025197596795270213889694133733043585763202456051205820994061869588900300336978523841885631712661403498918000793480728637410016696547450658600006812401305436257622907062380271462782244438270443691335452761319068709501902589182028026014367280506332405764915517562011679309777401282560"`},
			{"HSET h s abc", "(integer) 1"},
			{"HINCRBYFLOAT h s 1", "(error) ERR hash value is not a float"},
			{"HSET h i 7", "(integer) 1"},
			{"HINCRBYFLOAT h i 1", `"8"`},
			{"HINCRBY h i 1", "(integer) 9"},
			{"HINCRBYFLOAT h f", errArity("hincrbyfloat")},
		}},
		{name: "hrandfield", steps: []step{
			{"HRANDFIELD nokey", "(nil)"},
			{"HRANDFIELD nokey 3", "[]"},
			{"HRANDFIELD nokey -3 WITHVALUES", "[]"},
			{"HSET h a 1 b 2", "(integer) 2"},
			{"HRANDFIELD h 0", "[]"},
			{"HRANDFIELD h 2", `["a", "b"]`},
			{"HRANDFIELD h 5 WITHVALUES", `["a", "1", "b", "2"]`},
			{"HSET one x y", "(integer) 1"},
			{"HRANDFIELD one", `"x"`},
			{"HRANDFIELD one -3", `["x", "x", "x"]`},
			{"HRANDFIELD one -2 WITHVALUES", `["x", "y", "x", "y"]`},
			{"HRANDFIELD one 1", `["x"]`},
			{"HRANDFIELD h x", errNotInt},
			{"HRANDFIELD h 1 WITH", errSyntax},
			{"HRANDFIELD h 1 WITHVALUES x", errSyntax},
			{"HRANDFIELD h -9223372036854775808", "(error) ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"},
			{"HRANDFIELD h -4611686018427387904 WITHVALUES", "(error) ERR value is out of range"},
			{"HRANDFIELD h 4611686018427387904 WITHVALUES", "(error) ERR value is out of range"},
			{"HRANDFIELD h 4611686018427387903 WITHVALUES", `["a", "1", "b", "2"]`},
			{"HRANDFIELD", errArity("hrandfield")},
		}},
		{name: "hscan", steps: []step{
			{"HSCAN nokey 0", `["0", []]`},
			{"HSCAN nokey 0 bad option", `["0", []]`},
			{"HSET h a 1 b 2 ab 3", "(integer) 3"},
			{"HSCAN h 0", `["0", ["a", "1", "b", "2", "ab", "3"]]`},
			{"HSCAN h 0 MATCH a*", `["0", ["a", "1", "ab", "3"]]`},
			{"HSCAN h 0 COUNT 1 MATCH b", `["0", ["b", "2"]]`},
			{"HSCAN h x", "(error) ERR invalid cursor"},
			{"HSCAN h 0 COUNT 0", errSyntax},
			{"HSCAN h 0 COUNT x", errNotInt},
			{"HSCAN h 0 MATCH", errSyntax},
			{"HSCAN h 0 bad 1", errSyntax},
			{"HSCAN h", errArity("hscan")},
		}},
		{name: "encodings", steps: []step{
			{"CONFIG SET hash-max-listpack-entries 2", "OK"},
			{"CONFIG SET hash-max-listpack-value 4", "OK"},
			{"HSET e a 1 b 2", "(integer) 2"},
			{"OBJECT ENCODING e", `"listpack"`},
			{"HSET e c 3", "(integer) 1"},
			{"OBJECT ENCODING e", `"hashtable"`},
			{"HDEL e a b", "(integer) 2"},
			{"OBJECT ENCODING e", `"hashtable"`},
			{"HSET v a 1234", "(integer) 1"},
			{"OBJECT ENCODING v", `"listpack"`},
			{"HSET v a 12345", "(integer) 0"},
			{"OBJECT ENCODING v", `"hashtable"`},
			{"HSETNX f 12345 x", "(integer) 1"},
			{"OBJECT ENCODING f", `"hashtable"`},
			{"HINCRBY i f 9999", "(integer) 9999"},
			{"OBJECT ENCODING i", `"listpack"`},
			{"HINCRBY i f 1", "(integer) 10000"},
			{"OBJECT ENCODING i", `"hashtable"`},
			{"HINCRBYFLOAT j f 1.5", `"1.5"`},
			{"HINCRBYFLOAT j f 0.25", `"1.75"`},
			{"OBJECT ENCODING j", `"listpack"`},
			{"HINCRBYFLOAT j f 0.125", `"1.875"`},
			{"OBJECT ENCODING j", `"hashtable"`},
			{"HINCRBY k abcde 1", "(integer) 1"},
			{"OBJECT ENCODING k", `"hashtable"`},
			{"CONFIG SET hash-max-listpack-entries 0", "OK"},
			{"HSET z a b", "(integer) 1"},
			{"OBJECT ENCODING z", `"hashtable"`},
		}},
	}
}

// TestHashValkey8 covers where Valkey 8 differs from the 7.0 reference.
func TestHashValkey8(t *testing.T) {
	runScripts(t, []script{{name: "valkey 8", valkeyOnly: true, steps: []step{
		{"HSET h a 1 b 2", "(integer) 2"},
		{"HSCAN h 0 NOVALUES", `["0", ["a", "b"]]`},
		{"HSCAN h 0 novalues MATCH b", `["0", ["b"]]`},
		{"HSCAN h -1", "(error) ERR invalid cursor"},
		{"CONFIG SET hash-max-listpack-entries 2", "OK"},
		// More pairs than the limit convert up front, even when they
		// repeat a field (Redis 7.2 presizes the table).
		{"HSET d a 1 a 2 a 3", "(integer) 1"},
		{"OBJECT ENCODING d", `"hashtable"`},
		{"HSET d2 a 1 a 2", "(integer) 1"},
		{"OBJECT ENCODING d2", `"listpack"`},
	}}}, nil)
}

// TestHashResp3 checks the RESP3 shapes: HGETALL is a map, HRANDFIELD
// WITHVALUES a list of pairs.
func TestHashResp3(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	c.Do("HELLO", "3")
	tests := []struct{ cmd, want string }{
		{"HSET h a 1 b 2", "(integer) 2"},
		{"HGETALL h", `{"a": "1", "b": "2"}`},
		{"HGETALL nokey", "{}"},
		{"HRANDFIELD h 2 WITHVALUES", `[["a", "1"], ["b", "2"]]`},
		{"HRANDFIELD h 0 WITHVALUES", "[]"},
		{"HRANDFIELD h 1", `["a"]`},
		{"HRANDFIELD nokey", "(nil)"},
		{"HGET h x", "(nil)"},
		{"HMGET h a x", `["a", (nil)]`},
		{"HSCAN h 0", `["0", ["a", "1", "b", "2"]]`},
		{"HEXISTS h a", "(integer) 1"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			got := c.Do(fields(t, tt.cmd)...)
			if tt.cmd == "HMGET h a x" {
				tt.want = `["1", (nil)]`
			}
			if tt.cmd == "HRANDFIELD h 1" {
				if got != `["a"]` && got != `["b"]` {
					t.Errorf("got %s", got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	one := c.Do("HRANDFIELD", "h", "-3", "WITHVALUES")
	if !strings.HasPrefix(one, "[[") || strings.Count(one, "[") != 4 {
		t.Errorf("HRANDFIELD -3 WITHVALUES in RESP3: %s", one)
	}
}

func TestHashEvents(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		cmd   string
		want  []string
	}{
		{"hset new", nil, "HSET h a 1", []string{"h hset h"}},
		{"hset", []string{"HSET h a 1"}, "HSET h a 2", []string{"h hset h"}},
		{"hmset", nil, "HMSET h a 1", []string{"h hset h"}},
		{"hsetnx", nil, "HSETNX h a 1", []string{"h hset h"}},
		{"hsetnx aborted", []string{"HSET h a 1"}, "HSETNX h a 2", nil},
		{"hdel", []string{"HSET h a 1 b 2"}, "HDEL h a", []string{"h hdel h"}},
		{"hdel last", []string{"HSET h a 1"}, "HDEL h a", []string{"h hdel h", "g del h"}},
		{"hdel none", []string{"HSET h a 1"}, "HDEL h b", nil},
		{"hincrby", nil, "HINCRBY h a 1", []string{"h hincrby h"}},
		{"hincrby error", []string{"HSET h a x"}, "HINCRBY h a 1", nil},
		{"hincrbyfloat", []string{"HSET h a 1"}, "HINCRBYFLOAT h a 1", []string{"h hincrbyfloat h"}},
		{"hincrbyfloat error", []string{"HSET h a x"}, "HINCRBYFLOAT h a 1", nil},
		{"reads", []string{"HSET h a 1"}, "HGETALL h", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.ctx.Settings.HashMaxListpackEntries, h.ctx.Settings.HashMaxListpackValue = 128, 64
			for _, s := range tt.setup {
				h.run(s)
			}
			h.events = nil
			h.run(tt.cmd)
			got := make([]string, len(h.events))
			for i, e := range h.events {
				// The harness names classes other than g, $ and x by number.
				got[i] = strings.Replace(e, fmt.Sprint(keyspace.EventHash)+" ", "h ", 1)
			}
			if strings.Join(got, ", ") != strings.Join(tt.want, ", ") {
				t.Errorf("events %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHashReplyContract replays the scripts through the handlers directly,
// which checks that each writes exactly one reply or returns an error.
func TestHashReplyContract(t *testing.T) {
	for _, sc := range hashScripts() {
		if sc.name == "encodings" {
			continue // needs CONFIG SET, which the server implements
		}
		t.Run(sc.name, func(t *testing.T) {
			h := newHarness(t)
			h.ctx.Settings.HashMaxListpackEntries, h.ctx.Settings.HashMaxListpackValue = 128, 64
			for _, st := range sc.steps {
				args := fields(t, st.cmd)
				if !h.has(args[0]) {
					continue
				}
				if got := h.do(args...); !matches(got, st.want) {
					t.Errorf("%s: got %s, want %s", st.cmd, got, st.want)
				}
			}
		})
	}
}

// TestHashRandFieldProperties checks counts and distinctness on both
// encodings, where the order is random.
func TestHashRandFieldProperties(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	for _, n := range []int{5, 300} {
		key := "h" + strconv.Itoa(n)
		args := []string{"HSET", key}
		for i := range n {
			args = append(args, "f"+strconv.Itoa(i), "v"+strconv.Itoa(i))
		}
		c.Do(args...)
		for _, count := range []int{1, 2, n / 2, n - 1, n, n + 10, -1, -7, -3 * n} {
			for _, withValues := range []bool{false, true} {
				t.Run(fmt.Sprintf("%d/%d/%v", n, count, withValues), func(t *testing.T) {
					args := []string{"HRANDFIELD", key, strconv.Itoa(count)}
					if withValues {
						args = append(args, "WITHVALUES")
					}
					c.Write(testkit.Encode(args...))
					v, err := c.ReadValue()
					if err != nil {
						t.Fatal(err)
					}
					step := 1
					if withValues {
						step = 2
					}
					want := count
					if count < 0 {
						want = -count
					} else if count > n {
						want = n
					}
					if len(v.Elems) != want*step {
						t.Fatalf("got %d elements, want %d", len(v.Elems), want*step)
					}
					seen := map[string]bool{}
					for i := 0; i < len(v.Elems); i += step {
						f := v.Elems[i].Str
						if !strings.HasPrefix(f, "f") {
							t.Fatalf("bad field %q", f)
						}
						if withValues && v.Elems[i+1].Str != "v"+f[1:] {
							t.Fatalf("field %q with value %q", f, v.Elems[i+1].Str)
						}
						if count > 0 && seen[f] {
							t.Fatalf("field %q twice with a positive count", f)
						}
						seen[f] = true
					}
				})
			}
		}
	}
}

// TestHashScanFull walks a hashtable hash to the end with several COUNTs
// and checks every field comes back with its value, also while fields are
// added between calls.
func TestHashScanFull(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	const n = 1000
	args := []string{"HSET", "h"}
	for i := range n {
		args = append(args, "f"+strconv.Itoa(i), "v"+strconv.Itoa(i))
	}
	c.Do(args...)
	if got := c.Do("OBJECT", "ENCODING", "h"); got != `"hashtable"` {
		t.Fatalf("encoding %s", got)
	}
	for _, tc := range []struct {
		count    int
		noValues bool
		grow     bool
	}{{1, false, false}, {10, false, false}, {100, true, false}, {7, false, true}} {
		t.Run(fmt.Sprint(tc), func(t *testing.T) {
			seen := map[string]bool{}
			cursor, calls := "0", 0
			for {
				args := []string{"HSCAN", "h", cursor, "COUNT", strconv.Itoa(tc.count)}
				if tc.noValues {
					args = append(args, "NOVALUES")
				}
				c.Write(testkit.Encode(args...))
				v, err := c.ReadValue()
				if err != nil || len(v.Elems) != 2 {
					t.Fatalf("HSCAN: %v %v", v, err)
				}
				cursor = v.Elems[0].Str
				items := v.Elems[1].Elems
				step := 2
				if tc.noValues {
					step = 1
				}
				for i := 0; i < len(items); i += step {
					f := items[i].Str
					if !tc.noValues && items[i+1].Str != "v"+f[1:] {
						t.Fatalf("field %s value %s", f, items[i+1].Str)
					}
					seen[f] = true
				}
				if tc.grow && calls%5 == 0 {
					c.Do("HSET", "h", "g"+strconv.Itoa(calls), "v"+strconv.Itoa(calls))
				}
				calls++
				if cursor == "0" || calls > 100000 {
					break
				}
			}
			for i := range n {
				if !seen["f"+strconv.Itoa(i)] {
					t.Fatalf("f%d never returned", i)
				}
			}
		})
	}
}

// hashPipeline sends cmds and returns the replies; replies to commands
// whose order is unspecified once a hash is a hashtable (HGETALL, HKEYS,
// HVALS) are formatted with their elements (pairs for HGETALL) sorted.
func hashPipeline(t *testing.T, addr string, cmds [][]string) []string {
	t.Helper()
	c := testkit.Dial(t, addr)
	out := make([]string, 0, len(cmds))
	for start := 0; start < len(cmds); start += 100 {
		batch := cmds[start:min(len(cmds), start+100)]
		var buf []byte
		for _, cmd := range batch {
			buf = append(buf, testkit.Encode(cmd...)...)
		}
		c.Write(buf)
		for _, cmd := range batch {
			v, err := c.ReadValue()
			if err != nil {
				t.Fatal(err)
			}
			switch cmd[0] {
			case "HGETALL":
				var pairs [][]testkit.Value
				for i := 0; i+1 < len(v.Elems); i += 2 {
					pairs = append(pairs, v.Elems[i:i+2])
				}
				sort.Slice(pairs, func(i, j int) bool { return pairs[i][0].Str < pairs[j][0].Str })
				v.Elems = slices.Concat(pairs...)
			case "HKEYS", "HVALS":
				sort.Slice(v.Elems, func(i, j int) bool { return v.Elems[i].Str < v.Elems[j].Str })
			}
			out = append(out, testkit.Format(v))
		}
	}
	return out
}

// TestHashDifferential runs random hash commands against trove and the
// reference with small thresholds, so both encodings and the conversions
// are exercised, and compares every reply.
func TestHashDifferential(t *testing.T) {
	if _, ok := testkit.ReferenceBinary(); !ok {
		t.Skip("redis-server not installed")
	}
	r := rand.New(rand.NewPCG(21, 22))
	field := func() string { return "f" + strconv.Itoa(r.IntN(12)) }
	value := func() string {
		switch r.IntN(4) {
		case 0:
			return strconv.Itoa(r.IntN(2000) - 1000)
		case 1:
			return strings.Repeat("x", r.IntN(12))
		case 2:
			return randDecimal(r)
		}
		return "v" + strconv.Itoa(r.IntN(100))
	}
	key := func() string { return "h" + strconv.Itoa(r.IntN(3)) }
	cmds := [][]string{
		{"CONFIG", "SET", "hash-max-listpack-entries", "6"},
		{"CONFIG", "SET", "hash-max-listpack-value", "8"},
	}
	for range 4000 {
		var cmd []string
		switch r.IntN(16) {
		case 0, 1:
			cmd = []string{"HSET", key()}
			// At most the entries limit of pairs: beyond it Valkey 8 and
			// the 7.0 reference convert differently.
			for range 1 + r.IntN(4) {
				cmd = append(cmd, field(), value())
			}
		case 2:
			cmd = []string{"HSETNX", key(), field(), value()}
		case 3:
			cmd = []string{"HDEL", key(), field(), field()}
		case 4:
			cmd = []string{"HGET", key(), field()}
		case 5:
			cmd = []string{"HMGET", key(), field(), field(), field()}
		case 6:
			cmd = []string{"HINCRBY", key(), field(), strconv.Itoa(r.IntN(200) - 100)}
		case 7:
			cmd = []string{"HINCRBYFLOAT", key(), field(), randDecimal(r)}
		case 8:
			cmd = []string{"HLEN", key()}
		case 9:
			cmd = []string{"HSTRLEN", key(), field()}
		case 10:
			cmd = []string{"HEXISTS", key(), field()}
		case 11:
			cmd = []string{"HGETALL", key()}
		case 12:
			cmd = []string{[]string{"HKEYS", "HVALS"}[r.IntN(2)], key()}
		case 13:
			cmd = []string{"OBJECT", "ENCODING", key()}
		case 14:
			cmd = []string{"HMSET", key(), field(), value()}
		case 15:
			if r.IntN(10) == 0 {
				cmd = []string{"DEL", key()}
			} else {
				cmd = []string{"EXISTS", key()}
			}
		}
		cmds = append(cmds, cmd)
	}
	got := hashPipeline(t, testkit.StartTrove(t), cmds)
	want := hashPipeline(t, testkit.StartReference(t), cmds)
	bad := 0
	for i := range cmds {
		if got[i] != want[i] {
			t.Errorf("%d %q:\n trove     %s\n reference %s", i, cmds[i], got[i], want[i])
			if bad++; bad == 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

// TestHashGoRedis drives the family through go-redis, which parses the
// replies into Go types.
func TestHashGoRedis(t *testing.T) {
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprint("resp", proto), func(t *testing.T) {
			ctx := context.Background()
			rdb := redis.NewClient(&redis.Options{Addr: testkit.StartTrove(t), Protocol: proto})
			t.Cleanup(func() { rdb.Close() })
			if n, err := rdb.HSet(ctx, "h", "a", "1", "b", "2").Result(); err != nil || n != 2 {
				t.Fatalf("HSet %d %v", n, err)
			}
			all, err := rdb.HGetAll(ctx, "h").Result()
			if err != nil || len(all) != 2 || all["a"] != "1" || all["b"] != "2" {
				t.Fatalf("HGetAll %v %v", all, err)
			}
			if f, err := rdb.HIncrByFloat(ctx, "h", "a", 0.5).Result(); err != nil || f != 1.5 {
				t.Fatalf("HIncrByFloat %v %v", f, err)
			}
			if n, err := rdb.HIncrBy(ctx, "h", "b", 3).Result(); err != nil || n != 5 {
				t.Fatalf("HIncrBy %v %v", n, err)
			}
			kv, err := rdb.HRandFieldWithValues(ctx, "h", 2).Result()
			if err != nil || len(kv) != 2 {
				t.Fatalf("HRandFieldWithValues %v %v", kv, err)
			}
			keys, cursor, err := rdb.HScan(ctx, "h", 0, "*", 10).Result()
			if err != nil || cursor != 0 || len(keys) != 4 {
				t.Fatalf("HScan %v %d %v", keys, cursor, err)
			}
			vals, err := rdb.HMGet(ctx, "h", "a", "zz").Result()
			if err != nil || len(vals) != 2 || vals[0] != "1.5" || vals[1] != nil {
				t.Fatalf("HMGet %v %v", vals, err)
			}
			if _, err := rdb.HGet(ctx, "h", "zz").Result(); err != redis.Nil {
				t.Fatalf("HGet missing: %v", err)
			}
		})
	}
}
