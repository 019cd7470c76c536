package server

import (
	"strconv"
	"time"

	"github.com/trove-db/trove/internal/command"
)

// Limits of what a slowlog entry keeps of a command, as Valkey applies them.
const (
	slowlogMaxArgs   = 32
	slowlogMaxArgLen = 128
)

// slowlogEntry is one logged command.
type slowlogEntry struct {
	id         int64
	at         int64 // Unix seconds
	micros     int64
	args       []string
	addr, name string
}

// slowlog keeps the most recent slow commands; guarded by the keyspace lock.
// The thresholds live in Server.hot so that the check on every command is a
// comparison of cached fields.
type slowlog struct {
	entries []slowlogEntry // newest last
	nextID  int64
}

// record logs a command that took usec microseconds, keeping at most maxLen
// entries. Called with mu held, after the caller compared usec with
// slowlog-log-slower-than.
func (l *slowlog) record(c *conn, args [][]byte, usec int64, maxLen int) {
	if maxLen <= 0 {
		l.entries = l.entries[:0]
		return
	}
	e := slowlogEntry{id: l.nextID, at: time.Now().Unix(), micros: usec, addr: c.addr, name: c.Name}
	l.nextID++
	redact := redactedArgs(c.lastCmd, args)
	n := min(len(args), slowlogMaxArgs)
	e.args = make([]string, 0, n)
	for i := 0; i < n; i++ {
		a := args[i]
		switch {
		case i == slowlogMaxArgs-1 && len(args) > slowlogMaxArgs:
			e.args = append(e.args, "... ("+strconv.Itoa(len(args)-slowlogMaxArgs+1)+" more arguments)")
		case redact(i):
			e.args = append(e.args, "(redacted)")
		case len(a) > slowlogMaxArgLen:
			e.args = append(e.args, string(a[:slowlogMaxArgLen])+"... ("+strconv.Itoa(len(a)-slowlogMaxArgLen)+" more bytes)")
		default:
			e.args = append(e.args, string(a))
		}
	}
	l.entries = append(l.entries, e)
	l.trim(maxLen)
}

// trim drops the oldest entries beyond maxLen (CONFIG SET slowlog-max-len).
func (l *slowlog) trim(maxLen int) {
	if over := len(l.entries) - max(maxLen, 0); over > 0 {
		l.entries = append(l.entries[:0], l.entries[over:]...)
	}
}

// redactedArgs returns which arguments of a command must not be shown in
// the slowlog or to MONITOR clients: passwords. The common case returns a
// function that is always false.
func redactedArgs(spec *command.Spec, args [][]byte) func(int) bool {
	if spec == nil {
		return noRedaction
	}
	switch spec.FullName() {
	case "auth":
		return func(i int) bool { return i >= 1 }
	case "hello":
		for i := 2; i+2 < len(args); i++ {
			if command.Is(args[i], "AUTH") {
				at := i
				return func(j int) bool { return j == at+1 || j == at+2 }
			}
		}
	case "config|set":
		return func(i int) bool {
			return i >= 3 && i%2 == 1 && sensitiveParam(args[i-1])
		}
	}
	return noRedaction
}

func noRedaction(int) bool { return false }

// sensitiveParam reports parameters whose values are secrets.
func sensitiveParam(name []byte) bool {
	return command.Is(name, "REQUIREPASS") || command.Is(name, "MASTERAUTH") ||
		command.Is(name, "TLS-KEY-FILE-PASS") || command.Is(name, "TLS-CLIENT-KEY-FILE-PASS")
}
