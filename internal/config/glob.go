package config

// globMatch reports whether name matches pattern, with the server's glob
// rules: * matches any run of characters, ? any one character, [abc] [a-z]
// [^abc] a class, and a backslash makes the next character literal. With
// nocase, letters match either case (a backslash-escaped character inside a
// class is compared exactly, as the server does).
//
// The matcher backtracks only to the most recent star, so it runs in
// O(len(pattern) * len(name)) whatever the pattern.
func globMatch(pattern, name string, nocase bool) bool {
	pi, ni := 0, 0
	starP, starN := -1, 0
	for ni < len(name) {
		if pi < len(pattern) && pattern[pi] == '*' {
			for pi < len(pattern) && pattern[pi] == '*' {
				pi++
			}
			if pi == len(pattern) {
				return true
			}
			starP, starN = pi, ni
			continue
		}
		if pi < len(pattern) {
			if ok, next := matchOne(pattern, pi, name[ni], nocase); ok {
				pi = next
				ni++
				continue
			}
		}
		if starP < 0 {
			return false
		}
		starN++
		pi, ni = starP, starN
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// matchOne matches the single pattern element at pattern[i] (not a star)
// against c, and returns the index of the next element.
func matchOne(pattern string, i int, c byte, nocase bool) (bool, int) {
	eq := func(a, b byte) bool {
		if nocase {
			return lower(a) == lower(b)
		}
		return a == b
	}
	switch pattern[i] {
	case '?':
		return true, i + 1
	case '\\':
		if i+1 < len(pattern) {
			return eq(pattern[i+1], c), i + 2
		}
		return eq('\\', c), i + 1
	case '[':
		i++
		not := i < len(pattern) && pattern[i] == '^'
		if not {
			i++
		}
		match := false
		for i < len(pattern) && pattern[i] != ']' {
			switch {
			case pattern[i] == '\\' && i+1 < len(pattern):
				i++
				if pattern[i] == c {
					match = true
				}
			case i+2 < len(pattern) && pattern[i+1] == '-':
				lo, hi, cc := pattern[i], pattern[i+2], c
				if lo > hi {
					lo, hi = hi, lo
				}
				if nocase {
					lo, hi, cc = lower(lo), lower(hi), lower(cc)
				}
				if cc >= lo && cc <= hi {
					match = true
				}
				i += 2
			default:
				if eq(pattern[i], c) {
					match = true
				}
			}
			i++
		}
		if i < len(pattern) {
			i++ // the closing bracket; an unclosed class runs to the end
		}
		if not {
			match = !match
		}
		return match, i
	default:
		return eq(pattern[i], c), i + 1
	}
}

// hasGlob reports whether a CONFIG GET argument is a pattern rather than a
// name: the server looks a name up directly, which also finds hidden
// parameters.
func hasGlob(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[':
			return true
		}
	}
	return false
}
