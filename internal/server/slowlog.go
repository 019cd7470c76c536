package server

import (
	"github.com/trove-db/trove/internal/command"
	"strconv"
	"time"
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
type slowlog struct {
	entries []slowlogEntry // newest last
	nextID  int64
}

// record logs the command if it ran longer than slowlog-log-slower-than.
// Called with mu held.
func (l *slowlog) record(s *Server, c *conn, args [][]byte, elapsed time.Duration) {
	threshold := s.cfg.Int("slowlog-log-slower-than")
	if threshold < 0 || elapsed.Microseconds() < threshold {
		return
	}
	if c.ctx.Spec != nil && c.ctx.Spec.Flags&command.FlagSkipSlowlog != 0 {
		return
	}
	maxLen := int(s.cfg.Int("slowlog-max-len"))
	if maxLen <= 0 {
		l.entries = l.entries[:0]
		return
	}
	e := slowlogEntry{id: l.nextID, at: time.Now().Unix(), micros: elapsed.Microseconds(), addr: c.addr, name: c.Name}
	l.nextID++
	n := min(len(args), slowlogMaxArgs)
	for i := 0; i < n; i++ {
		a := args[i]
		if i == slowlogMaxArgs-1 && len(args) > slowlogMaxArgs {
			e.args = append(e.args, "... ("+strconv.Itoa(len(args)-slowlogMaxArgs+1)+" more arguments)")
			break
		}
		if len(a) > slowlogMaxArgLen {
			e.args = append(e.args, string(a[:slowlogMaxArgLen])+"... ("+strconv.Itoa(len(a)-slowlogMaxArgLen)+" more bytes)")
			continue
		}
		e.args = append(e.args, string(a))
	}
	l.entries = append(l.entries, e)
	if over := len(l.entries) - maxLen; over > 0 {
		l.entries = append(l.entries[:0], l.entries[over:]...)
	}
}
