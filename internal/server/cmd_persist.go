package server

import "github.com/trove-db/trove/internal/command"

// persistCommands are the persistence commands that exist before the
// persistence layer: they report honestly that nothing has been saved.
func (s *Server) persistCommands() []*command.Spec {
	return []*command.Spec{
		{Name: "lastsave", Arity: 1, Flags: command.FlagLoading | command.FlagStale | command.FlagFast,
			Categories: command.CatAdmin | command.CatDangerous, Group: "server", Since: "1.0.0",
			Summary:    "Tells when the dataset was last saved to disk, as a Unix time in seconds.",
			Complexity: "O(1)", Tips: []string{"nondeterministic_output"},
			Handler: s.lastsave},
	}
}

// LASTSAVE
//
// With no save yet, Valkey reports the time the server started, and so do we.
func (s *Server) lastsave(c *command.Ctx) error {
	c.W.Int(s.stats.lastSave)
	return nil
}
