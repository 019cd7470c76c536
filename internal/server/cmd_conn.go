package server

import (
	"crypto/subtle"

	"github.com/trove-db/trove/internal/command"
)

// connCommands are the commands that change the connection's own state.
func (s *Server) connCommands() []*command.Spec {
	return []*command.Spec{
		{Name: "hello", Arity: -1, Flags: command.FlagNoScript | command.FlagLoading | command.FlagStale | command.FlagFast | command.FlagNoAuth | command.FlagAllowBusy,
			Categories: command.CatConnection, Group: "connection", Since: "6.0.0",
			Summary: "Handshakes with the server.", Complexity: "O(1)", Handler: s.hello},
		{Name: "auth", Arity: -2, Flags: command.FlagNoScript | command.FlagLoading | command.FlagStale | command.FlagFast | command.FlagNoAuth | command.FlagAllowBusy,
			Categories: command.CatConnection, Group: "connection", Since: "1.0.0",
			Summary: "Authenticates the connection.", Complexity: "O(N) where N is the number of passwords defined for the user", Handler: s.auth},
		{Name: "quit", Arity: -1, Flags: command.FlagNoScript | command.FlagLoading | command.FlagStale | command.FlagFast | command.FlagNoAuth | command.FlagAllowBusy,
			Categories: command.CatConnection, Group: "connection", Since: "1.0.0",
			Summary: "Closes the connection.", Complexity: "O(1)", Handler: s.quit},
		{Name: "reset", Arity: 1, Flags: command.FlagNoScript | command.FlagLoading | command.FlagStale | command.FlagFast | command.FlagNoAuth | command.FlagAllowBusy,
			Categories: command.CatConnection, Group: "connection", Since: "6.2.0",
			Summary: "Resets the connection.", Complexity: "O(1)", Handler: s.reset},
		{Name: "select", Arity: 2, Flags: command.FlagLoading | command.FlagStale | command.FlagFast,
			Categories: command.CatConnection, Group: "connection", Since: "1.0.0",
			Summary: "Changes the selected database.", Complexity: "O(1)", Handler: s.selectDB},
	}
}

// authRequired reports whether new connections must authenticate.
func (s *Server) authRequired() bool { return s.cfg.String("requirepass") != "" }

// checkPassword validates credentials for the default user, the only user
// until ACLs land. Wrong credentials give WRONGPASS.
func (s *Server) checkPassword(user, pass []byte) error {
	want := s.cfg.String("requirepass")
	if string(user) != "default" {
		return command.ErrWrongPass
	}
	if want == "" {
		// The default user has nopass: any password is accepted.
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(want), pass) != 1 {
		return command.ErrWrongPass
	}
	return nil
}

// AUTH [username] password
func (s *Server) auth(c *command.Ctx) error {
	var user, pass []byte
	switch len(c.Args) {
	case 2:
		if !s.authRequired() {
			return command.ErrAuthNoPass
		}
		user, pass = []byte("default"), c.Args[1]
	case 3:
		user, pass = c.Args[1], c.Args[2]
	default:
		return command.ErrSyntax
	}
	if err := s.checkPassword(user, pass); err != nil {
		return err
	}
	c.Client.Authenticated = true
	c.Client.User = string(user)
	c.W.OK()
	return nil
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
func (s *Server) hello(c *command.Ctx) error {
	proto := int64(c.W.Protocol())
	if len(c.Args) >= 2 {
		v, err := command.Int(c.Args[1])
		if err != nil {
			return command.NewError("ERR Protocol version is not an integer or out of range")
		}
		if v < 2 || v > 3 {
			return command.ErrNoProto
		}
		proto = v
	}
	var name []byte
	haveName := false
	for i := 2; i < len(c.Args); i++ {
		more := len(c.Args) - i - 1
		switch {
		case command.Is(c.Args[i], "AUTH") && more >= 2:
			if err := s.checkPassword(c.Args[i+1], c.Args[i+2]); err != nil {
				return err
			}
			c.Client.Authenticated = true
			c.Client.User = string(c.Args[i+1])
			i += 2
		case command.Is(c.Args[i], "SETNAME") && more >= 1:
			if err := validClientName(c.Args[i+1]); err != nil {
				return err
			}
			name, haveName = c.Args[i+1], true
			i++
		default:
			return command.Errorf("ERR Syntax error in HELLO option '%s'", c.Args[i])
		}
	}
	if !c.Client.Authenticated {
		return command.NewError("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
	}
	if haveName {
		c.Client.Name = string(name)
	}
	c.W.SetProtocol(int(proto))
	w := c.W
	w.Map(7)
	// With extended-redis-compatibility Valkey 8 introduces itself as Redis.
	w.BulkString("server")
	if s.hot.redisCompat {
		w.BulkString("redis")
		w.BulkString("version")
		w.BulkString(RedisVersion)
	} else {
		w.BulkString("valkey")
		w.BulkString("version")
		w.BulkString(Version)
	}
	w.BulkString("proto")
	w.Int(proto)
	w.BulkString("id")
	w.Int(c.Client.ID)
	w.BulkString("mode")
	w.BulkString("standalone")
	w.BulkString("role")
	w.BulkString("master")
	w.BulkString("modules")
	w.Array(0)
	return nil
}

// validClientName rejects names that would break CLIENT LIST's format.
func validClientName(name []byte) error {
	for _, b := range name {
		if b < '!' || b > '~' {
			return command.NewError("ERR Client names cannot contain spaces, newlines or special characters.")
		}
	}
	return nil
}

// QUIT
func (s *Server) quit(c *command.Ctx) error {
	c.W.OK()
	if cn := s.connOf(c); cn != nil {
		cn.closeAfterReply = true
	}
	return nil
}

// RESET
//
// Returns the connection to its initial state: database 0, RESP2, no name,
// and not authenticated when a password is required.
func (s *Server) reset(c *command.Ctx) error {
	c.Select(0)
	c.W.SetProtocol(2)
	c.Client.Name = ""
	c.Client.Authenticated = !s.authRequired()
	c.Client.User = "default"
	if cn := s.connOf(c); cn != nil {
		cn.noEvict, cn.noTouch = false, false
		cn.replyOff, cn.skipNext = false, false
		if cn.monitor {
			// The line queue stays for the monitor goroutine to drain; it
			// simply receives nothing more.
			cn.monitor = false
			s.removeMonitorLocked(cn)
		}
	}
	c.W.Simple("RESET")
	return nil
}

// SELECT index
func (s *Server) selectDB(c *command.Ctx) error {
	i, err := command.Int(c.Args[1])
	if err != nil {
		return err
	}
	if i < 0 || i >= int64(s.ks.Len()) {
		return command.ErrDBIndex
	}
	c.Select(int(i))
	c.W.OK()
	return nil
}

// connOf returns the connection running c, nil for a client that has no
// connection (a module or script context).
func (s *Server) connOf(c *command.Ctx) *conn {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	return s.clients[c.Client.ID]
}
