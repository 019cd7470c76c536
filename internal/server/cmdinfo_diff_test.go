package server_test

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/trove-db/trove/internal/testkit"
)

// commandInfoDifferences are the commands and subcommands whose COMMAND
// INFO legitimately differs from the reference server, Debian's Redis 7.0:
// Valkey 8 (Redis 7.2 and later) changed them. Each entry says why.
var commandInfoDifferences = map[string]string{
	"client|setinfo":  "added in Redis 7.2 / Valkey 8; the reference (7.0) does not have it",
	"client|no-touch": "added in Redis 7.2 / Valkey 8; the reference (7.0) does not have it",
	// Redis 7.2 lowered the arity so that a command without arguments can
	// be asked about; Valkey 8 has -3.
	"command|getkeys":         "arity -3 in Valkey 8, -4 in Redis 7.0",
	"command|getkeysandflags": "arity -3 in Valkey 8, -4 in Redis 7.0",
	// Redis 7.2 added WITHSCORE, raising the arity's upper bound.
	"zrank":    "arity -3 with WITHSCORE in Valkey 8 / Redis 7.2, 3 in 7.0",
	"zrevrank": "arity -3 with WITHSCORE in Valkey 8 / Redis 7.2, 3 in 7.0",
	// Valkey's command table gives these a response_policy:special tip.
	"randomkey": "Valkey adds the response_policy:special tip",
	"scan":      "Valkey adds the response_policy:special tip",
}

// TestCommandInfoMatchesReference is the gate for every command family:
// the COMMAND INFO entry of each command in trove's table (arity, flags,
// key positions, ACL categories, tips, key specs, and each subcommand that
// trove implements) must equal the reference server's. Subcommands trove
// does not implement yet are not compared; COMMAND COUNT is not compared
// either, since trove has fewer commands for now.
func TestCommandInfoMatchesReference(t *testing.T) {
	ref := testkit.Dial(t, testkit.StartReference(t))
	trove := testkit.Dial(t, testkit.StartTrove(t))

	all, err := readValue(trove, "COMMAND")
	if err != nil {
		t.Fatal(err)
	}
	var mismatches []string
	for _, entry := range all.Elems {
		name := entry.Elems[0].Str
		if _, ok := commandInfoDifferences[name]; ok {
			continue
		}
		want, err := readValue(ref, "COMMAND", "INFO", name)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Elems) != 1 || want.Elems[0].Null {
			mismatches = append(mismatches, name+": unknown to the reference server (add it to commandInfoDifferences with the reason)")
			continue
		}
		mismatches = append(mismatches, compareInfo(name, entry, want.Elems[0])...)
	}
	if len(mismatches) > 0 {
		t.Errorf("COMMAND INFO differs from the reference for %d entries:\n%s", len(mismatches), strings.Join(mismatches, "\n"))
	}
}

// compareInfo compares two COMMAND INFO entries field by field.
func compareInfo(name string, got, want testkit.Value) []string {
	var out []string
	fields := []string{"name", "arity", "flags", "first key", "last key", "step", "acl categories", "tips", "key specs"}
	for i, f := range fields {
		if i >= len(got.Elems) || i >= len(want.Elems) {
			return append(out, name+": entry has "+itoa(len(got.Elems))+" elements, want "+itoa(len(want.Elems)))
		}
		g, w := testkit.Format(got.Elems[i]), testkit.Format(want.Elems[i])
		if g != w {
			out = append(out, name+": "+f+" = "+g+", want "+w)
		}
	}
	if len(got.Elems) < 10 || len(want.Elems) < 10 {
		return out
	}
	wantSubs := map[string]testkit.Value{}
	for _, sub := range want.Elems[9].Elems {
		wantSubs[sub.Elems[0].Str] = sub
	}
	subs := got.Elems[9].Elems
	sort.Slice(subs, func(i, j int) bool { return subs[i].Elems[0].Str < subs[j].Elems[0].Str })
	for _, sub := range subs {
		subName := sub.Elems[0].Str
		if _, ok := commandInfoDifferences[subName]; ok {
			continue
		}
		w, ok := wantSubs[subName]
		if !ok {
			out = append(out, subName+": unknown to the reference server (add it to commandInfoDifferences with the reason)")
			continue
		}
		out = append(out, compareInfo(subName, sub, w)...)
	}
	return out
}

func readValue(c *testkit.Conn, args ...string) (testkit.Value, error) {
	c.Write(testkit.Encode(args...))
	return c.ReadValue()
}

func itoa(n int) string { return strconv.Itoa(n) }
