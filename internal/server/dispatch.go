package server

import (
	"errors"
	"time"

	"github.com/trove-db/trove/internal/command"
)

// execute runs one request. Every check that applies to all commands lives
// here, so handlers never repeat them: lookup, subcommand resolution, arity,
// authentication. Then the handler runs under the keyspace lock and the
// call is accounted (command stats, error stats, slowlog).
func (s *Server) execute(c *conn, args [][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	spec, rejection := s.resolve(c, args)
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

	start := time.Now()
	err := spec.Handler(ctx)
	elapsed := time.Since(start)

	ctx.Args = nil // do not keep the read buffer reachable
	spec.Stats.Calls++
	spec.Stats.Usec += elapsed.Microseconds()
	s.stats.commandsProcessed++
	c.lastCmd = spec.FullName()
	if err != nil {
		spec.Stats.FailedCalls++
		s.replyError(c, err)
	}
	s.slowlog.record(s, c, args, elapsed)
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
	return spec, nil
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
