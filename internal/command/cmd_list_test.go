package command_test

import (
	"bufio"
	"bytes"
	"context"
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
)

// listRow is one case: commands run first (their replies unchecked), the
// command under test (split on spaces) and its expected reply.
type listRow struct {
	name  string
	setup []string
	cmd   string
	want  string
}

// runListRows runs every row on one trove server, from an empty database.
// Rows run in RESP2 unless resp3.
func runListRows(t *testing.T, rows []listRow, resp3 bool) {
	t.Helper()
	c := testkit.Dial(t, testkit.StartTrove(t))
	if resp3 {
		c.Do("HELLO", "3")
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			c.Do("FLUSHALL")
			for _, s := range r.setup {
				// A setup line starting with "?" may fail.
				mayFail := strings.HasPrefix(s, "?")
				if got := c.Do(strings.Fields(strings.TrimPrefix(s, "?"))...); !mayFail && strings.HasPrefix(got, "(error)") {
					t.Fatalf("setup %q: %s", s, got)
				}
			}
			if got := c.Do(strings.Fields(r.cmd)...); got != r.want {
				t.Errorf("%s = %s, want %s", r.cmd, got, r.want)
			}
		})
	}
}

const wrongType = "(error) WRONGTYPE Operation against a key holding the wrong kind of value"

func TestListCommands(t *testing.T) {
	abc := []string{"RPUSH l a b c"}
	str := []string{"SET s x", "RPUSH l a b c"}
	rows := []listRow{
		{"lpush new", nil, "LPUSH l a b", "(integer) 2"},
		{"lpush order", []string{"LPUSH l a b c"}, "LRANGE l 0 -1", `["c", "b", "a"]`},
		{"rpush order", abc, "LRANGE l 0 -1", `["a", "b", "c"]`},
		{"lpush arity", nil, "LPUSH l", "(error) ERR wrong number of arguments for 'lpush' command"},
		{"rpush wrongtype", str, "RPUSH s a", wrongType},
		{"lpushx absent", nil, "LPUSHX l a", "(integer) 0"},
		{"lpushx absent no key", []string{"LPUSHX l a"}, "EXISTS l", "(integer) 0"},
		{"lpushx", abc, "LPUSHX l z y", "(integer) 5"},
		{"rpushx", abc, "RPUSHX l z", "(integer) 4"},
		{"rpushx wrongtype", str, "RPUSHX s a", wrongType},
		{"lpop", abc, "LPOP l", `"a"`},
		{"rpop", abc, "RPOP l", `"c"`},
		{"lpop absent", nil, "LPOP l", "(nil)"},
		{"lpop count absent", nil, "LPOP l 2", "(nil array)"},
		{"lpop count zero absent", nil, "LPOP l 0", "(nil array)"},
		{"lpop count zero", abc, "LPOP l 0", "[]"},
		{"lpop count", abc, "LPOP l 2", `["a", "b"]`},
		{"rpop count over", abc, "RPOP l 9", `["c", "b", "a"]`},
		{"rpop count deletes", []string{"RPUSH l a", "RPOP l 5"}, "EXISTS l", "(integer) 0"},
		{"lpop negative", abc, "LPOP l -1", "(error) ERR value is out of range, must be positive"},
		{"lpop not int", abc, "LPOP l x", "(error) ERR value is out of range, must be positive"},
		{"lpop too many args", abc, "LPOP l 1 2", "(error) ERR wrong number of arguments for 'lpop' command"},
		{"rpop too many args", abc, "RPOP l 1 2", "(error) ERR wrong number of arguments for 'rpop' command"},
		{"lpop wrongtype", str, "LPOP s", wrongType},
		{"llen", abc, "LLEN l", "(integer) 3"},
		{"llen absent", nil, "LLEN l", "(integer) 0"},
		{"llen wrongtype", str, "LLEN s", wrongType},
		{"lrange negative", abc, "LRANGE l -2 -1", `["b", "c"]`},
		{"lrange empty", abc, "LRANGE l 2 1", "[]"},
		{"lrange clamp", abc, "LRANGE l -100 100", `["a", "b", "c"]`},
		{"lrange not int", abc, "LRANGE l a 1", "(error) ERR value is not an integer or out of range"},
		{"lrange wrongtype", str, "LRANGE s 0 1", wrongType},
		{"lindex", abc, "LINDEX l -1", `"c"`},
		{"lindex out", abc, "LINDEX l 3", "(nil)"},
		{"lindex absent bad index", nil, "LINDEX l x", "(nil)"},
		{"lindex not int", abc, "LINDEX l x", "(error) ERR value is not an integer or out of range"},
		{"lset", []string{"RPUSH l a b c", "LSET l 1 B"}, "LRANGE l 0 -1", `["a", "B", "c"]`},
		{"lset absent", nil, "LSET l 0 x", "(error) ERR no such key"},
		{"lset range", abc, "LSET l 3 x", "(error) ERR index out of range"},
		{"lset not int", abc, "LSET l x x", "(error) ERR value is not an integer or out of range"},
		{"lset wrongtype", str, "LSET s 0 x", wrongType},
		{"linsert before", abc, "LINSERT l BEFORE b x", "(integer) 4"},
		{"linsert after", []string{"RPUSH l a b c", "LINSERT l after c x", "LINSERT l AFTER a y"}, "LRANGE l 0 -1", `["a", "y", "b", "c", "x"]`},
		{"linsert no pivot", abc, "LINSERT l BEFORE z x", "(integer) -1"},
		{"linsert absent", nil, "LINSERT l BEFORE z x", "(integer) 0"},
		{"linsert syntax", abc, "LINSERT l MIDDLE a x", "(error) ERR syntax error"},
		{"linsert wrongtype", str, "LINSERT s BEFORE a x", wrongType},
		{"lrem head", []string{"RPUSH l a b a b a"}, "LREM l 2 a", "(integer) 2"},
		{"lrem tail", []string{"RPUSH l a b a b a", "LREM l -2 a"}, "LRANGE l 0 -1", `["a", "b", "b"]`},
		{"lrem all deletes", []string{"RPUSH l a a", "LREM l 0 a"}, "EXISTS l", "(integer) 0"},
		{"lrem not int", abc, "LREM l x a", "(error) ERR value is not an integer or out of range"},
		{"lrem wrongtype", str, "LREM s 0 a", wrongType},
		{"ltrim", []string{"RPUSH l a b c d", "LTRIM l 1 -2"}, "LRANGE l 0 -1", `["b", "c"]`},
		{"ltrim empty deletes", []string{"RPUSH l a b", "LTRIM l 2 1"}, "EXISTS l", "(integer) 0"},
		{"ltrim absent", nil, "LTRIM l 0 1", "OK"},
		{"ltrim not int", abc, "LTRIM l 0 x", "(error) ERR value is not an integer or out of range"},
		{"ltrim wrongtype", str, "LTRIM s 0 1", wrongType},
		{"lpos", []string{"RPUSH l a b a b"}, "LPOS l b", "(integer) 1"},
		{"lpos rank", []string{"RPUSH l a b a b"}, "LPOS l b RANK -1", "(integer) 3"},
		{"lpos count", []string{"RPUSH l a b a b"}, "LPOS l a COUNT 0", "[(integer) 0, (integer) 2]"},
		{"lpos maxlen", []string{"RPUSH l a b a b"}, "LPOS l b MAXLEN 1", "(nil)"},
		{"lpos absent count", nil, "LPOS l b COUNT 1", "[]"},
		{"lpos rank zero", abc, "LPOS l a RANK 0", "(error) ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"},
		// Valkey 7.2+ refuses the rank it cannot negate; the 7.0 reference
		// accepts it.
		{"lpos rank min", abc, "LPOS l a RANK -9223372036854775808", "(error) ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"},
		{"lpos rank max", abc, "LPOS l a RANK -9223372036854775807", "(nil)"},
		{"lpos count negative", abc, "LPOS l a COUNT -1", "(error) ERR COUNT can't be negative"},
		{"lpos count not int", abc, "LPOS l a COUNT x", "(error) ERR COUNT can't be negative"},
		{"lpos maxlen negative", abc, "LPOS l a MAXLEN -1", "(error) ERR MAXLEN can't be negative"},
		{"lpos syntax", abc, "LPOS l a RANK", "(error) ERR syntax error"},
		{"lpos unknown option", abc, "LPOS l a NOPE 1", "(error) ERR syntax error"},
		{"lpos wrongtype", str, "LPOS s a", wrongType},
		{"lmove", []string{"RPUSH l a b c", "LMOVE l m RIGHT LEFT"}, "LRANGE m 0 -1", `["c"]`},
		{"lmove same", []string{"RPUSH l a b c", "LMOVE l l LEFT RIGHT"}, "LRANGE l 0 -1", `["b", "c", "a"]`},
		{"lmove single same", []string{"RPUSH l a", "LMOVE l l LEFT RIGHT"}, "LRANGE l 0 -1", `["a"]`},
		{"lmove absent", nil, "LMOVE l m LEFT LEFT", "(nil)"},
		{"lmove syntax", abc, "LMOVE l m UP LEFT", "(error) ERR syntax error"},
		{"lmove dst wrongtype", str, "LMOVE l s LEFT LEFT", wrongType},
		{"lmove dst wrongtype keeps src", []string{"SET s x", "RPUSH l a", "?LMOVE l s LEFT LEFT"}, "LLEN l", "(integer) 1"},
		{"lmove src wrongtype", str, "LMOVE s l LEFT LEFT", wrongType},
		{"rpoplpush", abc, "RPOPLPUSH l m", `"c"`},
		{"rpoplpush empties", []string{"RPUSH l a", "RPOPLPUSH l m"}, "EXISTS l", "(integer) 0"},
		{"rpoplpush wrongtype", str, "RPOPLPUSH l s", wrongType},
		{"lmpop", abc, "LMPOP 2 x l LEFT", `["l", ["a"]]`},
		{"lmpop count", abc, "LMPOP 1 l RIGHT COUNT 2", `["l", ["c", "b"]]`},
		{"lmpop absent", nil, "LMPOP 1 l LEFT", "(nil array)"},
		{"lmpop numkeys", abc, "LMPOP 0 l LEFT", "(error) ERR numkeys should be greater than 0"},
		{"lmpop numkeys not int", abc, "LMPOP x l LEFT", "(error) ERR numkeys should be greater than 0"},
		{"lmpop numkeys too many", abc, "LMPOP 3 l LEFT", "(error) ERR syntax error"},
		{"lmpop where", abc, "LMPOP 1 l UP", "(error) ERR syntax error"},
		{"lmpop count zero", abc, "LMPOP 1 l LEFT COUNT 0", "(error) ERR count should be greater than 0"},
		{"lmpop count twice", abc, "LMPOP 1 l LEFT COUNT 1 COUNT 1", "(error) ERR syntax error"},
		{"lmpop arity", abc, "LMPOP 1 l", "(error) ERR wrong number of arguments for 'lmpop' command"},
		{"lmpop wrongtype", str, "LMPOP 2 s l LEFT", wrongType},
		{"lmpop first list wins", str, "LMPOP 2 l s LEFT", `["l", ["a"]]`},
	}
	runListRows(t, rows, false)
}

// TestListResp3 checks the replies whose shape depends on the protocol.
func TestListResp3(t *testing.T) {
	abc := []string{"RPUSH l a b c"}
	rows := []listRow{
		{"lpop absent", nil, "LPOP l", "(nil)"},
		{"lpop count absent", nil, "LPOP l 2", "(nil)"},
		{"lpop count zero", abc, "LPOP l 0", "[]"},
		{"lpop count", abc, "LPOP l 2", `["a", "b"]`},
		{"lindex absent", nil, "LINDEX l 0", "(nil)"},
		{"lpos absent", nil, "LPOS l a", "(nil)"},
		{"lmpop absent", nil, "LMPOP 1 l LEFT", "(nil)"},
		{"lmpop", abc, "LMPOP 1 l LEFT", `["l", ["a"]]`},
		{"lmove absent", nil, "LMOVE l m LEFT LEFT", "(nil)"},
	}
	runListRows(t, rows, true)
	// The raw bytes: RESP3 null is "_", RESP2 null array "*-1".
	c := testkit.Dial(t, testkit.StartTrove(t))
	for _, tc := range []struct {
		proto string
		want  string
	}{{"2", "*-1\r\n"}, {"3", "_\r\n"}} {
		t.Run("raw null array resp"+tc.proto, func(t *testing.T) {
			c.Do("HELLO", tc.proto)
			c.Write(testkit.Encode("LMPOP", "1", "nokey", "LEFT"))
			v, err := c.ReadValue()
			if err != nil {
				t.Fatal(err)
			}
			if got := rawType(v); got != tc.want[:1] {
				t.Errorf("type %q, want %q", got, tc.want[:1])
			}
		})
	}
}

func rawType(v testkit.Value) string { return string(v.Type) }

// TestListEncodings checks OBJECT ENCODING as Valkey 8 reports it: listpack
// within list-max-listpack-size, quicklist beyond, and back to listpack
// once a quicklist shrinks to half the limit.
func TestListEncodings(t *testing.T) {
	big := strings.Repeat("x", 5000)
	mid := strings.Repeat("y", 2000)
	rows := []listRow{
		{"small", []string{"RPUSH l a b"}, "OBJECT ENCODING l", `"listpack"`},
		// The default -2 limits a node to 8 KiB.
		{"big element", []string{"RPUSH l " + big}, "OBJECT ENCODING l", `"listpack"`},
		{"over 8k", []string{"RPUSH l " + big, "RPUSH l " + big}, "OBJECT ENCODING l", `"quicklist"`},
		{"shrink not enough", []string{"RPUSH l " + big + " " + big, "RPOP l"}, "OBJECT ENCODING l", `"quicklist"`},
		{"shrink to half", []string{"RPUSH l " + big + " " + big, "RPOP l", "LSET l 0 a"}, "OBJECT ENCODING l", `"listpack"`},
		{"shrink by pop", []string{"RPUSH l " + mid + " " + mid + " " + mid + " " + mid + " " + mid, "RPOP l 3"}, "OBJECT ENCODING l", `"listpack"`},
		{"shrink by pop above half", []string{"RPUSH l " + mid + " " + mid + " " + mid + " " + mid + " " + mid, "RPOP l 2"}, "OBJECT ENCODING l", `"quicklist"`},
		{"entry count", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4"}, "OBJECT ENCODING l", `"listpack"`},
		{"entry count over", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4 5"}, "OBJECT ENCODING l", `"quicklist"`},
		{"entry count back", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4 5", "LPOP l 3"}, "OBJECT ENCODING l", `"listpack"`},
		{"entry count stays", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4 5", "LPOP l 2"}, "OBJECT ENCODING l", `"quicklist"`},
		{"lrem shrinks", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4 5", "LREM l 0 2", "LREM l 0 3", "LREM l 0 4"}, "OBJECT ENCODING l", `"listpack"`},
		{"ltrim shrinks", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4 5", "LTRIM l 0 1"}, "OBJECT ENCODING l", `"listpack"`},
		{"linsert grows", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4", "LINSERT l BEFORE 1 0"}, "OBJECT ENCODING l", `"quicklist"`},
		// Valkey converts before it looks for the pivot or checks the index.
		{"linsert no pivot grows", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4", "LINSERT l BEFORE 9 0"}, "OBJECT ENCODING l", `"quicklist"`},
		{"lset counts one more", []string{"CONFIG SET list-max-listpack-size 4", "RPUSH l 1 2 3 4", "LSET l 0 x"}, "OBJECT ENCODING l", `"quicklist"`},
		{"lset below", []string{"CONFIG SET list-max-listpack-size 5", "RPUSH l 1 2 3 4", "LSET l 0 x"}, "OBJECT ENCODING l", `"listpack"`},
		{"lmove dst grows", []string{"CONFIG SET list-max-listpack-size 2", "RPUSH d 1 2", "RPUSH s x", "LMOVE s d LEFT LEFT"}, "OBJECT ENCODING d", `"quicklist"`},
		// A moved canonical integer counts no bytes, as in Valkey.
		{"lmove int counts nothing", []string{"CONFIG SET list-max-listpack-size -1", "RPUSH d " + strings.Repeat("x", 4080), "RPUSH s 123456", "LMOVE s d LEFT LEFT"}, "OBJECT ENCODING d", `"listpack"`},
		{"lmove string counts", []string{"CONFIG SET list-max-listpack-size -1", "RPUSH d " + strings.Repeat("x", 4080), "RPUSH s abcdef", "LMOVE s d LEFT LEFT"}, "OBJECT ENCODING d", `"quicklist"`},
		{"lmove string fits", []string{"CONFIG SET list-max-listpack-size -1", "RPUSH d " + strings.Repeat("x", 4080), "RPUSH s abcde", "LMOVE s d LEFT LEFT"}, "OBJECT ENCODING d", `"listpack"`},
		{"lmove src shrinks", []string{"CONFIG SET list-max-listpack-size 2", "RPUSH s 1 2 3", "LMOVE s d LEFT LEFT", "LMOVE s d LEFT LEFT"}, "OBJECT ENCODING s", `"listpack"`},
		{"lmpop shrinks", []string{"CONFIG SET list-max-listpack-size 2", "RPUSH s 1 2 3", "LMPOP 1 s LEFT COUNT 2"}, "OBJECT ENCODING s", `"listpack"`},
		{"size class -1", []string{"CONFIG SET list-max-listpack-size -1", "RPUSH l " + mid + " " + mid + " " + mid}, "OBJECT ENCODING l", `"quicklist"`},
		{"size class -1 fits", []string{"CONFIG SET list-max-listpack-size -1", "RPUSH l " + mid}, "OBJECT ENCODING l", `"listpack"`},
		{"size class -5", []string{"CONFIG SET list-max-listpack-size -5", "RPUSH l " + big + " " + big + " " + big}, "OBJECT ENCODING l", `"listpack"`},
		// A positive limit still caps a node at 8 KiB.
		{"count with safety limit", []string{"CONFIG SET list-max-listpack-size 100", "RPUSH l " + big + " " + big}, "OBJECT ENCODING l", `"quicklist"`},
		{"existing list keeps encoding", []string{"RPUSH l 1 2 3 4 5", "CONFIG SET list-max-listpack-size 2"}, "OBJECT ENCODING l", `"listpack"`},
		{"config applies on next push", []string{"RPUSH l 1 2 3 4 5", "CONFIG SET list-max-listpack-size 2", "RPUSH l 6"}, "OBJECT ENCODING l", `"quicklist"`},
		{"copy keeps encoding", []string{"CONFIG SET list-max-listpack-size 2", "RPUSH l 1 2 3", "COPY l m"}, "OBJECT ENCODING m", `"quicklist"`},
		{"copy content", []string{"RPUSH l 1 2 3", "COPY l m", "RPOP l"}, "LRANGE m 0 -1", `["1", "2", "3"]`},
	}
	runListRows(t, rows, false)
}

// listHarness runs handlers directly on a keyspace, recording the changes
// and checking that each handler writes one whole reply or returns an
// error having written nothing.
type listHarness struct {
	t      *testing.T
	ks     *keyspace.Keyspace
	w      *resp.Writer
	ctx    command.Ctx
	table  *command.Table
	events []string
}

func newListHarness(t *testing.T) *listHarness {
	h := &listHarness{t: t}
	h.ks = keyspace.New(16, func() time.Time { return time.UnixMilli(1_700_000_000_000) })
	h.ks.OnChange = func(db *keyspace.DB, key []byte, class keyspace.EventClass, ev string) {
		cl := "?"
		switch class {
		case keyspace.EventList:
			cl = "l"
		case keyspace.EventGeneric:
			cl = "g"
		}
		h.events = append(h.events, cl+" "+ev+" "+string(key))
	}
	h.table = command.NewTable()
	h.table.Add(command.DataCommands()...)
	h.w = resp.NewWriter(nil)
	h.ctx = command.Ctx{W: h.w, Client: &command.Client{}, KS: h.ks,
		Settings: &command.Settings{ListMaxListpackSize: -2}}
	return h
}

func (h *listHarness) do(line string) string {
	h.t.Helper()
	args := strings.Fields(line)
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	spec := h.table.Lookup(argv[0])
	if spec == nil {
		h.t.Fatalf("no command %q", args[0])
	}
	if !spec.CheckArity(len(argv)) {
		return "(error) " + command.WrongArity(spec.FullName()).Error()
	}
	h.ctx.Args, h.ctx.Spec, h.ctx.DB = argv, spec, h.ks.DB(0)
	err := spec.Handler(&h.ctx)
	out := bytes.Clone(h.w.Bytes())
	h.w.Truncate(0)
	if err != nil {
		if len(out) != 0 {
			h.t.Fatalf("%s: returned %v after writing %q", line, err, out)
		}
		return "(error) " + err.Error()
	}
	br := bufio.NewReader(bytes.NewReader(out))
	v, rerr := testkit.ReadValue(br)
	if rerr != nil || br.Buffered() != 0 {
		h.t.Fatalf("%s: not exactly one reply: %q (%v)", line, out, rerr)
	}
	return testkit.Format(v)
}

func TestListEvents(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		cmd   string
		want  string
	}{
		{"lpush", nil, "LPUSH l a b", "l lpush l"},
		{"rpush", nil, "RPUSH l a", "l rpush l"},
		{"lpushx absent", nil, "LPUSHX l a", ""},
		{"rpushx", []string{"RPUSH l a"}, "RPUSHX l a", "l rpush l"},
		{"lpop", []string{"RPUSH l a b"}, "LPOP l", "l lpop l"},
		{"rpop count last", []string{"RPUSH l a b"}, "RPOP l 5", "l rpop l, g del l"},
		{"lpop count zero", []string{"RPUSH l a b"}, "LPOP l 0", ""},
		{"lpop absent", nil, "LPOP l", ""},
		{"lset", []string{"RPUSH l a"}, "LSET l 0 b", "l lset l"},
		{"lset range", []string{"RPUSH l a"}, "LSET l 5 b", ""},
		{"linsert", []string{"RPUSH l a"}, "LINSERT l AFTER a b", "l linsert l"},
		{"linsert no pivot", []string{"RPUSH l a"}, "LINSERT l AFTER z b", ""},
		{"lrem", []string{"RPUSH l a b"}, "LREM l 0 a", "l lrem l"},
		{"lrem last", []string{"RPUSH l a a"}, "LREM l 0 a", "l lrem l, g del l"},
		{"lrem none", []string{"RPUSH l a"}, "LREM l 0 z", ""},
		{"ltrim", []string{"RPUSH l a b"}, "LTRIM l 0 0", "l ltrim l"},
		{"ltrim nothing removed", []string{"RPUSH l a b"}, "LTRIM l 0 -1", "l ltrim l"},
		{"ltrim all", []string{"RPUSH l a b"}, "LTRIM l 1 0", "l ltrim l, g del l"},
		{"lmove", []string{"RPUSH l a b"}, "LMOVE l m LEFT RIGHT", "l rpush m, l lpop l"},
		{"lmove last", []string{"RPUSH l a"}, "LMOVE l m RIGHT LEFT", "l lpush m, l rpop l, g del l"},
		{"rpoplpush same", []string{"RPUSH l a"}, "RPOPLPUSH l l", "l lpush l, l rpop l"},
		{"lmpop", []string{"RPUSH l a b"}, "LMPOP 1 l RIGHT", "l rpop l"},
		{"lmpop last", []string{"RPUSH l a"}, "LMPOP 1 l LEFT COUNT 3", "l lpop l, g del l"},
		{"reads", []string{"RPUSH l a"}, "LRANGE l 0 -1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newListHarness(t)
			for _, s := range tt.setup {
				h.do(s)
			}
			h.events = nil
			h.do(tt.cmd)
			if got := strings.Join(h.events, ", "); got != tt.want {
				t.Errorf("events %q, want %q", got, tt.want)
			}
		})
	}
}

// TestListReplyContract runs every row of TestListCommands through the
// handlers directly: each must write one whole reply or return an error.
func TestListReplyContract(t *testing.T) {
	h := newListHarness(t)
	for _, line := range []string{
		"RPUSH l a b c", "LPOP l 0", "LPOP l x", "LPOP nokey 2", "LPOS l a COUNT x", "LPOS l a RANK 0",
		"LMPOP 3 l LEFT", "LMPOP 1 l LEFT COUNT 0", "LSET l 9 x", "LSET nokey 0 x", "LINSERT l UP a b",
		"LMOVE l m UP LEFT", "LRANGE l x 0", "LTRIM l 0 x", "LREM l x a", "SET s x", "LMOVE l s LEFT LEFT",
		"LMPOP 2 s l LEFT", "LPOS l zz COUNT 0", "LMPOP 2 nokey l RIGHT COUNT 5",
	} {
		h.do(line)
	}
}

// TestListDifferential runs random list commands on trove and on the
// reference server and compares every reply.
func TestListDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	keys := []string{"k1", "k2", "k3"}
	vals := []string{"a", "b", "c", "1", "-2", "", "zz", strings.Repeat("v", 70)}
	val := func() string { return vals[r.IntN(len(vals))] }
	key := func() string { return keys[r.IntN(len(keys))] }
	idx := func() string { return strconv.Itoa(r.IntN(14) - 7) }
	end := func() string { return []string{"LEFT", "RIGHT"}[r.IntN(2)] }
	var cmds [][]string
	cmds = append(cmds, []string{"SET", "str", "x"})
	for range 3000 {
		var c []string
		switch r.IntN(17) {
		case 0, 1:
			c = []string{"LPUSH", key()}
			for range 1 + r.IntN(4) {
				c = append(c, val())
			}
		case 2, 3:
			c = []string{"RPUSH", key()}
			for range 1 + r.IntN(4) {
				c = append(c, val())
			}
		case 4:
			c = []string{[]string{"LPUSHX", "RPUSHX"}[r.IntN(2)], key(), val()}
		case 5:
			c = []string{[]string{"LPOP", "RPOP"}[r.IntN(2)], key()}
			if r.IntN(2) == 0 {
				c = append(c, strconv.Itoa(r.IntN(5)))
			}
		case 6:
			c = []string{"LRANGE", key(), idx(), idx()}
		case 7:
			c = []string{"LINDEX", key(), idx()}
		case 8:
			c = []string{"LSET", key(), idx(), val()}
		case 9:
			c = []string{"LINSERT", key(), []string{"BEFORE", "AFTER"}[r.IntN(2)], val(), val()}
		case 10:
			c = []string{"LREM", key(), idx(), val()}
		case 11:
			c = []string{"LTRIM", key(), idx(), idx()}
		case 12:
			c = []string{"LPOS", key(), val()}
			if r.IntN(2) == 0 {
				c = append(c, "RANK", []string{"1", "2", "-1", "-2", "3"}[r.IntN(5)])
			}
			if r.IntN(2) == 0 {
				c = append(c, "COUNT", strconv.Itoa(r.IntN(3)))
			}
			if r.IntN(3) == 0 {
				c = append(c, "MAXLEN", strconv.Itoa(r.IntN(5)))
			}
		case 13:
			c = []string{"LMOVE", key(), key(), end(), end()}
		case 14:
			c = []string{"RPOPLPUSH", key(), key()}
		case 15:
			c = []string{"LMPOP", "2", key(), key(), end()}
			if r.IntN(2) == 0 {
				c = append(c, "COUNT", strconv.Itoa(1+r.IntN(4)))
			}
		case 16:
			c = []string{"LLEN", key()}
			if r.IntN(10) == 0 {
				c = []string{"LPUSH", "str", "x"}
			}
		}
		cmds = append(cmds, c)
		if r.IntN(20) == 0 {
			for _, k := range keys {
				cmds = append(cmds, []string{"LRANGE", k, "0", "-1"})
			}
		}
	}
	for _, k := range keys {
		cmds = append(cmds, []string{"LRANGE", k, "0", "-1"}, []string{"EXISTS", k})
	}
	listDifferential(t, cmds)
}

// TestListGoRedis drives the commands through a client library.
func TestListGoRedis(t *testing.T) {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: testkit.StartTrove(t)})
	t.Cleanup(func() { rdb.Close() })
	if n, err := rdb.RPush(ctx, "l", "a", "b", "c", "b").Result(); err != nil || n != 4 {
		t.Fatalf("RPUSH = %d, %v", n, err)
	}
	if v, err := rdb.LRange(ctx, "l", 0, -1).Result(); err != nil || fmt.Sprint(v) != "[a b c b]" {
		t.Errorf("LRANGE = %v, %v", v, err)
	}
	if v, err := rdb.LPosCount(ctx, "l", "b", 0, redis.LPosArgs{Rank: -1}).Result(); err != nil || fmt.Sprint(v) != "[3 1]" {
		t.Errorf("LPOS = %v, %v", v, err)
	}
	if _, err := rdb.LPos(ctx, "l", "zz", redis.LPosArgs{}).Result(); err != redis.Nil {
		t.Errorf("LPOS missing: %v, want redis.Nil", err)
	}
	if v, err := rdb.LMove(ctx, "l", "m", "RIGHT", "LEFT").Result(); err != nil || v != "b" {
		t.Errorf("LMOVE = %q, %v", v, err)
	}
	if k, v, err := rdb.LMPop(ctx, "left", 3, "nokey", "l").Result(); err != nil || k != "l" || fmt.Sprint(v) != "[a b c]" {
		t.Errorf("LMPOP = %q %v, %v", k, v, err)
	}
	if _, err := rdb.LPop(ctx, "l").Result(); err != redis.Nil {
		t.Errorf("LPOP after the list emptied: %v, want redis.Nil", err)
	}
	if err := rdb.LSet(ctx, "nokey", 0, "x").Err(); err == nil || err.Error() != "ERR no such key" {
		t.Errorf("LSET absent: %v", err)
	}
}

// listDifferential sends cmds to trove and to the reference server, in
// pipelined batches, and compares the formatted replies one by one.
func listDifferential(t *testing.T, cmds [][]string) {
	t.Helper()
	if _, ok := testkit.ReferenceBinary(); !ok {
		t.Skip("redis-server not installed: the differential test needs the reference server")
	}
	got := listPipeline(t, testkit.StartTrove(t), cmds)
	want := listPipeline(t, testkit.StartReference(t), cmds)
	bad := 0
	for i := range cmds {
		if got[i] != want[i] {
			t.Errorf("#%d %q:\n trove     %s\n reference %s", i, cmds[i], got[i], want[i])
			if bad++; bad == 10 {
				t.Fatal("too many differences")
			}
		}
	}
}

func listPipeline(t *testing.T, addr string, cmds [][]string) []string {
	t.Helper()
	c := testkit.Dial(t, addr)
	out := make([]string, 0, len(cmds))
	for start := 0; start < len(cmds); start += 100 {
		batch := cmds[start:min(start+100, len(cmds))]
		var buf []byte
		for _, cmd := range batch {
			buf = append(buf, testkit.Encode(cmd...)...)
		}
		c.Write(buf)
		for range batch {
			out = append(out, c.Read())
		}
	}
	return out
}

// TestListCommandDocs compares the argument structure, version and group
// of COMMAND DOCS with the reference (summaries are our own words).
func TestListCommandDocs(t *testing.T) {
	if _, ok := testkit.ReferenceBinary(); !ok {
		t.Skip("redis-server not installed: the reference's COMMAND DOCS is needed")
	}
	trove := testkit.Dial(t, testkit.StartTrove(t))
	ref := testkit.Dial(t, testkit.StartReference(t))
	fieldsOf := func(c *testkit.Conn, name string) map[string]string {
		t.Helper()
		c.Write(testkit.Encode("COMMAND", "DOCS", name))
		v, err := c.ReadValue()
		if err != nil || len(v.Elems) != 2 {
			t.Fatalf("COMMAND DOCS %s: %v %v", name, testkit.Format(v), err)
		}
		out := map[string]string{}
		doc := v.Elems[1].Elems
		for i := 0; i+1 < len(doc); i += 2 {
			switch k := doc[i].Str; k {
			case "arguments", "since", "group", "doc_flags", "deprecated_since":
				out[k] = testkit.Format(doc[i+1])
			case "history":
				// Versions only: the change texts are our own words.
				var versions []string
				for _, h := range doc[i+1].Elems {
					versions = append(versions, h.Elems[0].Str)
				}
				out[k] = strings.Join(versions, ",")
			}
		}
		return out
	}
	for _, name := range []string{"lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange", "lindex",
		"lset", "linsert", "lrem", "ltrim", "lpos", "lmove", "rpoplpush", "lmpop"} {
		t.Run(name, func(t *testing.T) {
			got, want := fieldsOf(trove, name), fieldsOf(ref, name)
			for k, w := range want {
				if got[k] != w {
					t.Errorf("%s:\n trove     %s\n reference %s", k, got[k], w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("fields %v, reference %v", got, want)
			}
		})
	}
}
