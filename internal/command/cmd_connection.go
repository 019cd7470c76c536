package command

var connectionCommands = []*Spec{
	{Name: "ping", Arity: -1, Flags: FlagFast, Categories: CatConnection, Group: "connection", Since: "1.0.0",
		Summary: "Returns the server's liveliness response.", Complexity: "O(1)",
		Tips:    []string{"request_policy:all_shards", "response_policy:all_succeeded"},
		Handler: ping},
	{Name: "echo", Arity: 2, Flags: FlagLoading | FlagStale | FlagFast, Categories: CatConnection, Group: "connection", Since: "1.0.0",
		Summary: "Returns the given string.", Complexity: "O(1)",
		Handler: echo},
}

// PING [message]
func ping(c *Ctx) error {
	switch len(c.Args) {
	case 1:
		c.W.Simple("PONG")
	case 2:
		c.W.Bulk(c.Args[1])
	default:
		return WrongArity("ping")
	}
	return nil
}

// ECHO message
func echo(c *Ctx) error {
	c.W.Bulk(c.Args[1])
	return nil
}
