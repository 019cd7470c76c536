package glob

import "testing"

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
