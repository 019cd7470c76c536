package config

import (
	"math"
	"strconv"
	"strings"
)

// kind says how a parameter's text is parsed, printed and stored.
type kind uint8

const (
	kindBool    kind = iota // yes / no
	kindInt                 // decimal integer, strictly formatted
	kindMemory              // byte count with an optional unit (k kb m mb g gb b)
	kindOctal               // octal integer (unixsocketperm)
	kindEnum                // one name out of a fixed list
	kindFlags               // one or more names out of a fixed list, OR-ed
	kindString              // free text
	kindSpecial             // own parser and printer (save, bind, ...)
)

func (k kind) String() string {
	return [...]string{"bool", "int", "memory", "octal", "enum", "flags", "string", "special"}[k]
}

// pflag holds a parameter's properties.
type pflag uint16

const (
	flagImmutable pflag = 1 << iota // CONFIG SET refuses it
	flagProtected                   // CONFIG SET needs enable-protected-configs
	flagHidden                      // CONFIG GET with a glob does not list it
	flagMultiArg                    // takes several arguments on one line
	flagUnsigned                    // 64-bit unsigned: n holds uint64 bits
	flagPercent                     // a memory value that may also be "N%"
	flagSensitive                   // holds a secret (passwords)
)

// enumItem is one accepted name of an enum or flags parameter. Several names
// may share a value; the first one is the name printed.
type enumItem struct {
	name string
	val  int64
}

// value is one parameter's current setting. Which field is meaningful depends
// on the parameter's kind: n for bool (0/1), int, memory (uint64 bits when
// unsigned, minus the percentage when a percentage), octal, enum (item value)
// and flags (OR of item values); s for strings and for the canonical text of
// notify-keyspace-events and dir; x for the immutable structured value of the
// other special parameters. A value is never modified once published.
type value struct {
	n int64
	s string
	x any
}

// Reasons, with valkey-server's wording. Some depend on the parameter and are
// built where they are used.
const (
	reasonWrongArgs    = "wrong number of arguments"
	reasonBadDirective = "Bad directive or wrong number of arguments"
	reasonBool         = "argument must be 'yes' or 'no'"
	reasonInt          = "argument couldn't be parsed into an integer"
	reasonOctal        = "argument couldn't be parsed as an octal number"
	reasonMemory       = "argument must be a memory value"
	reasonMemPercent   = "argument must be a memory or percent value"
	reasonPercentMax   = "percentage argument must be less or equal to 100"
	reasonQuotes       = "Unbalanced quotes in configuration line"
	reasonSentinel     = "sentinel directive while not in sentinel mode"
)

func rangeReason(min, max string) string {
	return "argument must be between " + min + " and " + max + " inclusive"
}

// parseStrictInt parses a decimal integer the way the server's strict
// string-to-integer conversion does: an optional minus sign, no plus sign, no
// leading zeros, no white space, no "-0", and it must fit in an int64.
func parseStrictInt(s string) (int64, bool) {
	if s == "" || len(s) > 20 {
		return 0, false
	}
	if s == "0" {
		return 0, true
	}
	neg := false
	d := s
	if d[0] == '-' {
		neg = true
		d = d[1:]
	}
	if d == "" || d[0] < '1' || d[0] > '9' {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		var ok bool
		if u, ok = addDigit(u, c); !ok {
			return 0, false
		}
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// addDigit returns u*10 + (c-'0') and whether it fits in a uint64.
func addDigit(u uint64, c byte) (uint64, bool) {
	d := uint64(c - '0')
	if u > (math.MaxUint64-d)/10 {
		return u, false
	}
	return u*10 + d, true
}

// parseCInt mimics C's strtoll(s, &end, 10) followed by a check that the
// whole string was consumed: leading white space and a sign are accepted, an
// out-of-range value saturates, and the empty string reads as 0. Several
// multi-argument parameters (save, client-output-buffer-limit,
// oom-score-adj-values, replicaof) parse their numbers this way.
func parseCInt(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var u uint64
	over := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if !over {
			var ok bool
			u, ok = addDigit(u, s[i])
			over = !ok
		}
		i++
	}
	if i == start || i != len(s) {
		return 0, false
	}
	switch {
	case neg && (over || u > 1<<63):
		return math.MinInt64, true
	case neg:
		return -int64(u), true
	case over || u > math.MaxInt64:
		return math.MaxInt64, true
	}
	return int64(u), true
}

// parseMemory parses a byte count: decimal digits followed by an optional,
// case-insensitive unit. k, m and g are powers of 1000; kb, mb and gb powers
// of 1024; b is bytes. As in valkey-server an empty number counts as 0 ("" and
// "kb" both read 0) and a number too large for 64 bits saturates; unlike it, a
// product that overflows 64 bits is rejected instead of wrapping around.
func parseMemory(s string) (uint64, bool) {
	if strings.HasPrefix(s, "-") {
		return 0, false
	}
	d := 0
	for d < len(s) && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	var mul uint64
	switch strings.ToLower(s[d:]) {
	case "", "b":
		mul = 1
	case "k":
		mul = 1000
	case "kb":
		mul = 1024
	case "m":
		mul = 1000 * 1000
	case "mb":
		mul = 1024 * 1024
	case "g":
		mul = 1000 * 1000 * 1000
	case "gb":
		mul = 1024 * 1024 * 1024
	default:
		return 0, false
	}
	if d >= 128 {
		return 0, false
	}
	var u uint64
	for i := 0; i < d; i++ {
		var ok bool
		if u, ok = addDigit(u, s[i]); !ok {
			u = math.MaxUint64
			break
		}
	}
	if u != 0 && mul > math.MaxUint64/u {
		return 0, false
	}
	return u * mul, true
}

// formatMemory prints a byte count for CONFIG REWRITE: in gb, mb or kb when
// it is an exact multiple, in bytes otherwise.
func formatMemory(u uint64) string {
	const kb, mb, gb = 1024, 1024 * 1024, 1024 * 1024 * 1024
	switch {
	case u == 0:
		return "0"
	case u%gb == 0:
		return strconv.FormatUint(u/gb, 10) + "gb"
	case u%mb == 0:
		return strconv.FormatUint(u/mb, 10) + "mb"
	case u%kb == 0:
		return strconv.FormatUint(u/kb, 10) + "kb"
	}
	return strconv.FormatUint(u, 10)
}

// parseBool accepts yes and no in any case.
func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "yes"):
		return true, true
	case strings.EqualFold(s, "no"):
		return false, true
	}
	return false, false
}

func formatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// enumNames lists the accepted names as the error text shows them.
func enumNames(items []enumItem) string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.name
	}
	return strings.Join(names, ", ")
}

func enumReason(items []enumItem) string {
	return "argument(s) must be one of the following: " + enumNames(items)
}

func lookupEnum(items []enumItem, s string) (int64, bool) {
	for _, it := range items {
		if strings.EqualFold(it.name, s) {
			return it.val, true
		}
	}
	return 0, false
}

// enumName returns the first name with value v.
func enumName(items []enumItem, v int64) string {
	for _, it := range items {
		if it.val == v {
			return it.name
		}
	}
	return "unknown"
}

// flagsName prints a flags value: the name of an exact match (which covers
// the zero value), otherwise the names of the set bits in table order.
func flagsName(items []enumItem, v int64) string {
	for _, it := range items {
		if it.val == v {
			return it.name
		}
	}
	var names []string
	rest := v
	for _, it := range items {
		if it.val != 0 && rest&it.val == it.val {
			names = append(names, it.name)
			rest &^= it.val
		}
	}
	if rest != 0 || names == nil {
		return "unknown"
	}
	return strings.Join(names, " ")
}
