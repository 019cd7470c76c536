package num

import (
	"math"
	"strconv"
)

// ParseFloat parses a double the way Valkey reads float arguments: the
// whole text must be a number (no surrounding spaces), "inf", "+inf" and
// "-inf" are allowed in any case, NaN is not.
func ParseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 5*1024 || isSpace(b[0]) || isSpace(b[len(b)-1]) {
		return 0, false
	}
	for _, c := range b {
		if c == '_' {
			return 0, false // Go accepts digit separators; C's strtod does not
		}
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		// Overflow and underflow to zero are errors too, as in Valkey.
		return 0, false
	}
	if math.IsNaN(f) {
		return 0, false
	}
	if f == 0 && nonZeroMantissa(b) {
		// strconv rounds an underflow to zero without an error; strtod
		// reports it, and Valkey rejects such text (1e-400, 2e-324).
		return 0, false
	}
	return f, true
}

// nonZeroMantissa reports whether the digits before the exponent of a
// decimal or 0x hexadecimal number include one that is not zero.
func nonZeroMantissa(b []byte) bool {
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		b = b[1:]
	}
	hex := len(b) > 1 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')
	if hex {
		b = b[2:]
	}
	for _, c := range b {
		switch {
		case hex && (c == 'p' || c == 'P'), !hex && (c == 'e' || c == 'E'):
			return false
		case c == '.' || c == '0':
		default:
			return true
		}
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
