package server

import (
	"time"

	"github.com/trove-db/trove/internal/command"
)

// serverMiscCommands are SHUTDOWN, TIME and LOLWUT.
func (s *Server) serverMiscCommands() []*command.Spec {
	return []*command.Spec{
		{Name: "shutdown", Arity: -1,
			Flags: command.FlagAdmin | command.FlagNoScript | command.FlagLoading | command.FlagStale | command.FlagNoMulti | command.FlagAllowBusy,
			Group: "server", Since: "1.0.0", Summary: "Stops the server, saving first unless told not to.",
			Complexity: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
			History:    [][2]string{{"7.0.0", "Added the NOW, FORCE and ABORT modifiers."}},
			Args: []command.Arg{
				{Name: "save-selector", Type: "oneof", Optional: true, Args: []command.Arg{
					{Name: "nosave", Type: "pure-token", Token: "NOSAVE"}, {Name: "save", Type: "pure-token", Token: "SAVE"}}},
				{Name: "now", Type: "pure-token", Token: "NOW", Since: "7.0.0", Optional: true},
				{Name: "force", Type: "pure-token", Token: "FORCE", Since: "7.0.0", Optional: true},
				{Name: "abort", Type: "pure-token", Token: "ABORT", Since: "7.0.0", Optional: true},
			},
			Handler: s.shutdown},
		{Name: "time", Arity: 1, Flags: command.FlagLoading | command.FlagStale | command.FlagFast,
			Group: "server", Since: "2.6.0", Summary: "Replies with the server's clock.", Complexity: "O(1)",
			Tips: []string{"nondeterministic_output"}, Handler: s.timeCmd},
		{Name: "lolwut", Arity: -1, Flags: command.FlagReadonly | command.FlagFast,
			Group: "server", Since: "5.0.0", Summary: "Replies with the server's version.", Complexity: "",
			Args:    []command.Arg{{Name: "version", Type: "integer", Token: "VERSION", Optional: true}},
			Handler: s.lolwut},
	}
}

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
//
// Stops the server: the process running it sees ShutdownRequested closed,
// and the client's connection closes without a reply. Nothing is saved
// yet: persistence arrives later, so an explicit SAVE fails unless FORCE
// says to stop anyway. No shutdown ever waits (there are no replicas to
// wait for), so ABORT always finds none in progress.
func (s *Server) shutdown(c *command.Ctx) error {
	var nosave, save, abort, force bool
	for _, a := range c.Args[1:] {
		switch {
		case command.Is(a, "NOSAVE"):
			nosave = true
		case command.Is(a, "SAVE"):
			save = true
		case command.Is(a, "NOW"):
		case command.Is(a, "FORCE"):
			force = true
		case command.Is(a, "ABORT"):
			abort = true
		default:
			return command.ErrSyntax
		}
	}
	if (abort && len(c.Args) != 2) || (nosave && save) {
		return command.ErrSyntax
	}
	if abort {
		return command.NewError("ERR No shutdown in progress.")
	}
	if save && !force {
		s.log.Warningf("Error trying to save the DB: persistence is not available yet; SHUTDOWN SAVE FORCE stops without saving")
		return command.NewError("ERR Errors trying to SHUTDOWN. Check logs.")
	}
	s.log.Warningf("User requested shutdown...")
	s.shutdownOnce.Do(func() { close(s.shutdownRequested) })
	if cn := s.connOf(c); cn != nil {
		cn.closeAfterReply = true
	}
	return nil
}

// TIME
//
// The Unix time in seconds and the microseconds within the second, as two
// bulk strings.
func (s *Server) timeCmd(c *command.Ctx) error {
	now := time.Now()
	c.W.Array(2)
	c.W.BulkInt(now.Unix())
	c.W.BulkInt(int64(now.Nanosecond() / 1000))
	return nil
}

// LOLWUT [VERSION version]
//
// Valkey draws computer art here; trove replies with its version line.
func (s *Server) lolwut(c *command.Ctx) error {
	if len(c.Args) == 3 && command.Is(c.Args[1], "VERSION") {
		if _, err := command.Int(c.Args[2]); err != nil {
			return err
		}
	}
	c.W.Verbatim("txt", "Valkey ver. "+Version+"\n")
	return nil
}
