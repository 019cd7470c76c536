package server_test

import (
	"strings"
	"testing"

	"github.com/trove-db/trove/internal/testkit"
)

func TestCommandMatchesReference(t *testing.T) {
	trove, ref := startPair(t)
	sameAsReference(t, trove, ref, [][]string{
		{"COMMAND", "GETKEYS", "set", "k", "v"},
		{"COMMAND", "GETKEYSANDFLAGS", "set", "k", "v"},
		{"COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "GET"},
		{"COMMAND", "GETKEYSANDFLAGS", "get", "k"},
		{"COMMAND", "GETKEYS", "del", "a", "b", "c"},
		{"COMMAND", "GETKEYS", "nosuch", "a"},
		{"COMMAND", "GETKEYS", "get", "a", "b"},
		{"COMMAND", "GETKEYS", "config", "get"},
		{"COMMAND", "GETKEYS", "client", "list"},
		{"COMMAND", "GETKEYS", "client", "nosuch"},
		{"COMMAND", "INFO", "nosuch", "get"},
		{"COMMAND", "INFO", "config|get", "CLIENT|ID", "nosuch|x"},
		{"COMMAND", "DOCS", "nosuch"},
		{"COMMAND", "COUNT", "x"},
		{"COMMAND", "FOO"},
		{"COMMAND", "LIST", "foo"},
		{"COMMAND", "LIST", "FILTERBY"},
		{"COMMAND", "LIST", "FILTERBY", "aclcat"},
		{"COMMAND", "LIST", "FILTERBY", "aclcat", "nosuchcat"},
		{"COMMAND", "LIST", "FILTERBY", "module", "x"},
		{"COMMAND", "LIST", "FILTERBY", "pattern", "latency|hist*y"},
		{"COMMAND", "LIST", "FILTERBY", "pattern", "CONFIG|G?T"},
	})
}

func TestCommandReplies(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	runRows(t, c, []row{
		{[]string{"COMMAND", "INFO", "get"}, `[["get", (integer) 2, [readonly, fast], (integer) 1, (integer) 1, (integer) 1, [@read, @string, @fast], [], [["flags", [RO, access], "begin_search", ["type", "index", "spec", ["index", (integer) 1]], "find_keys", ["type", "range", "spec", ["lastkey", (integer) 0, "keystep", (integer) 1, "limit", (integer) 0]]]], []]]`},
		{[]string{"COMMAND", "DOCS", "client|setname"}, `["client|setname", ["summary", "Names this connection.", "since", "2.6.9", "group", "connection", "complexity", "O(1)", "arguments", [["name", "connection-name", "type", "string"]]]]`},
		// Valkey 8 gives COMMAND GETKEYS arity -3 (Redis 7.0: -4), so a
		// command without arguments reaches the key extraction.
		{[]string{"COMMAND", "GETKEYS", "get"}, "(error) ERR Invalid number of arguments specified for command"},
		{[]string{"COMMAND", "GETKEYS", "ping"}, "(error) ERR The command has no key arguments"},
		{[]string{"COMMAND", "GETKEYS"}, "(error) ERR wrong number of arguments for 'command|getkeys' command"},
	})
	list := c.Do("COMMAND", "LIST")
	for _, name := range []string{`"client|list"`, `"get"`, `"config|set"`, `"command|docs"`} {
		if !strings.Contains(list, name) {
			t.Errorf("COMMAND LIST lacks %s", name)
		}
	}
	count := c.Do("COMMAND", "COUNT")
	all, err := readValue(c, "COMMAND")
	if err != nil {
		t.Fatal(err)
	}
	if count != "(integer) "+itoa(len(all.Elems)) {
		t.Errorf("COMMAND COUNT = %s, COMMAND has %d entries", count, len(all.Elems))
	}
	// RESP3: sets for flags, categories, tips and key specs; maps in docs.
	c.Do("HELLO", "3")
	if got := c.Do("COMMAND", "INFO", "client|id"); got != `[["client|id", (integer) 2, ~[noscript, loading, stale], (integer) 0, (integer) 0, (integer) 0, ~[@slow, @connection], ~[], ~[], ~[]]]` {
		t.Errorf("RESP3 COMMAND INFO client|id = %s", got)
	}
	if got := c.Do("COMMAND", "DOCS", "time"); got != `{"time": {"summary": "Replies with the server's clock.", "since": "2.6.0", "group": "server", "complexity": "O(1)"}}` {
		t.Errorf("RESP3 COMMAND DOCS time = %s", got)
	}
}

// COMMAND DOCS lists the same arguments structure as the reference for the
// commands of this package that did not change after Redis 7.0.
func TestCommandDocsArgumentsMatchReference(t *testing.T) {
	trove, ref := startPair(t)
	// CONFIG GET and SET, and COMMAND GETKEYS, changed after 7.0; trove
	// follows Valkey 8 there.
	for _, name := range []string{"slowlog|get", "latency|history", "client|pause", "client|setname", "info", "time"} {
		t.Run(name, func(t *testing.T) {
			got, err := readValue(trove, "COMMAND", "DOCS", name)
			if err != nil {
				t.Fatal(err)
			}
			want, err := readValue(ref, "COMMAND", "DOCS", name)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := docArgs(got), docArgs(want); g != w {
				t.Errorf("arguments\n got %s\nwant %s", g, w)
			}
		})
	}
}

// docArgs extracts the "arguments" element of a one-command DOCS reply.
func docArgs(v testkit.Value) string {
	if len(v.Elems) < 2 {
		return "(none)"
	}
	doc := v.Elems[1].Elems
	for i := 0; i+1 < len(doc); i += 2 {
		if doc[i].Str == "arguments" {
			return testkit.Format(doc[i+1])
		}
	}
	return "(none)"
}
