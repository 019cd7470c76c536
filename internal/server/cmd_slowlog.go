package server

import (
	"github.com/trove-db/trove/internal/command"
)

// slowlogCommands is SLOWLOG: the log of commands that ran longer than
// slowlog-log-slower-than microseconds.
func (s *Server) slowlogCommands() []*command.Spec {
	admin := command.FlagAdmin | command.FlagLoading | command.FlagStale
	return []*command.Spec{{
		Name: "slowlog", Arity: -2, Group: "server", Since: "2.2.12",
		Summary: "Groups the commands that read and clear the slow log.", Complexity: "Depends on subcommand.",
		Subcommands: []*command.Spec{
			{Name: "get", Arity: -2, Flags: admin, Group: "server", Since: "2.2.12",
				Summary: "Replies with the newest entries of the slow log.", Complexity: "O(N) where N is the number of entries returned",
				Tips:    []string{"request_policy:all_nodes", "nondeterministic_output"},
				History: [][2]string{{"4.0.0", "Entries carry the client's address and name."}},
				Args:    []command.Arg{{Name: "count", Type: "integer", Optional: true}},
				Handler: s.slowlogGet},
			{Name: "len", Arity: 2, Flags: admin, Group: "server", Since: "2.2.12",
				Summary: "Replies with the number of entries in the slow log.", Complexity: "O(1)",
				Tips:    []string{"request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"},
				Handler: s.slowlogLen},
			{Name: "reset", Arity: 2, Flags: admin, Group: "server", Since: "2.2.12",
				Summary: "Empties the slow log.", Complexity: "O(N) where N is the number of entries in the slowlog",
				Tips:    []string{"request_policy:all_nodes", "response_policy:all_succeeded"},
				Handler: s.slowlogReset},
			{Name: "help", Arity: 2, Flags: command.FlagLoading | command.FlagStale, Group: "server", Since: "6.2.0",
				Summary: "Lists the SLOWLOG subcommands.", Complexity: "O(1)", Handler: s.slowlogHelp},
		},
	}}
}

// SLOWLOG GET [count]
//
// The count newest entries (10 by default, every entry for -1), newest
// first; each is [id, unix time, microseconds, arguments, client address,
// client name].
func (s *Server) slowlogGet(c *command.Ctx) error {
	count := int64(10)
	if len(c.Args) == 3 {
		n, err := command.Int(c.Args[2])
		if err != nil || n < -1 {
			return command.NewError("ERR count should be greater than or equal to -1")
		}
		count = n
	} else if len(c.Args) > 3 {
		return subcommandSyntax(c)
	}
	entries := s.slowlog.entries
	if count == -1 || count > int64(len(entries)) {
		count = int64(len(entries))
	}
	c.W.Array(int(count))
	for i := 0; i < int(count); i++ {
		e := &entries[len(entries)-1-i]
		c.W.Array(6)
		c.W.Int(e.id)
		c.W.Int(e.at)
		c.W.Int(e.micros)
		c.W.Array(len(e.args))
		for _, a := range e.args {
			c.W.BulkString(a)
		}
		c.W.BulkString(e.addr)
		c.W.BulkString(e.name)
	}
	return nil
}

// SLOWLOG LEN
func (s *Server) slowlogLen(c *command.Ctx) error {
	c.W.Int(int64(len(s.slowlog.entries)))
	return nil
}

// SLOWLOG RESET
func (s *Server) slowlogReset(c *command.Ctx) error {
	s.slowlog.entries = s.slowlog.entries[:0]
	c.W.OK()
	return nil
}

// SLOWLOG HELP
func (s *Server) slowlogHelp(c *command.Ctx) error {
	writeHelp(c, "SLOWLOG",
		"GET [<count>]",
		"    Reply with the <count> newest entries (default 10, -1 for all). Each entry has:",
		"    1. a unique id",
		"    2. the unix time at which it was logged",
		"    3. the run time in microseconds",
		"    4. the command and its arguments",
		"    5. the client's address",
		"    6. the client's name",
		"LEN",
		"    Reply with the number of entries.",
		"RESET",
		"    Empty the slow log.",
	)
	return nil
}
