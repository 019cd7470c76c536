package num

import (
	"strings"
	"testing"
)

// incrByFloat runs the INCRBYFLOAT computation: parse the stored value and
// the increment, add, format. It returns the error text Valkey would give.
func incrByFloat(value, incr string) string {
	v, ok := ParseLongDouble([]byte(value))
	if !ok {
		return "ERR value is not a valid float"
	}
	d, ok := ParseLongDouble([]byte(incr))
	if !ok {
		return "ERR value is not a valid float"
	}
	sum, ok := v.Add(d)
	if !ok {
		return "ERR increment would produce NaN or Infinity"
	}
	return string(sum.AppendHuman(nil))
}

// The expected results were taken from redis-server 7.0 on x86-64 (SET f
// value, INCRBYFLOAT f incr); Valkey 8 computes INCRBYFLOAT the same way.
func TestIncrByFloatLikeValkey(t *testing.T) {
	tests := []struct {
		value, incr, want string
	}{
		{"0", "0.1", "0.1"},
		{"0.1", "0.2", "0.3"},
		{"10.5", "0.1", "10.6"},
		{"1", "1e20", "100000000000000000000"},
		{"5.0e3", "2.0e2", "5200"},
		{"3.0", "-3", "0"},
		{"-1.5", "0.5", "-1"},
		{"1.1", "2.2", "3.3"},
		{"123456789.123456789", "0", "123456789.12345678899873747"},
		{"0", "1e-17", "0.00000000000000001"},
		{"0", "5e-18", "0"},
		{"0", "4e-18", "0"},
		{"0", "6e-18", "0.00000000000000001"},
		{"0", "-5e-18", "0"},
		{"0", "0x1p-60", "0"},
		// 2^-18 has exactly 18 decimals ending in 5: ties round to even.
		{"0", "0.000003814697265625", "0.00000381469726562"},
		{"0", "3.6e-4951", "0"},
		{"0", "1.9e-4951", "0"},
		{"0", "1.8e-4951", "ERR value is not a valid float"},
		{"0", "1e-4950", "0"},
		{"9223372036854775807", "1", "9223372036854775808"},
		{"18446744073709551616", "0.1", "18446744073709551616"},
		{"0.3333333333333333333333", "0", "0.33333333333333333"},
		{"2.5e-17", "0", "0.00000000000000002"},
		{"1.5e-17", "0", "0.00000000000000002"},
		{"0", "1.18973149535723176508e+4932", "ERR value is not a valid float"},
		{"0", "0x1.fffffffffffffffffp16383", "ERR value is not a valid float"},
		{"0", "0X.8P1", "1"},
		{"+5", "-.5", "4.5"},
		{"1e", "0", "ERR value is not a valid float"},
		{"1.e5", "0", "100000"},
		{".e5", "0", "ERR value is not a valid float"},
		{"0e999999999", "1", "1"},
		{"1e-99999999", "1", "ERR value is not a valid float"},
		{"-", "1", "ERR value is not a valid float"},
		{"1", "-inf", "ERR increment would produce NaN or Infinity"},
		{"1", "INFINITY", "ERR increment would produce NaN or Infinity"},
		{"inf", "-inf", "ERR increment would produce NaN or Infinity"},
		{"1", "nan", "ERR value is not a valid float"},
		{"1", "0x", "ERR value is not a valid float"},
		{"1", "0x.p1", "ERR value is not a valid float"},
		{"1", "0xg", "ERR value is not a valid float"},
		{"1", "1e+", "ERR value is not a valid float"},
		{"1", "1e+5", "100001"},
		{"1", "1_0", "ERR value is not a valid float"},
		{"1", "1.5.5", "ERR value is not a valid float"},
		{"1", "00.001", "1.001"},
		{"1", "-0", "1"},
		{"-0", "-0", "0"},
		{" 1", "1", "ERR value is not a valid float"},
		{"1 ", "1", "ERR value is not a valid float"},
		{"1", "", "ERR value is not a valid float"},
		{"2\x00x", "1", "ERR value is not a valid float"},
		{"1", strings.Repeat("0", 5119), "1"},
		{"1", strings.Repeat("0", 5120), "ERR value is not a valid float"},
	}
	for _, tt := range tests {
		t.Run(tt.value+"+"+tt.incr, func(t *testing.T) {
			if got := incrByFloat(tt.value, tt.incr); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Large results print every integer digit of the binary value.
func TestIncrByFloatLargeValues(t *testing.T) {
	tests := []struct {
		value, incr, prefix string
		digits              int
	}{
		{"1e308", "1e308", "1999999999999999999933717593116912913211", 309},
		{"1.7976931348623157e308", "1", "1797693134862315699959210467741044340483", 309},
		{"0", "1.18973149535723176502e+4932", "1189731495357231765021263853030970205169", 4933},
		{"0", "0x1.fffffffffffffffep16383", "1189731495357231765021263853030970205169", 4933},
	}
	for _, tt := range tests {
		t.Run(tt.value+"+"+tt.incr, func(t *testing.T) {
			got := incrByFloat(tt.value, tt.incr)
			if !strings.HasPrefix(got, tt.prefix) || len(got) != tt.digits {
				t.Errorf("got %.50q... (%d chars), want %q... (%d chars)", got, len(got), tt.prefix, tt.digits)
			}
		})
	}
	// Doubling the largest value overflows.
	if got := incrByFloat("1.18973149535723176502e+4932", "1.18973149535723176502e+4932"); got != "ERR increment would produce NaN or Infinity" {
		t.Errorf("max+max = %q", got)
	}
}

func TestLongDoubleFromInt(t *testing.T) {
	for _, n := range []int64{0, 1, -1, 1 << 62, -1 << 63, 1<<63 - 1} {
		x := LongDoubleFromInt(n)
		want := incrByFloat("0", string(appendInt(nil, n)))
		if got := string(x.AppendHuman(nil)); got != want {
			t.Errorf("%d: got %q, want %q", n, got, want)
		}
	}
}

func appendInt(b []byte, n int64) []byte {
	if n == 0 {
		return append(b, '0')
	}
	var tmp [24]byte
	i := len(tmp)
	u := uint64(n)
	if n < 0 {
		u = -u
	}
	for u > 0 {
		i--
		tmp[i] = byte('0' + u%10)
		u /= 10
	}
	if n < 0 {
		i--
		tmp[i] = '-'
	}
	return append(b, tmp[i:]...)
}

func FuzzParseLongDouble(f *testing.F) {
	for _, s := range []string{"1", "0.1", "-1e10", "0x1p3", "inf", "nan", "1e-4951", "1e4932", ".5", "1e", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, ok := ParseLongDouble([]byte(s))
		if !ok {
			return
		}
		if x.IsInf() {
			return
		}
		// Formatting and re-adding zero must never fail on a parsed value.
		sum, ok := x.Add(LongDoubleFromInt(0))
		if !ok {
			t.Fatalf("%q parsed but adding 0 failed", s)
		}
		out := sum.AppendHuman(nil)
		if _, ok := ParseLongDouble(out); !ok && len(out) < ldMaxChars {
			t.Fatalf("%q printed as %q, which does not parse", s, out)
		}
	})
}
