package num

// ParseInt parses a canonical decimal integer: what Valkey accepts as an
// integer argument and stores in the int encoding. No spaces, no '+', no
// leading zeros, and within the int64 range.
func ParseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	neg := b[0] == '-'
	digits := b
	if neg {
		digits = b[1:]
		if len(digits) == 0 {
			return 0, false
		}
	}
	if digits[0] == '0' {
		return 0, len(digits) == 1 && !neg
	}
	var n uint64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (1<<64-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if neg {
		if n > 1<<63 {
			return 0, false
		}
		return -int64(n), true
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}
