package config

import (
	"math"
	"strconv"
	"strings"
)

// param describes one configuration parameter. The table of params is built
// once (see table.go) and never modified; every feature of the package —
// file parsing, command line, CONFIG GET, CONFIG SET and CONFIG REWRITE —
// reads it.
type param struct {
	name    string
	aliases []string
	kind    kind
	flags   pflag
	def     string // the default, as a config file would spell it
	min     int64  // bounds for kindInt, kindMemory and kindOctal
	max     int64  // ignored when flagUnsigned is set
	items   []enumItem

	// check validates a string value; it returns a reason or "".
	check func(string) string
	// checkFlags validates a flags value; it returns a reason or "".
	checkFlags func(int64) string
	// fix normalises an accepted integer (hz is clamped to 1..500).
	fix func(int64) int64
	// sp implements kindSpecial.
	sp *special

	index int // position in the table
}

// special is the behaviour of a parameter that is not a plain scalar.
type special struct {
	// parse reads the arguments that follow the name. old is the current
	// value; ld is the file being loaded, or nil for CONFIG SET.
	parse func(args []string, old value, ld *loader) (value, string)
	// get prints the value as CONFIG GET shows it.
	get func(v value) string
	// rewrite returns the lines CONFIG REWRITE writes for the value. A line
	// marked force is added to the file even when the option had no line.
	rewrite func(p *param, v, def value) []rwLine
}

// rwLine is one line produced for CONFIG REWRITE.
type rwLine struct {
	text  string
	force bool
}

func (p *param) is(f pflag) bool { return p.flags&f != 0 }

// parse turns the arguments that follow the parameter name into a value, or
// returns the reason they are not acceptable. Parameters without
// flagMultiArg always get exactly one argument.
func (p *param) parse(args []string, old value, ld *loader) (value, string) {
	if p.kind == kindSpecial {
		return p.sp.parse(args, old, ld)
	}
	if p.kind == kindFlags {
		return p.parseFlags(args)
	}
	s := args[0]
	switch p.kind {
	case kindBool:
		b, ok := parseBool(s)
		if !ok {
			return value{}, reasonBool
		}
		if b {
			return value{n: 1}, ""
		}
		return value{}, ""
	case kindInt:
		n, ok := parseStrictInt(s)
		if !ok {
			return value{}, reasonInt
		}
		return p.bounded(n)
	case kindOctal:
		u, err := strconv.ParseUint(s, 8, 63)
		if err != nil {
			return value{}, reasonOctal
		}
		if int64(u) < p.min || int64(u) > p.max {
			return value{}, rangeReason(strconv.FormatInt(p.min, 8), strconv.FormatInt(p.max, 8))
		}
		return value{n: int64(u)}, ""
	case kindMemory:
		return p.parseMemory(s)
	case kindEnum:
		n, ok := lookupEnum(p.items, s)
		if !ok {
			return value{}, enumReason(p.items)
		}
		return value{n: n}, ""
	case kindString:
		if p.check != nil {
			if r := p.check(s); r != "" {
				return value{}, r
			}
		}
		return value{s: s}, ""
	}
	panic("config: unknown kind for " + p.name)
}

func (p *param) bounded(n int64) (value, string) {
	if n < p.min || n > p.max {
		return value{}, rangeReason(strconv.FormatInt(p.min, 10), strconv.FormatInt(p.max, 10))
	}
	if p.fix != nil {
		n = p.fix(n)
	}
	return value{n: n}, ""
}

func (p *param) parseMemory(s string) (value, string) {
	if p.is(flagPercent) && len(s) > 1 && s[len(s)-1] == '%' {
		if n, ok := parseStrictInt(s[:len(s)-1]); ok && n >= 0 {
			// A percentage is stored as its negation.
			if -n < p.min {
				return value{}, reasonPercentMax
			}
			return value{n: -n}, ""
		}
	}
	u, ok := parseMemory(s)
	if !ok {
		if p.is(flagPercent) {
			return value{}, reasonMemPercent
		}
		return value{}, reasonMemory
	}
	if p.is(flagUnsigned) {
		return value{n: int64(u)}, ""
	}
	if u > math.MaxInt64 {
		return value{}, rangeReason(strconv.FormatInt(p.min, 10), strconv.FormatInt(p.max, 10))
	}
	return p.bounded(int64(u))
}

func (p *param) parseFlags(args []string) (value, string) {
	if len(args) == 0 {
		return value{}, enumReason(p.items)
	}
	var n int64
	for _, a := range args {
		v, ok := lookupEnum(p.items, a)
		if !ok {
			return value{}, enumReason(p.items)
		}
		n |= v
	}
	if p.checkFlags != nil {
		if r := p.checkFlags(n); r != "" {
			return value{}, r
		}
	}
	return value{n: n}, ""
}

// get prints v as CONFIG GET shows it.
func (p *param) get(v value) string {
	switch p.kind {
	case kindBool:
		return formatBool(v.n != 0)
	case kindInt:
		return strconv.FormatInt(v.n, 10)
	case kindMemory:
		if p.is(flagUnsigned) {
			return strconv.FormatUint(uint64(v.n), 10)
		}
		if v.n < 0 {
			return strconv.FormatInt(-v.n, 10) + "%"
		}
		return strconv.FormatInt(v.n, 10)
	case kindOctal:
		return strconv.FormatInt(v.n, 8)
	case kindEnum:
		return enumName(p.items, v.n)
	case kindFlags:
		return flagsName(p.items, v.n)
	case kindString:
		return v.s
	case kindSpecial:
		return p.sp.get(v)
	}
	panic("config: unknown kind for " + p.name)
}

// rewrite returns the lines CONFIG REWRITE writes for v; def is the default.
func (p *param) rewrite(v, def value) []rwLine {
	if p.kind == kindSpecial {
		return p.sp.rewrite(p, v, def)
	}
	force := p.get(v) != p.get(def)
	var text string
	switch p.kind {
	case kindString:
		text = quote(v.s)
	case kindMemory:
		switch {
		case p.is(flagUnsigned):
			text = formatMemory(uint64(v.n))
		case v.n < 0:
			text = strconv.FormatInt(-v.n, 10) + "%"
		default:
			text = formatMemory(uint64(v.n))
		}
	default:
		text = p.get(v)
	}
	return []rwLine{{text: p.name + " " + text, force: force}}
}

// entry is what a name (canonical or alias) resolves to.
type entry struct {
	p     *param
	name  string // the name as the table spells it
	alias bool
}

// lookup finds a parameter by name or alias, ignoring case.
func lookup(name string) (entry, bool) {
	e, ok := byName[name]
	if !ok {
		e, ok = byName[strings.ToLower(name)]
	}
	return e, ok
}
