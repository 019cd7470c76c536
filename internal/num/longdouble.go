package num

import (
	"math/big"
)

// INCRBYFLOAT computes in C's long double, which on the x86-64 machines
// Valkey runs on is the x87 80-bit extended format: a 64-bit significand
// and a binary exponent from -16382 to 16383 (plus subnormals down to
// 2^-16445). LongDouble reproduces that arithmetic with math/big so that
// INCRBYFLOAT gives the same digits as Valkey on every platform.

const (
	ldPrec = 64 // significand bits of the x87 extended format
	// ldMaxExp is the first MantExp exponent that overflows: the largest
	// finite value is just below 2^16384.
	ldMaxExp = 16384
	// ldMinExp is the MantExp exponent of the smallest normal value,
	// 2^-16382; anything smaller is subnormal.
	ldMinExp = -16381
	// ldSubnormalExp is the weight of the least subnormal bit, 2^-16445.
	ldSubnormalExp = -16445
	// ldMaxChars bounds the text Valkey accepts as a long double.
	ldMaxChars = 5 * 1024
)

// LongDouble is a value of the emulated long double type: finite, or an
// infinity. NaN never appears: parsing rejects it and Add reports it.
type LongDouble struct {
	f big.Float
}

func newLD() *LongDouble {
	x := new(LongDouble)
	x.f.SetPrec(ldPrec).SetMode(big.ToNearestEven)
	return x
}

// LongDoubleFromInt returns n exactly (64 bits hold any int64).
func LongDoubleFromInt(n int64) *LongDouble {
	x := newLD()
	x.f.SetInt64(n)
	return x
}

// IsInf reports whether x is an infinity.
func (x *LongDouble) IsInf() bool { return x.f.IsInf() }

// ParseLongDouble reads b as Valkey reads a long double argument or stored
// value: what C's strtold accepts (decimal or 0x hexadecimal with an
// optional exponent, inf and infinity in any case, an optional sign), with
// the whole text consumed and no leading space. NaN, values that overflow
// and values so small they round to zero are rejected, as is text of 5 KiB
// or more.
func ParseLongDouble(b []byte) (*LongDouble, bool) {
	if len(b) == 0 || len(b) >= ldMaxChars || isSpace(b[0]) {
		return nil, false
	}
	neg := false
	s := b
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		s = s[1:]
	}
	if isInfText(s) {
		x := newLD()
		x.f.SetInf(neg)
		return x, true
	}
	var r *big.Rat
	var ok bool
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		r, ok = parseHexRat(s[2:])
	} else {
		r, ok = parseDecRat(s)
	}
	if !ok {
		return nil, false
	}
	x := newLD()
	if r == nil || r.Sign() == 0 {
		// An exact zero is a valid value (no underflow happened).
		if neg {
			x.f.Neg(&x.f)
		}
		return x, true
	}
	if !x.setRat(r) {
		return nil, false
	}
	if neg {
		x.f.Neg(&x.f)
	}
	return x, true
}

// setRat rounds the positive rational r to the long double format. It
// fails on overflow and when r rounds to zero, which strtold reports as a
// range error that Valkey treats as invalid input.
func (x *LongDouble) setRat(r *big.Rat) bool {
	x.f.SetRat(r)
	exp := x.f.MantExp(nil)
	if exp > ldMaxExp {
		return false
	}
	if exp >= ldMinExp {
		return true
	}
	// Subnormal range: the value is a whole multiple of 2^-16445, rounded
	// to nearest with ties to even. Scale, round exactly, scale back.
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), -ldSubnormalExp)))
	q, m := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	switch c := new(big.Int).Lsh(m, 1).Cmp(scaled.Denom()); {
	case c > 0, c == 0 && q.Bit(0) == 1:
		q.Add(q, big.NewInt(1))
	}
	if q.Sign() == 0 {
		return false
	}
	x.f.SetInt(q)
	x.f.SetMantExp(&x.f, ldSubnormalExp)
	return true
}

// isInfText reports whether s is "inf" or "infinity" in any letter case.
func isInfText(s []byte) bool {
	eq := func(s []byte, w string) bool {
		if len(s) != len(w) {
			return false
		}
		for i := range s {
			c := s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[i] {
				return false
			}
		}
		return true
	}
	return eq(s, "inf") || eq(s, "infinity")
}

// parseDecRat parses digits[.digits][(e|E)[+-]digits], at least one
// mantissa digit, into a non-negative rational; nil means zero.
func parseDecRat(s []byte) (*big.Rat, bool) {
	i := 0
	var digits []byte // significant digits, leading zeros dropped
	fracDigits := 0
	seen := false
	for ; i < len(s) && isDigit(s[i]); i++ {
		seen = true
		if len(digits) > 0 || s[i] != '0' {
			digits = append(digits, s[i])
		}
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && isDigit(s[i]); i++ {
			seen = true
			if len(digits) > 0 || s[i] != '0' {
				digits = append(digits, s[i])
			}
			fracDigits++
		}
	}
	if !seen {
		return nil, false
	}
	exp10, j, ok := parseExponent(s[i:], 'e', 'E')
	if !ok {
		return nil, false
	}
	if i+j != len(s) {
		return nil, false
	}
	if len(digits) == 0 {
		return nil, true
	}
	// value = digits × 10^e, digits read as an integer; fracDigits counts
	// every fraction digit consumed, leading zeros of the fraction included.
	e := exp10 - int64(fracDigits)
	// Decide far overflow and underflow without building huge numbers: the
	// value lies in [10^(len-1+e), 10^(len+e)); the largest long double is
	// about 1.19e4932 and half the smallest subnormal about 1.8e-4951.
	mag := int64(len(digits)) + e
	if mag > 4934 {
		return nil, false
	}
	if mag < -4952 {
		return nil, false
	}
	m, _ := new(big.Int).SetString(string(digits), 10)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(abs64(e)), nil)
	r := new(big.Rat)
	if e >= 0 {
		return r.SetInt(m.Mul(m, p)), true
	}
	return r.SetFrac(m, p), true
}

// parseHexRat parses hexdigits[.hexdigits][(p|P)[+-]digits] (after the
// 0x), at least one mantissa digit, into a non-negative rational.
func parseHexRat(s []byte) (*big.Rat, bool) {
	i := 0
	m := new(big.Int)
	fracDigits := 0
	seen := false
	for ; i < len(s) && hexVal(s[i]) >= 0; i++ {
		seen = true
		m.Lsh(m, 4).Or(m, big.NewInt(int64(hexVal(s[i]))))
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && hexVal(s[i]) >= 0; i++ {
			seen = true
			m.Lsh(m, 4).Or(m, big.NewInt(int64(hexVal(s[i]))))
			fracDigits++
		}
	}
	if !seen {
		return nil, false
	}
	exp2, j, ok := parseExponent(s[i:], 'p', 'P')
	if !ok || i+j != len(s) {
		return nil, false
	}
	if m.Sign() == 0 {
		return nil, true
	}
	e := exp2 - 4*int64(fracDigits)
	if int64(m.BitLen())+e > ldMaxExp+1 || int64(m.BitLen())+e < ldSubnormalExp-2 {
		return nil, false
	}
	r := new(big.Rat).SetInt(m)
	pow := new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(abs64(e))))
	if e >= 0 {
		return r.Mul(r, pow), true
	}
	return r.Quo(r, pow), true
}

// parseExponent reads an optional exponent marker, sign and digits from
// the start of s. Like strtod, a marker without digits is not part of the
// number (n = 0). The value saturates far beyond any meaningful exponent.
func parseExponent(s []byte, lower, upper byte) (exp int64, n int, ok bool) {
	if len(s) == 0 || (s[0] != lower && s[0] != upper) {
		return 0, 0, true
	}
	i := 1
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for ; i < len(s) && isDigit(s[i]); i++ {
		if exp < 1e9 {
			exp = exp*10 + int64(s[i]-'0')
		}
	}
	if i == start {
		return 0, 0, true
	}
	if neg {
		exp = -exp
	}
	return exp, i, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// Add returns x+y rounded to the long double format; ok is false when the
// sum is NaN or an infinity (INCRBYFLOAT's "would produce NaN or Infinity").
func (x *LongDouble) Add(y *LongDouble) (sum *LongDouble, ok bool) {
	if x.f.IsInf() || y.f.IsInf() {
		return nil, false
	}
	z := newLD()
	z.f.Add(&x.f, &y.f)
	if z.f.Sign() != 0 && z.f.MantExp(nil) > ldMaxExp {
		return nil, false
	}
	// Sums of long doubles below the normal range are exact multiples of
	// the least subnormal, so no further rounding is needed there.
	return z, true
}

// AppendHuman appends x as Valkey prints INCRBYFLOAT results: fixed
// notation with 17 digits after the point (rounded half to even on the
// exact binary value, as glibc's printf does), then trailing zeros and a
// bare point removed, and "-0" printed as "0". x must be finite.
func (x *LongDouble) AppendHuman(dst []byte) []byte {
	start := len(dst)
	dst = x.f.Append(dst, 'f', 17)
	// Trim the fraction: there is always a point with 17 digits after it.
	end := len(dst)
	for end > start && dst[end-1] == '0' {
		end--
	}
	if end > start && dst[end-1] == '.' {
		end--
	}
	dst = dst[:end]
	if len(dst)-start == 2 && dst[start] == '-' && dst[start+1] == '0' {
		dst = append(dst[:start], '0')
	}
	return dst
}
