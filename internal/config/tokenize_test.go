package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		line string
		want []string // nil means the line is refused
	}{
		{"", []string{}},
		{"   \t ", []string{}},
		{"hz 10", []string{"hz", "10"}},
		{"  hz \t 10  ", []string{"hz", "10"}},
		{`requirepass "a b"`, []string{"requirepass", "a b"}},
		{`x "\n\r\t\b\a\\\""`, []string{"x", "\n\r\t\b\a\\\""}},
		{`x "\x41\x7a\x00end"`, []string{"x", "Az\x00end"}},
		{`x "\x4g"`, []string{"x", "x4g"}},         // not two hex digits: \x is x
		{`x "\q"`, []string{"x", "q"}},             // unknown escape: the character
		{`x 'a\'b'`, []string{"x", "a'b"}},         // single quotes know only \'
		{`x 'a\nb'`, []string{"x", `a\nb`}},        // ... and nothing else
		{`x a"b c"d e`, nil},                       // closing quote must end the argument
		{`x a"b c" e`, []string{"x", "ab c", "e"}}, // a quote may open mid-argument
		{`x ""`, []string{"x", ""}},
		{`x '' ''`, []string{"x", "", ""}},
		{`save ""`, []string{"save", ""}},
		{`x "abc`, nil},
		{`x 'abc`, nil},
		{`x "abc"def`, nil},
		{`x 'abc'def`, nil},
		{`x "abc\`, nil},
		{"x \"a\tb\"\tc", []string{"x", "a\tb", "c"}},
		{"x y\x00z w", []string{"x", "y"}}, // the line ends at NUL
		{"x \"y\x00z\"", nil},
		{`# not special here`, []string{"#", "not", "special", "here"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, ok := splitArgs(tt.line)
			if tt.want == nil {
				if ok {
					t.Fatalf("accepted: %q", got)
				}
				return
			}
			if !ok {
				t.Fatal("refused")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"abc", `"abc"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"\n\r\t\a\b", `"\n\r\t\a\b"`},
		{"\x00\x01\x7f\xff", `"\x00\x01\x7f\xff"`},
		{"{title} x", `"{title} x"`},
	}
	for _, tt := range tests {
		if got := quote(tt.in); got != tt.want {
			t.Errorf("quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// checkSplitArgs is the property both the unit test and the fuzz target
// check: splitArgs never panics, and quoting what it returns and splitting
// again gives the same arguments.
func checkSplitArgs(t *testing.T, line string) {
	args, ok := splitArgs(line)
	if !ok {
		return
	}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = quote(a)
	}
	again, ok := splitArgs(strings.Join(quoted, " "))
	if !ok {
		t.Fatalf("re-quoted line refused: %q -> %q", line, quoted)
	}
	if len(again) != len(args) {
		t.Fatalf("%q: %q then %q", line, args, again)
	}
	for i := range args {
		if again[i] != args[i] {
			t.Fatalf("%q: %q then %q", line, args, again)
		}
	}
}

func TestSplitArgsRoundTrip(t *testing.T) {
	for _, line := range []string{`a "b c" 'd e' "\x01\xff" f"g h"`, `"" '' x`, "\t\"\\\\\"\t"} {
		checkSplitArgs(t, line)
	}
}

// FuzzSplitArgs feeds arbitrary lines to the tokenizer. It must never panic,
// and its output must survive a quote-and-split round trip.
func FuzzSplitArgs(f *testing.F) {
	for _, s := range []string{
		"hz 10", `requirepass "a\x41\n"`, `x 'a\'b'`, `x "abc`, `x a"b c" d`, "x \"\\", "\x00", `"\x4`,
		`save ""`, "  bind 127.0.0.1 -::1  ", `'`, `"`, `\`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		checkSplitArgs(t, line)
	})
}
