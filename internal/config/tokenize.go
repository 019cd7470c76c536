package config

import "strings"

// isSpace reports whether b separates arguments on a configuration line:
// the C locale's white space characters.
func isSpace(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

func isHex(b byte) bool {
	return ('0' <= b && b <= '9') || ('a' <= b && b <= 'f') || ('A' <= b && b <= 'F')
}

func hexVal(b byte) byte {
	switch {
	case '0' <= b && b <= '9':
		return b - '0'
	case 'a' <= b && b <= 'f':
		return b - 'a' + 10
	default:
		return b - 'A' + 10
	}
}

// splitArgs splits one configuration line into arguments the way
// valkey-server does:
//
//   - arguments are separated by white space;
//   - "double quoted" arguments understand \n \r \t \b \a \xhh and a
//     backslash before any other character stands for that character;
//   - 'single quoted' arguments understand only \' ;
//   - a quote may open in the middle of an argument (a"b c" is `ab c`), but a
//     closing quote must be followed by white space or the end of the line.
//
// ok is false for an unterminated quote or a closing quote followed by
// something else. The line ends at a NUL byte, as it does for the C parser.
func splitArgs(line string) (args []string, ok bool) {
	if i := strings.IndexByte(line, 0); i >= 0 {
		line = line[:i]
	}
	i, n := 0, len(line)
	for {
		for i < n && isSpace(line[i]) {
			i++
		}
		if i == n {
			if args == nil {
				args = []string{}
			}
			return args, true
		}
		var cur []byte
		inDouble, inSingle := false, false
	token:
		for {
			switch {
			case inDouble:
				if i == n {
					return nil, false
				}
				c := line[i]
				switch {
				case c == '\\' && i+3 < n && line[i+1] == 'x' && isHex(line[i+2]) && isHex(line[i+3]):
					cur = append(cur, hexVal(line[i+2])<<4|hexVal(line[i+3]))
					i += 3
				case c == '\\' && i+1 < n:
					i++
					switch e := line[i]; e {
					case 'n':
						cur = append(cur, '\n')
					case 'r':
						cur = append(cur, '\r')
					case 't':
						cur = append(cur, '\t')
					case 'b':
						cur = append(cur, '\b')
					case 'a':
						cur = append(cur, '\a')
					default:
						cur = append(cur, e)
					}
				case c == '"':
					if i+1 < n && !isSpace(line[i+1]) {
						return nil, false
					}
					i++
					break token
				default:
					cur = append(cur, c)
				}
				i++
			case inSingle:
				if i == n {
					return nil, false
				}
				c := line[i]
				switch {
				case c == '\\' && i+1 < n && line[i+1] == '\'':
					cur = append(cur, '\'')
					i++
				case c == '\'':
					if i+1 < n && !isSpace(line[i+1]) {
						return nil, false
					}
					i++
					break token
				default:
					cur = append(cur, c)
				}
				i++
			default:
				if i == n || isSpace(line[i]) {
					break token
				}
				switch c := line[i]; c {
				case '"':
					inDouble = true
				case '\'':
					inSingle = true
				default:
					cur = append(cur, c)
				}
				i++
			}
		}
		args = append(args, string(cur))
	}
}

// quote returns s in double quotes, escaped so that splitArgs reads it back
// as exactly s: backslash, double quote and the control characters with a
// short escape use it, other bytes outside printable ASCII use \xhh.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		default:
			if c >= 0x20 && c <= 0x7e {
				b.WriteByte(c)
			} else {
				const hex = "0123456789abcdef"
				b.WriteString(`\x`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// trimLine removes the characters valkey-server trims from both ends of a
// configuration line before looking at it.
func trimLine(s string) string {
	return strings.Trim(s, " \t\r\n")
}
