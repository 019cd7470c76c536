// Package glob matches Valkey's glob-style patterns, as KEYS, SCAN MATCH,
// CONFIG GET, PSUBSCRIBE and ACL key patterns use them:
//
//   - any run of bytes, including none
//     ?       any one byte
//     [abc]   one of the listed bytes; [^abc] none of them; [a-z] a range
//     \x      the byte x itself
//
// Matching works on bytes, not runes. The package imports nothing.
package glob

// Match reports whether s matches pattern.
func Match(pattern, s []byte) bool { return match(pattern, s, false) }

// MatchString is Match for strings.
func MatchString(pattern, s string) bool { return match([]byte(pattern), []byte(s), false) }

// MatchFold is Match ignoring ASCII case.
func MatchFold(pattern, s []byte) bool { return match(pattern, s, true) }

// match walks pattern and subject together. On a mismatch after a star it
// retries with the star swallowing one more byte; only the latest star
// matters, which bounds the work by len(p)*len(s) instead of growing
// exponentially with the number of stars.
func match(p, s []byte, fold bool) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			switch c := p[pi]; c {
			case '*':
				starP, starS = pi, si
				pi++
				continue
			case '?':
				pi++
				si++
				continue
			case '[':
				if ok, next := matchClass(p[pi+1:], s[si], fold); ok {
					pi = len(p) - len(next)
					si++
					continue
				}
			case '\\':
				if pi+1 < len(p) {
					c = p[pi+1]
					if sameByte(c, s[si], fold) {
						pi += 2
						si++
						continue
					}
					break
				}
				fallthrough
			default:
				if sameByte(c, s[si], fold) {
					pi++
					si++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		starS++
		pi, si = starP+1, starS
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// matchClass matches c against the class that starts at p (just after the
// '['), returning the pattern after the class. An unterminated class runs
// to the end of the pattern.
func matchClass(p []byte, c byte, fold bool) (bool, []byte) {
	negate := false
	if len(p) > 0 && p[0] == '^' {
		negate = true
		p = p[1:]
	}
	found := false
	for len(p) > 0 && p[0] != ']' {
		switch {
		case p[0] == '\\' && len(p) >= 2:
			if sameByte(p[1], c, fold) {
				found = true
			}
			p = p[2:]
		case len(p) >= 3 && p[1] == '-':
			lo, hi := p[0], p[2]
			if lo > hi {
				lo, hi = hi, lo
			}
			if fold {
				lo, hi = lower(lo), lower(hi)
				if lo <= lower(c) && lower(c) <= hi {
					found = true
				}
			} else if lo <= c && c <= hi {
				found = true
			}
			p = p[3:]
		default:
			if sameByte(p[0], c, fold) {
				found = true
			}
			p = p[1:]
		}
	}
	if len(p) > 0 {
		p = p[1:] // the closing ']'
	}
	return found != negate, p
}

func sameByte(a, b byte, fold bool) bool {
	if fold {
		return lower(a) == lower(b)
	}
	return a == b
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// IsPattern reports whether s contains glob metacharacters, so a caller
// can look a plain name up directly instead of matching every entry.
func IsPattern(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[':
			return true
		}
	}
	return false
}
