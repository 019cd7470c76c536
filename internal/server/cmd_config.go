package server

import (
	"errors"

	"github.com/trove-db/trove/internal/command"
	"github.com/trove-db/trove/internal/config"
)

// configCommands is CONFIG. Its subcommands work on internal/config; the
// parameters the server applies at runtime take effect through the hooks
// watchSettings registered.
func (s *Server) configCommands() []*command.Spec {
	admin := command.FlagAdmin | command.FlagNoScript | command.FlagLoading | command.FlagStale
	return []*command.Spec{{
		Name: "config", Arity: -2, Group: "server", Since: "2.0.0",
		Summary: "Groups the commands that read and change the configuration.", Complexity: "Depends on subcommand.",
		Subcommands: []*command.Spec{
			{Name: "get", Arity: -3, Flags: admin, Group: "server", Since: "2.0.0",
				Summary:    "Replies with the values of the parameters that match the patterns.",
				Complexity: "O(N) when N is the number of configuration parameters provided",
				History:    [][2]string{{"7.0.0", "Accepts several patterns."}},
				Args:       []command.Arg{{Name: "parameter", Type: "string", Multiple: true}},
				Handler:    s.configGet},
			{Name: "set", Arity: -4, Flags: admin, Group: "server", Since: "2.0.0",
				Summary:    "Changes parameters at runtime, all of them or none.",
				Complexity: "O(N) when N is the number of configuration parameters provided",
				Tips:       []string{"request_policy:all_nodes", "response_policy:all_succeeded"},
				History:    [][2]string{{"7.0.0", "Accepts several parameter-value pairs."}},
				Args: []command.Arg{{Name: "data", Type: "block", Multiple: true, Args: []command.Arg{
					{Name: "parameter", Type: "string"}, {Name: "value", Type: "string"}}}},
				Handler: s.configSet},
			{Name: "rewrite", Arity: 2, Flags: admin, Group: "server", Since: "2.8.0",
				Summary: "Writes the running configuration back to the configuration file.", Complexity: "O(1)",
				Handler: s.configRewrite},
			{Name: "resetstat", Arity: 2, Flags: admin, Group: "server", Since: "2.0.0",
				Summary: "Zeroes the statistics INFO reports.", Complexity: "O(1)",
				Handler: s.configResetStat},
			{Name: "help", Arity: 2, Flags: command.FlagLoading | command.FlagStale, Group: "server", Since: "5.0.0",
				Summary: "Lists the CONFIG subcommands.", Complexity: "O(1)", Handler: s.configHelp},
		},
	}}
}

// CONFIG GET parameter [parameter ...]
//
// A map of every parameter matching any of the glob patterns to its value
// (a flat array in RESP2).
func (s *Server) configGet(c *command.Ctx) error {
	pats := make([]string, len(c.Args)-2)
	for i, a := range c.Args[2:] {
		pats[i] = string(a)
	}
	kvs := s.cfg.Get(pats...)
	c.W.Map(len(kvs))
	for _, kv := range kvs {
		c.W.BulkString(kv.Name)
		c.W.BulkString(kv.Value)
	}
	return nil
}

// CONFIG SET parameter value [parameter value ...]
//
// Either every parameter changes or none does. Parameters the server caches
// (timeouts, limits, slowlog and latency settings, maxmemory, loglevel, hz)
// take effect before the reply.
func (s *Server) configSet(c *command.Ctx) error {
	if len(c.Args)%2 != 0 {
		return command.ErrSyntax
	}
	pairs := make([][2]string, 0, (len(c.Args)-2)/2)
	for i := 2; i < len(c.Args); i += 2 {
		pairs = append(pairs, [2]string{string(c.Args[i]), string(c.Args[i+1])})
	}
	local := false
	if cn := s.connOf(c); cn != nil {
		local = cn.isLocal()
	}
	if err := s.cfg.SetWith(config.SetOptions{LocalClient: local}, pairs...); err != nil {
		return command.NewError(err.Error())
	}
	c.W.OK()
	return nil
}

// CONFIG REWRITE
func (s *Server) configRewrite(c *command.Ctx) error {
	if err := s.cfg.Rewrite(); err != nil {
		if errors.Is(err, config.ErrNoConfigFile) {
			return command.NewError(err.Error())
		}
		s.log.Warningf("CONFIG REWRITE failed: %v", err)
		return command.NewError(err.Error())
	}
	s.log.Noticef("CONFIG REWRITE executed with success.")
	c.W.OK()
	return nil
}

// CONFIG RESETSTAT
func (s *Server) configResetStat(c *command.Ctx) error {
	s.cfg.ResetStat()
	c.W.OK()
	return nil
}

// CONFIG HELP
func (s *Server) configHelp(c *command.Ctx) error {
	writeHelp(c, "CONFIG",
		"GET <pattern>",
		"    Reply with the parameters matching the glob-like <pattern> and their values.",
		"SET <directive> <value>",
		"    Change a parameter; several directive-value pairs change together or not at all.",
		"RESETSTAT",
		"    Zero the statistics INFO reports.",
		"REWRITE",
		"    Write the running configuration back to the configuration file.",
	)
	return nil
}
