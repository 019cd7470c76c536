package server

import "github.com/trove-db/trove/internal/command"

// serverCommands returns the commands implemented here because they act on
// server state (clients, configuration, statistics) rather than on data.
// Each family lives in its own file.
func (s *Server) serverCommands() []*command.Spec {
	var all []*command.Spec
	for _, family := range [][]*command.Spec{
		s.connCommands(),
		s.persistCommands(),
		s.clientCommands(),
		s.infoCommands(),
		s.commandCommands(),
		s.configCommands(),
		s.slowlogCommands(),
		s.latencyCommands(),
		s.monitorCommands(),
		s.debugCommands(),
		s.serverMiscCommands(),
	} {
		all = append(all, family...)
	}
	return all
}
