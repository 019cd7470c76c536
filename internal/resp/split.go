package resp

import "bytes"

// SplitArgs splits an inline request line into words, appending them to
// args. Words are separated by white space and may be quoted: "..." with the
// escapes \n \r \t \b \a \xhh and \<any>, or '...' where only \' is special.
// A closing quote must be followed by white space or the end of the line.
// Unescaping happens in place, so the words alias line. ok is false for
// unbalanced quotes.
//
// The rules are Valkey's, which splits a C string: a NUL byte ends the line,
// and a word ends only at a space, tab, CR or LF, while \v and \f count as
// white space between words and after a closing quote.
func SplitArgs(line []byte, args [][]byte) (_ [][]byte, ok bool) {
	if nul := bytes.IndexByte(line, 0); nul >= 0 {
		line = line[:nul]
	}
	i := 0
	for {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i >= len(line) {
			return args, true
		}
		w := i // unescaped bytes are written at w, which never passes i
		start := w
		inDouble, inSingle := false, false
	word:
		for ; i < len(line); i++ {
			c := line[i]
			switch {
			case inDouble:
				switch {
				case c == '\\' && i+3 < len(line) && line[i+1] == 'x' && isHex(line[i+2]) && isHex(line[i+3]):
					line[w] = unhex(line[i+2])<<4 | unhex(line[i+3])
					w++
					i += 3
				case c == '\\' && i+1 < len(line):
					i++
					line[w] = unescape(line[i])
					w++
				case c == '"':
					if i+1 < len(line) && !isSpace(line[i+1]) {
						return args, false
					}
					inDouble = false
					i++
					break word
				default:
					line[w] = c
					w++
				}
			case inSingle:
				switch {
				case c == '\\' && i+1 < len(line) && line[i+1] == '\'':
					i++
					line[w] = '\''
					w++
				case c == '\'':
					if i+1 < len(line) && !isSpace(line[i+1]) {
						return args, false
					}
					inSingle = false
					i++
					break word
				default:
					line[w] = c
					w++
				}
			default:
				switch {
				case endsWord(c):
					break word
				case c == '"':
					inDouble = true
				case c == '\'':
					inSingle = true
				default:
					line[w] = c
					w++
				}
			}
		}
		if inDouble || inSingle {
			return args, false // the line ended inside quotes
		}
		args = append(args, line[start:w:w])
	}
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'a':
		return '\a'
	}
	return c
}

// endsWord reports whether c ends an unquoted word.
func endsWord(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// isSpace is C's isspace in the C locale.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
