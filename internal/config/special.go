package config

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// This file holds the parameters whose values are not a single scalar.

// SavePoint is one "save <seconds> <changes>" rule: snapshot when at least
// Changes writes happened in the last Seconds seconds.
type SavePoint struct {
	Seconds int64
	Changes int64
}

// ClientClass indexes the client-output-buffer-limit classes.
type ClientClass int

const (
	ClientNormal  ClientClass = iota // ordinary clients
	ClientReplica                    // replicas ("slave" or "replica" in the config)
	ClientPubSub                     // clients subscribed to a channel or pattern
)

// BufferLimit is the output buffer limit of one client class: the client is
// disconnected once its buffer reaches Hard bytes, or stays at or above Soft
// bytes for SoftSeconds seconds. Zero means no limit.
type BufferLimit struct {
	Hard        uint64
	Soft        uint64
	SoftSeconds int64
}

// ---- save ------------------------------------------------------------------

const reasonSave = "Invalid save parameters"

func parseSave(args []string, old value, ld *loader) (value, string) {
	if len(args) == 1 && args[0] == "" {
		// save "" removes every rule.
		if ld != nil {
			ld.saveSeen = true
		}
		return value{x: []SavePoint(nil)}, ""
	}
	if len(args)%2 != 0 {
		return value{}, reasonSave
	}
	pts := make([]SavePoint, 0, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		sec, ok1 := parseCInt(args[i])
		chg, ok2 := parseCInt(args[i+1])
		if !ok1 || !ok2 || sec < 1 || chg < 0 {
			return value{}, reasonSave
		}
		pts = append(pts, SavePoint{Seconds: sec, Changes: chg})
	}
	if ld == nil {
		// CONFIG SET replaces the rules.
		return value{x: pts}, ""
	}
	// While loading, the first save line replaces the defaults and the
	// following ones add to it.
	if !ld.saveSeen {
		ld.saveSeen = true
		return value{x: pts}, ""
	}
	prev := old.x.([]SavePoint)
	all := make([]SavePoint, 0, len(prev)+len(pts))
	all = append(append(all, prev...), pts...)
	return value{x: all}, ""
}

func getSave(v value) string {
	pts := v.x.([]SavePoint)
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatInt(p.Seconds, 10))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(p.Changes, 10))
	}
	return b.String()
}

func rewriteSave(p *param, v, _ value) []rwLine {
	pts := v.x.([]SavePoint)
	if len(pts) == 0 {
		return []rwLine{{text: `save ""`, force: true}}
	}
	lines := make([]rwLine, len(pts))
	for i, pt := range pts {
		lines[i] = rwLine{text: "save " + strconv.FormatInt(pt.Seconds, 10) + " " + strconv.FormatInt(pt.Changes, 10), force: true}
	}
	return lines
}

// ---- client-output-buffer-limit ---------------------------------------------

const (
	reasonCOBArgs  = "Wrong number of arguments in buffer limit configuration."
	reasonCOBClass = "Invalid client class specified in buffer limit configuration."
	reasonCOBValue = "Error in hard, soft or soft_seconds setting in buffer limit configuration."
)

func parseClientClass(s string) (ClientClass, bool) {
	switch strings.ToLower(s) {
	case "normal":
		return ClientNormal, true
	case "slave", "replica":
		return ClientReplica, true
	case "pubsub":
		return ClientPubSub, true
	}
	return 0, false
}

func parseCOB(args []string, old value, _ *loader) (value, string) {
	if len(args)%4 != 0 {
		return value{}, reasonCOBArgs
	}
	limits := old.x.([3]BufferLimit)
	for i := 0; i < len(args); i += 4 {
		class, ok := parseClientClass(args[i])
		if !ok {
			return value{}, reasonCOBClass
		}
		hard, ok1 := parseMemory(args[i+1])
		soft, ok2 := parseMemory(args[i+2])
		secs, ok3 := parseCInt(args[i+3])
		if !ok1 || !ok2 || !ok3 || secs < 0 {
			return value{}, reasonCOBValue
		}
		limits[class] = BufferLimit{Hard: hard, Soft: soft, SoftSeconds: secs}
	}
	return value{x: limits}, ""
}

var cobGetNames = [3]string{"normal", "slave", "pubsub"}
var cobRewriteNames = [3]string{"normal", "replica", "pubsub"}

func getCOB(v value) string {
	limits := v.x.([3]BufferLimit)
	var b strings.Builder
	for i, l := range limits {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(cobGetNames[i])
		b.WriteByte(' ')
		b.WriteString(strconv.FormatUint(l.Hard, 10))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatUint(l.Soft, 10))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(l.SoftSeconds, 10))
	}
	return b.String()
}

func rewriteCOB(p *param, v, def value) []rwLine {
	limits, defs := v.x.([3]BufferLimit), def.x.([3]BufferLimit)
	lines := make([]rwLine, 3)
	for i, l := range limits {
		lines[i] = rwLine{
			text: p.name + " " + cobRewriteNames[i] + " " + formatMemory(l.Hard) + " " +
				formatMemory(l.Soft) + " " + strconv.FormatInt(l.SoftSeconds, 10),
			force: l != defs[i],
		}
	}
	return lines
}

// ---- oom-score-adj-values --------------------------------------------------

const reasonOOMValues = "Invalid oom-score-adj-values, elements must be between -2000 and 2000."

func parseOOMValues(args []string, _ value, _ *loader) (value, string) {
	if len(args) != 3 {
		return value{}, reasonWrongArgs
	}
	var vals [3]int
	for i, a := range args {
		n, ok := parseCInt(a)
		if !ok || n < -2000 || n > 2000 {
			return value{}, reasonOOMValues
		}
		vals[i] = int(n)
	}
	return value{x: vals}, ""
}

func getOOMValues(v value) string {
	vals := v.x.([3]int)
	return strconv.Itoa(vals[0]) + " " + strconv.Itoa(vals[1]) + " " + strconv.Itoa(vals[2])
}

// ---- notify-keyspace-events --------------------------------------------------

// Keyspace notification classes. These bit values are private to the package;
// NotifyKeyspaceEvents hands out the canonical letters.
const (
	notifyKeyspace = 1 << iota // K
	notifyKeyevent             // E
	notifyGeneric              // g
	notifyString               // $
	notifyList                 // l
	notifySet                  // s
	notifyHash                 // h
	notifyZset                 // z
	notifyExpired              // x
	notifyEvicted              // e
	notifyStream               // t
	notifyModule               // d
	notifyKeyMiss              // m
	notifyNew                  // n

	notifyAll = notifyGeneric | notifyString | notifyList | notifySet | notifyHash |
		notifyZset | notifyExpired | notifyEvicted | notifyStream | notifyModule // A
)

const reasonNotify = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."

// notifyOrder lists the class letters in the order CONFIG GET prints them.
var notifyOrder = []struct {
	c   byte
	bit int64
}{
	{'g', notifyGeneric}, {'$', notifyString}, {'l', notifyList}, {'s', notifySet},
	{'h', notifyHash}, {'z', notifyZset}, {'x', notifyExpired}, {'e', notifyEvicted},
	{'t', notifyStream}, {'d', notifyModule}, {'n', notifyNew},
}

func parseNotifyFlags(s string) (int64, bool) {
	var f int64
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'A':
			f |= notifyAll
		case 'K':
			f |= notifyKeyspace
		case 'E':
			f |= notifyKeyevent
		case 'm':
			f |= notifyKeyMiss
		default:
			found := false
			for _, o := range notifyOrder {
				if o.c == s[i] {
					f |= o.bit
					found = true
					break
				}
			}
			if !found {
				return 0, false
			}
		}
	}
	return f, true
}

// notifyText prints flags the way CONFIG GET does. When every class of A
// is set it prints A, and then, like valkey-server, leaves out n.
func notifyText(f int64) string {
	var b []byte
	if f&notifyAll == notifyAll {
		b = append(b, 'A')
	} else {
		for _, o := range notifyOrder {
			if f&o.bit != 0 {
				b = append(b, o.c)
			}
		}
	}
	if f&notifyKeyspace != 0 {
		b = append(b, 'K')
	}
	if f&notifyKeyevent != 0 {
		b = append(b, 'E')
	}
	if f&notifyKeyMiss != 0 {
		b = append(b, 'm')
	}
	return string(b)
}

func parseNotify(args []string, _ value, _ *loader) (value, string) {
	f, ok := parseNotifyFlags(args[0])
	if !ok {
		return value{}, reasonNotify
	}
	return value{n: f, s: notifyText(f)}, ""
}

func getNotify(v value) string { return v.s }

func rewriteNotify(p *param, v, _ value) []rwLine {
	return []rwLine{{text: p.name + " " + quote(v.s), force: v.n != 0}}
}

// ---- bind ----------------------------------------------------------------

// maxBindAddrs is how many addresses bind accepts.
const maxBindAddrs = 16

func parseBind(args []string, _ value, _ *loader) (value, string) {
	if len(args) == 1 && args[0] == "" {
		args = nil
	}
	if len(args) > maxBindAddrs {
		return value{}, "Too many bind addresses specified."
	}
	return value{x: append([]string(nil), args...)}, ""
}

func getBind(v value) string { return strings.Join(v.x.([]string), " ") }

func rewriteBind(p *param, v, def value) []rwLine {
	if getBind(v) == getBind(def) {
		return nil // at the default the line goes away
	}
	addrs := v.x.([]string)
	if len(addrs) == 0 {
		return []rwLine{{text: p.name + ` ""`, force: true}}
	}
	return []rwLine{{text: p.name + " " + strings.Join(addrs, " "), force: true}}
}

// ---- replicaof -------------------------------------------------------------

// primary is the value of replicaof: the address this server replicates from.
type primary struct {
	host string
	port int
}

func parseReplicaOf(args []string, _ value, _ *loader) (value, string) {
	if len(args) != 2 {
		return value{}, reasonWrongArgs
	}
	if strings.EqualFold(args[0], "no") && strings.EqualFold(args[1], "one") {
		return value{x: primary{}}, ""
	}
	port, ok := parseCInt(args[1])
	if !ok || port < 0 || port > 65535 {
		return value{}, "Invalid master port"
	}
	return value{x: primary{host: args[0], port: int(port)}}, ""
}

func getReplicaOf(v value) string {
	pr := v.x.(primary)
	if pr.host == "" {
		return ""
	}
	return pr.host + " " + strconv.Itoa(pr.port)
}

func rewriteReplicaOf(p *param, v, _ value) []rwLine {
	if v.x.(primary).host == "" {
		return nil
	}
	return []rwLine{{text: p.name + " " + getReplicaOf(v), force: true}}
}

// ---- latency-tracking-info-percentiles -------------------------------------

func parsePercentiles(args []string, _ value, _ *loader) (value, string) {
	if len(args) == 1 && args[0] == "" {
		args = nil
	}
	ps := make([]float64, 0, len(args))
	for _, a := range args {
		f, err := strconv.ParseFloat(a, 64)
		if err != nil {
			return value{}, "Invalid latency-tracking-info-percentiles parameters"
		}
		if f < 0 || f > 100 {
			return value{}, "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"
		}
		ps = append(ps, f)
	}
	return value{x: ps}, ""
}

// formatPercentile prints f with six decimals and no trailing zeros.
func formatPercentile(f float64) string {
	s := strconv.FormatFloat(f, 'f', 6, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func getPercentiles(v value) string {
	ps := v.x.([]float64)
	parts := make([]string, len(ps))
	for i, f := range ps {
		parts[i] = formatPercentile(f)
	}
	return strings.Join(parts, " ")
}

func rewritePercentiles(p *param, v, def value) []rwLine {
	text := getPercentiles(v)
	if text == "" {
		text = `""`
	}
	return []rwLine{{text: p.name + " " + text, force: getPercentiles(v) != getPercentiles(def)}}
}

// ---- dir -------------------------------------------------------------------

// parseDir accepts an existing directory. A relative path is taken relative
// to the current value, as a chdir would; the value is kept absolute. This
// package does not change the process's working directory: the server does
// that when it starts and from an OnChange("dir") hook.
func parseDir(args []string, old value, _ *loader) (value, string) {
	d := args[0]
	if !filepath.IsAbs(d) {
		d = filepath.Join(old.s, d)
	}
	d = filepath.Clean(d)
	fi, err := os.Stat(d)
	if err != nil {
		return value{}, errnoText(err)
	}
	if !fi.IsDir() {
		return value{}, errnoText(syscall.ENOTDIR)
	}
	return value{s: d}, ""
}

func getDir(v value) string { return v.s }

func rewriteDir(p *param, v, _ value) []rwLine {
	return []rwLine{{text: p.name + " " + quote(v.s), force: true}}
}

// errnoText returns the C library's message for the error number inside err
// ("No such file or directory"), or err's text when it holds none.
func errnoText(err error) string {
	var en syscall.Errno
	if errors.As(err, &en) {
		s := en.Error()
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			s = string(s[0]-'a'+'A') + s[1:]
		}
		return s
	}
	return err.Error()
}
