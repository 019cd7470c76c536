package command_test

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/command"
	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/resp"
	"github.com/trove-db/trove/internal/testkit"
)

// keysHarness runs handlers of the command table directly over a keyspace
// with a settable clock, so TTLs can be checked exactly and keyspace events
// observed. It checks the house rule that a handler either writes one
// whole reply or returns an error having written nothing.
type keysHarness struct {
	t      testing.TB
	now    time.Time
	ks     *keyspace.Keyspace
	w      *resp.Writer
	ctx    command.Ctx
	table  *command.Table
	events []string // "db:event:key" for every change and notification
}

func newKeysHarness(t testing.TB) *keysHarness {
	h := &keysHarness{t: t, now: time.UnixMilli(1_700_000_000_000)}
	h.ks = keyspace.New(16, func() time.Time { return h.now })
	record := func(db *keyspace.DB, key []byte, _ keyspace.EventClass, ev string) {
		h.events = append(h.events, fmt.Sprintf("%d:%s:%s", db.ID, ev, key))
	}
	h.ks.OnChange, h.ks.OnNotify = record, record
	h.table = command.NewTable()
	h.table.Add(command.DataCommands()...)
	h.w = resp.NewWriter(nil)
	h.ctx = command.Ctx{W: h.w, Client: &command.Client{}, KS: h.ks, Settings: &command.Settings{}}
	return h
}

// advance moves the clock.
func (h *keysHarness) advance(d time.Duration) { h.now = h.now.Add(d) }

// nowMS is the clock in Unix milliseconds.
func (h *keysHarness) nowMS() int64 { return h.now.UnixMilli() }

// do runs one command and returns its reply in testkit.Format's form.
func (h *keysHarness) do(args ...string) string {
	h.t.Helper()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	spec := h.table.Lookup(argv[0])
	if spec == nil {
		h.t.Fatalf("no command %q", args[0])
	}
	if spec.IsContainer() && len(argv) >= 2 {
		if sub := spec.LookupSub(argv[1]); sub != nil {
			spec = sub
		}
	}
	if !spec.CheckArity(len(argv)) {
		return "(error) " + command.WrongArity(spec.FullName()).Error()
	}
	h.ks.Tick()
	h.ctx.Args, h.ctx.Spec, h.ctx.DB = argv, spec, h.ks.DB(h.ctx.Client.DB)
	err := spec.Handler(&h.ctx)
	out := h.w.Bytes()
	defer h.w.Truncate(0)
	if err != nil {
		if len(out) != 0 {
			h.t.Fatalf("%v: returned %v after writing %q", args, err, out)
		}
		return "(error) " + err.Error()
	}
	br := bufio.NewReader(bytes.NewReader(out))
	v, rerr := testkit.ReadValue(br)
	if rerr != nil {
		h.t.Fatalf("%v: unreadable reply %q: %v", args, out, rerr)
	}
	if br.Buffered() != 0 {
		h.t.Fatalf("%v: more than one reply: %q", args, out)
	}
	return testkit.Format(v)
}

// takeEvents returns the events since the last call.
func (h *keysHarness) takeEvents() []string {
	ev := h.events
	h.events = nil
	return ev
}

// step is one command and the reply it must get.
type keysStep struct {
	args string // split on spaces
	want string
}

func runKeysSteps(t *testing.T, h *keysHarness, steps []keysStep) {
	t.Helper()
	for _, s := range steps {
		if got := h.do(strings.Fields(s.args)...); got != s.want {
			t.Errorf("%s = %s, want %s", s.args, got, s.want)
		}
	}
}

func TestExpireCommands(t *testing.T) {
	const maxInt = "9223372036854775807"
	for _, tc := range []struct {
		name  string
		steps []keysStep
	}{
		{"expire and ttl", []keysStep{
			{"set k v", "OK"},
			{"ttl k", "(integer) -1"},
			{"pttl k", "(integer) -1"},
			{"expiretime k", "(integer) -1"},
			{"pexpiretime k", "(integer) -1"},
			{"expire k 100", "(integer) 1"},
			{"ttl k", "(integer) 100"},
			{"pttl k", "(integer) 100000"},
			{"expiretime k", "(integer) 1700000100"},
			{"pexpiretime k", "(integer) 1700000100000"},
			{"pexpire k 1499", "(integer) 1"},
			{"ttl k", "(integer) 1"}, // rounded to the nearest second
			{"pexpire k 1500", "(integer) 1"},
			{"ttl k", "(integer) 2"},
			{"expireat k 1800000000", "(integer) 1"},
			{"expiretime k", "(integer) 1800000000"},
			{"pexpireat k 1800000000499", "(integer) 1"},
			{"expiretime k", "(integer) 1800000000"},
			{"pexpireat k 1800000000500", "(integer) 1"},
			{"expiretime k", "(integer) 1800000001"},
		}},
		{"missing keys", []keysStep{
			{"expire nosuch 10", "(integer) 0"},
			{"pexpire nosuch 10", "(integer) 0"},
			{"expireat nosuch 1", "(integer) 0"},
			{"persist nosuch", "(integer) 0"},
			{"ttl nosuch", "(integer) -2"},
			{"pttl nosuch", "(integer) -2"},
			{"expiretime nosuch", "(integer) -2"},
			{"pexpiretime nosuch", "(integer) -2"},
		}},
		{"persist", []keysStep{
			{"set k v", "OK"},
			{"persist k", "(integer) 0"},
			{"expire k 10", "(integer) 1"},
			{"persist k", "(integer) 1"},
			{"ttl k", "(integer) -1"},
			{"persist k", "(integer) 0"},
		}},
		{"conditions", []keysStep{
			{"set k v", "OK"},
			{"expire k 100 XX", "(integer) 0"},
			{"expire k 100 GT", "(integer) 0"}, // no TTL is infinite
			{"expire k 100 LT", "(integer) 1"},
			{"expire k 50 NX", "(integer) 0"},
			{"expire k 50 GT", "(integer) 0"},
			{"expire k 100 GT", "(integer) 0"}, // equal is not greater
			{"expire k 200 gt", "(integer) 1"},
			{"expire k 200 LT", "(integer) 0"},
			{"expire k 150 lt", "(integer) 1"},
			{"expire k 300 XX", "(integer) 1"},
			{"ttl k", "(integer) 300"},
			{"expire k 400 xx gt", "(integer) 1"},
			{"expire k 10 nx nx", "(integer) 0"},
			{"persist k", "(integer) 1"},
			{"expire k 10 nx nx", "(integer) 1"},
			{"expire k -1 GT", "(integer) 0"},
			{"exists k", "(integer) 1"},
		}},
		{"past times delete", []keysStep{
			{"set a v", "OK"},
			{"expire a 0", "(integer) 1"},
			{"exists a", "(integer) 0"},
			{"set a v", "OK"},
			{"pexpire a -1 NX", "(integer) 1"},
			{"exists a", "(integer) 0"},
			{"set a v", "OK"},
			{"expireat a 1", "(integer) 1"},
			{"exists a", "(integer) 0"},
			{"set a v", "OK"},
			{"pexpireat a 1700000000000", "(integer) 1"}, // exactly now
			{"exists a", "(integer) 0"},
			{"set a v", "OK"},
			{"expire a -9223372036854775", "(integer) 1"},
			{"set a v", "OK"},
			{"pexpire a -9223372036854775808", "(integer) 1"},
			{"set a v", "OK"},
			{"pexpireat a -9223372036854775808", "(integer) 1"},
			{"exists a", "(integer) 0"},
		}},
		{"errors", []keysStep{
			{"set k v", "OK"},
			{"expire k abc", "(error) ERR value is not an integer or out of range"},
			{"expire k 1.5", "(error) ERR value is not an integer or out of range"},
			{"expire k +5", "(error) ERR value is not an integer or out of range"},
			{"expire k 10 foo", "(error) ERR Unsupported option foo"},
			{"expire k abc foo", "(error) ERR Unsupported option foo"},
			{"EXPIRE k 10 bAd", "(error) ERR Unsupported option bAd"},
			{"expire k 10 nx xx foo", "(error) ERR Unsupported option foo"},
			{"expire k 10 NX XX", "(error) ERR NX and XX, GT or LT options at the same time are not compatible"},
			{"expire k 10 XX NX", "(error) ERR NX and XX, GT or LT options at the same time are not compatible"},
			{"expire k 10 NX GT", "(error) ERR NX and XX, GT or LT options at the same time are not compatible"},
			{"expire k 10 gt lt nx", "(error) ERR NX and XX, GT or LT options at the same time are not compatible"},
			{"expire k 10 GT LT", "(error) ERR GT and LT options at the same time are not compatible"},
			{"expire k abc nx xx", "(error) ERR NX and XX, GT or LT options at the same time are not compatible"},
			{"expire nosuch 10 GT LT", "(error) ERR GT and LT options at the same time are not compatible"},
			{"expire k " + maxInt, "(error) ERR invalid expire time in 'expire' command"},
			{"expire k 9223372036854775", "(error) ERR invalid expire time in 'expire' command"},
			{"expire k 9223372036854774", "(error) ERR invalid expire time in 'expire' command"},
			{"expire k -9223372036854776", "(error) ERR invalid expire time in 'expire' command"},
			{"expire nosuch " + maxInt, "(error) ERR invalid expire time in 'expire' command"},
			{"pexpire k " + maxInt, "(error) ERR invalid expire time in 'pexpire' command"},
			{"PEXPIRE k 9223372036854775000", "(error) ERR invalid expire time in 'pexpire' command"},
			{"expireat k " + maxInt, "(error) ERR invalid expire time in 'expireat' command"},
			{"expireat k 9223372036854776", "(error) ERR invalid expire time in 'expireat' command"},
			{"expireat k -9223372036854776", "(error) ERR invalid expire time in 'expireat' command"},
			{"ttl k", "(integer) -1"}, // nothing changed
			{"expire k", "(error) ERR wrong number of arguments for 'expire' command"},
			{"ttl", "(error) ERR wrong number of arguments for 'ttl' command"},
			{"ttl k x", "(error) ERR wrong number of arguments for 'ttl' command"},
			{"persist k x", "(error) ERR wrong number of arguments for 'persist' command"},
		}},
		{"extreme times", []keysStep{
			{"set k v", "OK"},
			{"pexpireat k " + maxInt, "(integer) 1"},
			{"pexpiretime k", "(integer) " + maxInt},
			{"expiretime k", "(integer) 9223372036854776"},
			{"pttl k", "(integer) " + strconv.FormatInt(1<<63-1-1_700_000_000_000, 10)},
			{"expireat k 9223372036854775", "(integer) 1"},
			{"pexpiretime k", "(integer) 9223372036854775000"},
			{"pexpireat k 9223372036854775308", "(integer) 1"},
			{"expiretime k", "(integer) 9223372036854775"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runKeysSteps(t, newKeysHarness(t), tc.steps)
		})
	}
}

func TestExpiryOverTime(t *testing.T) {
	h := newKeysHarness(t)
	runKeysSteps(t, h, []keysStep{
		{"set k v", "OK"},
		{"pexpire k 1000", "(integer) 1"},
	})
	h.advance(400 * time.Millisecond)
	runKeysSteps(t, h, []keysStep{
		{"pttl k", "(integer) 600"},
		{"ttl k", "(integer) 1"},
	})
	h.advance(599 * time.Millisecond)
	runKeysSteps(t, h, []keysStep{{"pttl k", "(integer) 1"}})
	h.advance(time.Millisecond)
	h.takeEvents()
	for _, s := range []keysStep{
		{"exists k", "(integer) 0"},
		{"ttl k", "(integer) -2"},
		{"dbsize", "(integer) 0"},
	} {
		if got := h.do(strings.Fields(s.args)...); got != s.want {
			t.Errorf("%s = %s, want %s", s.args, got, s.want)
		}
	}
	if ev := h.takeEvents(); !slices.Equal(ev, []string{"0:expired:k", "0:keymiss:k", "0:keymiss:k"}) {
		t.Errorf("events %v", ev)
	}
	if h.ks.Stats.ExpiredKeys != 1 {
		t.Errorf("expired_keys = %d", h.ks.Stats.ExpiredKeys)
	}
}

// TestExpiryInvisible checks that no command sees a key whose TTL passed,
// while DBSIZE still counts it until something removes it, as in Valkey.
func TestExpiryInvisible(t *testing.T) {
	for _, tc := range []struct {
		cmd, want string
		removes   bool // the command deletes the expired key
	}{
		{"exists k", "(integer) 0", true},
		{"type k", "none", true},
		{"ttl k", "(integer) -2", true},
		{"pexpiretime k", "(integer) -2", true},
		{"touch k", "(integer) 0", true},
		{"keys *", "[]", false},
		{"scan 0", `["0", []]`, true},
		{"scan 0 match k*", `["0", []]`, true},
		{"scan 0 match x*", `["0", []]`, false}, // not matched, so not looked at
		{"randomkey", "(nil)", true},
		{"object encoding k", "(nil)", true},
		{"memory usage k", "(nil)", true},
		{"persist k", "(integer) 0", true},
		{"expire k 100", "(integer) 0", true},
		{"del k", "(integer) 0", true},
		{"unlink k", "(integer) 0", true},
		{"rename k j", "(error) ERR no such key", true},
		{"copy k j", "(integer) 0", true},
		{"move k 1", "(integer) 0", true},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			h := newKeysHarness(t)
			runKeysSteps(t, h, []keysStep{{"set k v", "OK"}, {"pexpire k 10", "(integer) 1"}})
			h.advance(10 * time.Millisecond)
			runKeysSteps(t, h, []keysStep{{"dbsize", "(integer) 1"}})
			h.takeEvents()
			runKeysSteps(t, h, []keysStep{{tc.cmd, tc.want}})
			size := "(integer) 1"
			if tc.removes {
				size = "(integer) 0"
			}
			runKeysSteps(t, h, []keysStep{{"dbsize", size}})
			ev := h.takeEvents()
			if expired := slices.Contains(ev, "0:expired:k"); expired != tc.removes {
				t.Errorf("events %v", ev)
			}
		})
	}
}

func TestExpireEvents(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup []string
		cmd   string
		want  []string
		dirty int64
	}{
		{"expire", []string{"set k v"}, "expire k 10", []string{"0:expire:k"}, 1},
		{"pexpireat", []string{"set k v"}, "pexpireat k 1800000000000", []string{"0:expire:k"}, 1},
		{"past time", []string{"set k v"}, "expire k -1", []string{"0:del:k"}, 1},
		{"condition fails", []string{"set k v"}, "expire k 10 XX", nil, 0},
		{"missing", nil, "expire k 10", nil, 0},
		{"persist", []string{"set k v", "expire k 10"}, "persist k", []string{"0:persist:k"}, 1},
		{"persist without ttl", []string{"set k v"}, "persist k", nil, 0},
		{"ttl miss", nil, "ttl k", []string{"0:keymiss:k"}, 0},
		{"ttl hit", []string{"set k v"}, "pttl k", nil, 0},
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
			if h.ks.Stats.ExpiredKeys != 0 {
				t.Errorf("expired_keys = %d: EXPIRE in the past is a deletion, not an expiry", h.ks.Stats.ExpiredKeys)
			}
		})
	}
}

// TestExpireServer runs the expiry commands through a real server, and
// against the reference server where the replies do not depend on time.
func TestExpireServer(t *testing.T) {
	script := [][]string{
		{"SET", "k", "v"},
		{"EXPIRE", "k", "100"},
		{"TTL", "k"},
		{"EXPIRE", "k", "50", "GT"},
		{"EXPIRE", "k", "200", "LT"},
		{"EXPIRE", "k", "200", "GT"},
		{"TTL", "k"},
		{"PEXPIREAT", "k", "1999999999500"},
		{"EXPIRETIME", "k"},
		{"PEXPIRETIME", "k"},
		{"PERSIST", "k"},
		{"PERSIST", "k"},
		{"EXPIRETIME", "k"},
		{"TTL", "nosuch"},
		{"PTTL", "nosuch"},
		{"EXPIRETIME", "nosuch"},
		{"EXPIRE", "nosuch", "10"},
		{"EXPIRE", "k", "10", "nx", "xx"},
		{"EXPIRE", "k", "10", "GT", "LT"},
		{"EXPIRE", "k", "10", "bogus"},
		{"EXPIRE", "k", "ten"},
		{"EXPIRE", "k", "9223372036854775807"},
		{"PEXPIRE", "k", "9223372036854775807"},
		{"EXPIREAT", "k", "9223372036854775807"},
		{"PEXPIREAT", "k", "9223372036854775807"},
		{"EXPIRETIME", "k"},
		{"EXPIRE", "k", "-1", "GT"},
		{"EXPIRE", "k", "-1"},
		{"EXISTS", "k"},
		{"EXPIRE"},
		{"PERSIST"},
		{"TTL", "a", "b"},
	}
	keysDifferential(t, script)
}
