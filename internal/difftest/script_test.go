package difftest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/testkit"
)

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want Step
		err  string
	}{
		{line: `SET k v`, want: Step{Args: []string{"SET", "k", "v"}}},
		{line: `SET "a b" 'c\'d' "\x41\n"`, want: Step{Args: []string{"SET", "a b", "c'd", "A\n"}}},
		{line: `!sort KEYS *`, want: Step{Args: []string{"KEYS", "*"}, Sort: true}},
		{line: `!type TIME`, want: Step{Args: []string{"TIME"}, Shape: true}},
		{line: `!error-prefix GET`, want: Step{Args: []string{"GET"}, ErrorPrefix: true}},
		{line: `!skip-reference !sort SET k v IFEQ v`, want: Step{Args: []string{"SET", "k", "v", "IFEQ", "v"}, SkipReference: true, Sort: true}},
		{line: `!sleep 150`, want: Step{Sleep: 150 * time.Millisecond}},
		{line: `!resp3`, want: Step{Args: []string{"HELLO", "3"}, Shape: true, Proto: 3}},
		{line: `!resp2`, want: Step{Args: []string{"HELLO", "2"}, Shape: true, Proto: 2}},
		{line: `hello 3 SETNAME x`, want: Step{Args: []string{"hello", "3", "SETNAME", "x"}, Proto: 3}},
		{line: `!sleep`, err: "!sleep wants milliseconds"},
		{line: `!sleep 0`, err: "!sleep wants milliseconds"},
		{line: `!sleep 999999`, err: "!sleep wants milliseconds"},
		{line: `!sort !sleep 10`, err: "!sleep takes no other directive"},
		{line: `!resp3 x`, err: "stands alone"},
		{line: `!sort !type KEYS *`, err: "do not combine"},
		{line: `!nosuch GET k`, err: "unknown directive !nosuch"},
		{line: `!sort`, err: "directive without a command"},
		{line: `SET "k v`, err: "unbalanced quotes"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			got, err := parseLine(tc.line)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseScriptLines(t *testing.T) {
	steps, err := ParseScript("x.txt", []byte("# comment\n\n  SET k v  \n!sleep 5\nGET k\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 3 || steps[0].Line != 3 || steps[0].Text != "SET k v" || steps[2].Line != 5 {
		t.Fatalf("steps %+v", steps)
	}
	if _, err := ParseScript("x.txt", []byte("GET k\n!bad\n")); err == nil || !strings.HasPrefix(err.Error(), "x.txt:2: ") {
		t.Fatalf("error %v, want one at x.txt:2", err)
	}
}

func bulk(s string) testkit.Value { return testkit.Value{Type: '$', Str: s} }

func TestNormalize(t *testing.T) {
	arr := testkit.Value{Type: '*', Elems: []testkit.Value{bulk("b"), {Type: '*', Elems: []testkit.Value{bulk("z"), bulk("y")}}, bulk("a")}}
	m := testkit.Value{Type: '%', Elems: []testkit.Value{bulk("server"), bulk("valkey"), bulk("id"), {Type: ':', Int: 7}}}
	errv := testkit.Value{Type: '-', Str: "WRONGTYPE Operation against a key"}
	for _, tc := range []struct {
		name string
		st   Step
		v    testkit.Value
		want string
	}{
		{"plain", Step{}, arr, `["b", ["z", "y"], "a"]`},
		{"sort", Step{Sort: true}, arr, `["a", "b", ["y", "z"]]`},
		{"sort map", Step{Sort: true}, m, `{"id": (integer) 7, "server": "valkey"}`},
		{"shape", Step{Shape: true}, arr, `[(bulk), [(bulk), (bulk)], (bulk)]`},
		{"shape map", Step{Shape: true}, m, `{"server": (bulk), "id": (integer)}`},
		{"shape null", Step{Shape: true}, testkit.Value{Type: '$', Null: true}, `(nil)`},
		{"shape error", Step{Shape: true}, errv, `(error) WRONGTYPE`},
		{"error prefix", Step{ErrorPrefix: true}, errv, `(error) WRONGTYPE`},
		{"error prefix on a non-error", Step{ErrorPrefix: true}, bulk("x"), `"x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Normalize(tc.st, tc.v); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestExpectedRoundTrip(t *testing.T) {
	steps, err := ParseScript("x.txt", []byte("SET k v\n!sleep 1\n!skip-reference GET k\n"))
	if err != nil {
		t.Fatal(err)
	}
	entries := []Entry{{Text: "SET k v", Reply: "OK"}, {Text: "!skip-reference GET k", Reply: `"v"`}}
	data := FormatExpected(entries)
	back, err := ParseExpected("x.out", data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, entries) {
		t.Fatalf("round trip: %+v", back)
	}
	if _, err := Align(steps, back); err != nil {
		t.Fatal(err)
	}
	if _, err := Align(steps, back[:1]); err == nil {
		t.Fatal("Align accepted a missing entry")
	}
	if _, err := Align(steps, []Entry{{Text: "SET k w"}, entries[1]}); err == nil {
		t.Fatal("Align accepted a changed line")
	}
	if got := KeptReplies(back); !reflect.DeepEqual(got, map[string][]string{"!skip-reference GET k": {`"v"`}}) {
		t.Fatalf("kept %v", got)
	}
	for _, bad := range []string{"  -> OK\n", "SET k v\nGET k\n  -> OK\n", "SET k v\n"} {
		if _, err := ParseExpected("x.out", []byte(bad)); err == nil {
			t.Errorf("ParseExpected accepted %q", bad)
		}
	}
}
