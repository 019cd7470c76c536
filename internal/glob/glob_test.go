package glob

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "anything", true},
		{"h?llo", "hello", true},
		{"h?llo", "hllo", false},
		{"h*llo", "heeeello", true},
		{"h*llo", "hllo", true},
		{"h[ae]llo", "hallo", true},
		{"h[ae]llo", "hillo", false},
		{"h[^e]llo", "hallo", true},
		{"h[^e]llo", "hello", false},
		{"h[a-b]llo", "hbllo", true},
		{"h[a-b]llo", "hcllo", false},
		{"h[b-a]llo", "hbllo", true},
		{`h\*llo`, "h*llo", true},
		{`h\*llo`, "hello", false},
		{`h[\]]llo`, "h]llo", true},
		{"user:*:name", "user:42:name", true},
		{"user:*:name", "user:42:age", false},
		{"a*b*c", "abc", true},
		{"a*b*c", "acb", false},
		{"[abc", "a", true},
		{"", "", true},
		{"", "x", false},
		{"x", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"~"+tt.s, func(t *testing.T) {
			if got := MatchString(tt.pattern, tt.s); got != tt.want {
				t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
			}
		})
	}
}

func TestMatchFold(t *testing.T) {
	if !MatchFold([]byte("MAX*"), []byte("maxmemory")) {
		t.Error("MatchFold should ignore case")
	}
	if !MatchFold([]byte("[A-C]x"), []byte("bX")) {
		t.Error("MatchFold should ignore case in ranges")
	}
	if Match([]byte("MAX*"), []byte("maxmemory")) {
		t.Error("Match must be case-sensitive")
	}
}

func TestManyStarsTerminates(t *testing.T) {
	p := make([]byte, 0, 64)
	for i := 0; i < 30; i++ {
		p = append(p, 'a', '*')
	}
	p = append(p, 'b')
	s := make([]byte, 40)
	for i := range s {
		s[i] = 'a'
	}
	if Match(p, s) {
		t.Error("pattern needing a 'b' matched")
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("h*[a-z]?\\x", "hello")
	f.Fuzz(func(t *testing.T, p, s string) {
		Match([]byte(p), []byte(s))
	})
}

func TestMatchCases(t *testing.T) {
	tests := []struct {
		pattern, name string
		nocase, want  bool
	}{
		{"*", "", false, true},
		{"*", "anything", false, true},
		{"a*", "abc", false, true},
		{"a*", "bac", false, false},
		{"*c", "abc", false, true},
		{"a*c", "ac", false, true},
		{"a*b*c", "axxbyyc", false, true},
		{"a*b*c", "axxbyy", false, false},
		{"a**c", "abc", false, true},
		{"h?", "hz", false, true},
		{"h?", "h", false, false},
		{"h?", "hzz", false, false},
		{"[abc]x", "bx", false, true},
		{"[abc]x", "dx", false, false},
		{"[^abc]x", "dx", false, true},
		{"[^abc]x", "ax", false, false},
		{"[a-c]", "b", false, true},
		{"[c-a]", "b", false, true}, // reversed range
		{"[a-c]", "d", false, false},
		{"[\\]]", "]", false, true},
		{"[\\-]", "-", false, true},
		{"[abc", "b", false, true}, // an unclosed class runs to the end
		{"[]", "a", false, false},
		{"[^]", "a", false, true},
		{"\\*", "*", false, true},
		{"\\*", "a", false, false},
		{"a\\", "a\\", false, true},
		{"hz\\", "hz", false, false},
		{"PORT", "port", true, true},
		{"PORT", "port", false, false},
		{"[A-C]x", "bx", true, true},
		{"[A-C]x", "bx", false, false},
		{"*max*", "maxmemory-policy", true, true},
		{"*-ziplist-*", "hash-max-ziplist-entries", false, true},
		{"?", "", false, false},
		{"[a]", "", false, false},
		{strings.Repeat("*a", 30) + "b", strings.Repeat("a", 60), false, false}, // no blow-up
	}
	for _, tt := range tests {
		match := Match
		if tt.nocase {
			match = MatchFold
		}
		if got := match([]byte(tt.pattern), []byte(tt.name)); got != tt.want {
			t.Errorf("match(%q, %q, nocase=%v) = %v, want %v", tt.pattern, tt.name, tt.nocase, got, tt.want)
		}
	}
}
