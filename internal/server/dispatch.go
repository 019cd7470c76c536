package server

import (
	"errors"
	"runtime/debug"
	"time"

	"github.com/trove-db/trove/internal/command"
)

// execute runs one request. Every check that applies to all commands lives
// here, so handlers never repeat them: lookup, subcommand resolution, arity,
// authentication, protected commands, CLIENT PAUSE. Then the handler runs
// under the keyspace lock and the call is accounted: command stats, the
// latency histogram, error stats, the slowlog, the latency monitor and the
// MONITOR feed.
//
// The common path allocates nothing: the spec's names are precomputed, the
// thresholds are cached fields, and the histogram is a slice indexed by a
// few shifts.
func (s *Server) execute(c *conn, args [][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// A reply the client turned off (CLIENT REPLY OFF|SKIP) is written and
	// then cut from the buffer, errors included.
	mark := c.wr.Buffered()
	skip := c.skipNext
	c.skipNext = false
	defer func() {
		if c.replyOff || skip {
			c.wr.Truncate(mark)
		}
	}()

	spec, rejection := s.resolve(c, args)
	for rejection == nil && s.pauses(c, spec) {
		s.waitPause(c)
		if c.killed.Load() {
			return
		}
		spec, rejection = s.resolve(c, args)
	}
	if rejection != nil {
		if spec != nil {
			spec.Stats.RejectedCalls++
		}
		s.replyError(c, rejection)
		return
	}
	s.ks.Tick()
	ctx := &c.ctx
	ctx.Args = args
	ctx.Spec = spec
	ctx.DB = s.ks.DB(c.DB)
	c.lastCmd = spec
	c.commands++

	start := time.Now()
	err := s.call(c, spec)
	elapsed := time.Since(start)
	usec := elapsed.Microseconds()

	spec.Stats.Calls++
	spec.Stats.Usec += usec
	s.stats.commandsProcessed++
	if err != nil {
		spec.Stats.FailedCalls++
		s.replyError(c, err)
	}
	if s.hot.latencyTracking {
		if spec.Stats.Latency == nil {
			spec.Stats.Latency = make([]uint64, histLen)
		}
		histRecord(spec.Stats.Latency, usec)
	}
	if t := s.hot.slowlogThreshold; t >= 0 && usec >= t && spec.Flags&command.FlagSkipSlowlog == 0 {
		s.slowlog.record(c, args, usec, s.hot.slowlogMaxLen)
	}
	if t := s.hot.latencyThreshold; t > 0 && usec/1000 >= t {
		event := "command"
		if spec.Flags&command.FlagFast != 0 {
			event = "fast-command"
		}
		s.latency.add(event, usec/1000)
	}
	if len(s.monitors) > 0 && spec.Flags&(command.FlagAdmin|command.FlagSkipMonitor) == 0 {
		s.feedMonitors(c, spec, args)
	}
	ctx.Args = nil // do not keep the read buffer reachable
}

// call runs the handler and turns a panic into an error reply: a bug in
// one command must cost that command, not the server and every other
// client. What the handler had written is discarded so the client sees one
// well-formed reply; the log gets the stack. Called with mu held.
func (s *Server) call(c *conn, spec *command.Spec) (err error) {
	mark := c.wr.Buffered()
	defer func() {
		if r := recover(); r != nil {
			c.wr.Truncate(mark)
			s.stats.commandPanics++
			s.log.Warningf("=== trove BUG: command '%s' panicked and was aborted: %v\n%s", spec.FullName(), r, debug.Stack())
			err = command.Errorf("ERR internal error while running '%s'; the server logged the details", spec.FullName())
		}
	}()
	return spec.Handler(&c.ctx)
}

// resolve finds the command for args and the reason to refuse it, if any.
// Called with mu held: the table changes under it when modules load.
func (s *Server) resolve(c *conn, args [][]byte) (*command.Spec, error) {
	spec := s.table.Lookup(args[0])
	if spec == nil {
		return nil, command.UnknownCommand(args)
	}
	if len(spec.Subcommands) > 0 && len(args) >= 2 {
		sub := spec.LookupSub(args[1])
		if sub == nil {
			return spec, command.UnknownSubcommand(args[0], args[1])
		}
		spec = sub
	}
	if !spec.CheckArity(len(args)) {
		return spec, command.WrongArity(spec.FullName())
	}
	if !c.Authenticated && spec.Flags&command.FlagNoAuth == 0 {
		return spec, command.ErrNoAuth
	}
	if spec.Flags&command.FlagProtected != 0 {
		if err := s.checkProtected(c, spec); err != nil {
			return spec, err
		}
	}
	return spec, nil
}

// checkProtected applies enable-debug-command and enable-module-command:
// "no" refuses the command, "local" allows it from loopback connections.
func (s *Server) checkProtected(c *conn, spec *command.Spec) error {
	param, what := "enable-debug-command", "DEBUG"
	if spec.Name == "module" || (spec.Parent() != nil && spec.Parent().Name == "module") {
		param, what = "enable-module-command", "MODULE"
	}
	switch s.cfg.String(param) {
	case "yes":
		return nil
	case "local":
		if c.isLocal() {
			return nil
		}
	}
	return command.Errorf("ERR %s command not allowed. If the %s option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.", what, param)
}

// replyError writes err as an error reply and counts it in errorstats.
// Called with mu held.
func (s *Server) replyError(c *conn, err error) {
	var ce *command.Error
	if !errors.As(err, &ce) {
		// A handler failed in a way it did not anticipate; say so plainly
		// rather than inventing a protocol error.
		s.stats.unexpectedErrors++
		s.log.Warningf("Unexpected error from command: %v", err)
		ce = command.Errorf("ERR %s", err.Error())
	}
	s.stats.errorReplies++
	if len(s.stats.errorCodes) < 128 {
		s.stats.errorCodes[ce.Code()]++
	} else if _, ok := s.stats.errorCodes[ce.Code()]; ok {
		s.stats.errorCodes[ce.Code()]++
	}
	c.wr.Error(ce.Error())
}

// pauses reports whether a CLIENT PAUSE in force holds c's command back.
// Under ALL every command waits; under WRITE the commands that may change
// data or be propagated (write, may_replicate) wait. Called with mu held.
func (s *Server) pauses(c *conn, spec *command.Spec) bool {
	if s.pause.until.IsZero() {
		return false
	}
	if !s.pausedLocked(time.Now()) {
		return false
	}
	return s.pause.all || spec.Flags&(command.FlagWrite|command.FlagMayReplicate) != 0
}

// pausedLocked reports whether a pause is in force at now, clearing an
// expired one.
func (s *Server) pausedLocked(now time.Time) bool {
	if s.pause.until.IsZero() {
		return false
	}
	if now.Before(s.pause.until) {
		return true
	}
	s.endPauseLocked()
	return false
}

// endPauseLocked lifts the pause and wakes every waiting client.
func (s *Server) endPauseLocked() {
	s.pause.until = time.Time{}
	s.pause.all = false
	if s.pause.wake != nil {
		close(s.pause.wake)
		s.pause.wake = nil
	}
}

// waitPause releases mu until the pause ends, is lifted or changes, the
// client is killed or the server stops; then it takes mu again. Called with
// mu held.
func (s *Server) waitPause(c *conn) {
	if s.pause.wake == nil {
		s.pause.wake = make(chan struct{})
	}
	wake := s.pause.wake
	t := time.NewTimer(time.Until(s.pause.until))
	s.mu.Unlock()
	select {
	case <-wake:
	case <-t.C:
	case <-c.done:
	case <-s.closing:
		c.killed.Store(true)
	}
	t.Stop()
	s.mu.Lock()
}
