package server

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trove-db/trove/internal/command"
)

// clientCommands is CLIENT and the subcommands implemented so far.
// TRACKING, CACHING, GETREDIR, TRACKINGINFO and UNBLOCK arrive with client
// tracking and blocking commands; until then they get Valkey's
// unknown-subcommand error.
func (s *Server) clientCommands() []*command.Spec {
	conn := command.FlagNoScript | command.FlagLoading | command.FlagStale
	admin := command.FlagAdmin | conn
	onOff := []command.Arg{{Name: "enabled", Type: "oneof", Args: []command.Arg{
		{Name: "on", Type: "pure-token", Token: "ON"}, {Name: "off", Type: "pure-token", Token: "OFF"}}}}
	clientType := func(name string, since string, tokens ...string) command.Arg {
		a := command.Arg{Name: name, Type: "oneof", Token: "TYPE", Since: since, Optional: true}
		for _, t := range tokens {
			a.Args = append(a.Args, command.Arg{Name: t, Type: "pure-token", Token: t})
		}
		return a
	}
	sub := func(sp command.Spec) *command.Spec {
		sp.Group = "connection"
		sp.Categories |= command.CatConnection
		if sp.Complexity == "" {
			sp.Complexity = "O(1)"
		}
		return &sp
	}
	return []*command.Spec{{
		Name: "client", Arity: -2, Group: "connection", Since: "2.4.0",
		Summary: "Groups the commands that inspect and change client connections.", Complexity: "Depends on subcommand.",
		Subcommands: []*command.Spec{
			sub(command.Spec{Name: "id", Arity: 2, Flags: conn, Since: "5.0.0",
				Summary: "Replies with the ID of this connection.", Handler: s.clientID}),
			sub(command.Spec{Name: "info", Arity: 2, Flags: conn, Since: "6.2.0",
				Summary: "Describes this connection in CLIENT LIST's format.",
				Tips:    []string{"nondeterministic_output"}, Handler: s.clientInfo}),
			sub(command.Spec{Name: "list", Arity: -2, Flags: admin, Since: "2.4.0",
				Summary:    "Describes every client connection, or those of a type or with given IDs.",
				Complexity: "O(N) where N is the number of client connections",
				Tips:       []string{"nondeterministic_output"},
				Args: []command.Arg{
					clientType("client-type", "5.0.0", "normal", "master", "replica", "pubsub"),
					{Name: "id", Type: "block", Token: "ID", Since: "6.2.0", Optional: true,
						Args: []command.Arg{{Name: "client-id", Type: "integer", Multiple: true}}},
				},
				Handler: s.clientList}),
			sub(command.Spec{Name: "kill", Arity: -3, Flags: admin, Since: "2.4.0",
				Summary:    "Closes the connections that match an address or a set of filters.",
				Complexity: "O(N) where N is the number of client connections",
				Args: []command.Arg{{Name: "filter", Type: "oneof", Args: []command.Arg{
					{Name: "old-format", DisplayText: "ip:port", Type: "string", DeprecatedSince: "2.8.12"},
					{Name: "new-format", Type: "oneof", Multiple: true, Args: []command.Arg{
						{Name: "client-id", Type: "integer", Token: "ID", Since: "2.8.12", Optional: true},
						clientType("client-type", "2.8.12", "normal", "master", "primary", "slave", "replica", "pubsub"),
						{Name: "username", Type: "string", Token: "USER", Optional: true},
						{Name: "addr", DisplayText: "ip:port", Type: "string", Token: "ADDR", Optional: true},
						{Name: "laddr", DisplayText: "ip:port", Type: "string", Token: "LADDR", Since: "6.2.0", Optional: true},
						{Name: "skipme", Type: "oneof", Token: "SKIPME", Optional: true, Args: []command.Arg{
							{Name: "yes", Type: "pure-token", Token: "YES"}, {Name: "no", Type: "pure-token", Token: "NO"}}},
						{Name: "maxage", Type: "integer", Token: "MAXAGE", Since: "8.0.0", Optional: true},
					}},
				}}},
				Handler: s.clientKill}),
			sub(command.Spec{Name: "setname", Arity: 3, Flags: conn, Since: "2.6.9",
				Summary: "Names this connection.",
				Args:    []command.Arg{{Name: "connection-name", Type: "string"}}, Handler: s.clientSetName}),
			sub(command.Spec{Name: "getname", Arity: 2, Flags: conn, Since: "2.6.9",
				Summary: "Replies with the name of this connection.", Handler: s.clientGetName}),
			sub(command.Spec{Name: "setinfo", Arity: 4, Flags: conn | command.FlagAllowBusy, Since: "7.2.0",
				Summary: "Records the client library's name or version for CLIENT LIST.",
				Tips:    []string{"request_policy:all_nodes", "response_policy:all_succeeded"},
				Args: []command.Arg{{Name: "attr", Type: "oneof", Args: []command.Arg{
					{Name: "libname", Type: "string", Token: "LIB-NAME"}, {Name: "libver", Type: "string", Token: "LIB-VER"}}}},
				Handler: s.clientSetInfo}),
			sub(command.Spec{Name: "no-evict", Arity: 3, Flags: admin, Since: "7.0.0",
				Summary: "Exempts this connection from client eviction, or stops exempting it.",
				Args:    onOff, Handler: s.clientNoEvict}),
			sub(command.Spec{Name: "no-touch", Arity: 3, Flags: conn, Since: "7.2.0",
				Summary: "Stops or resumes updating the access time of the keys this connection reads.",
				Args:    onOff, Handler: s.clientNoTouch}),
			sub(command.Spec{Name: "reply", Arity: 3, Flags: conn, Since: "3.2.0",
				Summary: "Turns the replies to this connection's commands off, on, or off for one command.",
				Args: []command.Arg{{Name: "action", Type: "oneof", Args: []command.Arg{
					{Name: "on", Type: "pure-token", Token: "ON"}, {Name: "off", Type: "pure-token", Token: "OFF"},
					{Name: "skip", Type: "pure-token", Token: "SKIP"}}}},
				Handler: s.clientReply}),
			sub(command.Spec{Name: "pause", Arity: -3, Flags: admin, Since: "2.9.50",
				Summary: "Holds back the commands of every client, or only writes, for a while.",
				Args: []command.Arg{{Name: "timeout", Type: "integer"},
					{Name: "mode", Type: "oneof", Since: "6.2.0", Optional: true, Args: []command.Arg{
						{Name: "write", Type: "pure-token", Token: "WRITE"}, {Name: "all", Type: "pure-token", Token: "ALL"}}}},
				Handler: s.clientPause}),
			sub(command.Spec{Name: "unpause", Arity: 2, Flags: admin, Since: "6.2.0",
				Summary: "Ends a CLIENT PAUSE.", Complexity: "O(N) Where N is the number of paused clients",
				Handler: s.clientUnpause}),
			sub(command.Spec{Name: "help", Arity: 2, Flags: command.FlagLoading | command.FlagStale, Since: "5.0.0",
				Summary: "Lists the CLIENT subcommands.", Handler: s.clientHelp}),
		},
	}}
}

// CLIENT ID
func (s *Server) clientID(c *command.Ctx) error {
	c.W.Int(c.Client.ID)
	return nil
}

// CLIENT INFO
func (s *Server) clientInfo(c *command.Ctx) error {
	cn := s.connOf(c)
	if cn == nil {
		return command.NewError("ERR no connection")
	}
	line := s.appendClientLine(nil, cn, cn, c.Args, time.Now())
	c.W.Verbatim("txt", string(append(line, '\n')))
	return nil
}

// Client types for CLIENT LIST TYPE and CLIENT KILL TYPE.
const (
	typeNormal = iota
	typeReplica
	typePubSub
	typePrimary
)

// clientTypeByName parses a client type; ok is false for an unknown one.
func clientTypeByName(name []byte) (int, bool) {
	switch {
	case command.Is(name, "NORMAL"):
		return typeNormal, true
	case command.Is(name, "SLAVE"), command.Is(name, "REPLICA"):
		return typeReplica, true
	case command.Is(name, "PUBSUB"):
		return typePubSub, true
	case command.Is(name, "MASTER"), command.Is(name, "PRIMARY"):
		return typePrimary, true
	}
	return 0, false
}

// clientType is the type of a connection. MONITOR clients count as normal.
// Replicas, primaries and subscribers do not exist yet.
func (cn *conn) clientType() int { return typeNormal }

// sortedClients returns the registered connections by ID.
func (s *Server) sortedClients() []*conn {
	s.clientsMu.Lock()
	out := make([]*conn, 0, len(s.clients))
	for _, cn := range s.clients {
		out = append(out, cn)
	}
	s.clientsMu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id ...]
func (s *Server) clientList(c *command.Ctx) error {
	self := s.connOf(c)
	typ := -1
	var ids []int64
	switch {
	case len(c.Args) == 4 && command.Is(c.Args[2], "TYPE"):
		t, ok := clientTypeByName(c.Args[3])
		if !ok {
			return command.Errorf("ERR Unknown client type '%s'", c.Args[3])
		}
		typ = t
	case len(c.Args) > 3 && command.Is(c.Args[2], "ID"):
		for _, a := range c.Args[3:] {
			id, err := command.Int(a)
			if err != nil {
				return command.NewError("ERR Invalid client ID")
			}
			ids = append(ids, id)
		}
	case len(c.Args) != 2:
		return command.ErrSyntax
	}
	now := time.Now()
	var out []byte
	if ids != nil {
		s.clientsMu.Lock()
		found := make([]*conn, 0, len(ids))
		for _, id := range ids {
			if cn := s.clients[id]; cn != nil {
				found = append(found, cn)
			}
		}
		s.clientsMu.Unlock()
		for _, cn := range found {
			out = append(s.appendClientLine(out, cn, self, c.Args, now), '\n')
		}
	} else {
		for _, cn := range s.sortedClients() {
			if typ >= 0 && cn.clientType() != typ {
				continue
			}
			out = append(s.appendClientLine(out, cn, self, c.Args, now), '\n')
		}
	}
	c.W.Verbatim("txt", string(out))
	return nil
}

// appendClientLine appends the CLIENT LIST line of cn, Valkey 8's fields
// in Valkey's order. self is the connection running the command: only its
// own buffers may be inspected directly (the others' belong to their
// goroutines), and args are its current arguments. Called with mu held.
func (s *Server) appendClientLine(b []byte, cn, self *conn, args [][]byte, now time.Time) []byte {
	field := func(name string) { b = append(b, ' '); b = append(b, name...); b = append(b, '=') }
	num := func(name string, n int64) { field(name); b = strconv.AppendInt(b, n, 10) }
	str := func(name, v string) { field(name); b = append(b, v...) }

	b = append(b, "id="...)
	b = strconv.AppendInt(b, cn.ID, 10)
	str("addr", cn.addr)
	str("laddr", cn.laddr)
	num("fd", int64(cn.fd))
	str("name", cn.Name)
	num("age", int64(now.Sub(cn.created)/time.Second))
	num("idle", (now.UnixNano()-cn.lastInteraction.Load())/int64(time.Second))
	field("flags")
	flags := len(b)
	if cn.monitor {
		b = append(b, 'O')
	}
	if cn.closeAfterReply {
		b = append(b, 'c')
	}
	if cn.killed.Load() {
		b = append(b, 'A')
	}
	if cn.noEvict {
		b = append(b, 'e')
	}
	if cn.noTouch {
		b = append(b, 'T')
	}
	if len(b) == flags {
		b = append(b, 'N')
	}
	num("db", int64(cn.DB))
	num("sub", 0)
	num("psub", 0)
	num("ssub", 0)
	num("multi", -1)
	num("watch", 0)
	var argvMem, rbs, obl int64
	rbs = 4096
	if cn == self {
		for _, a := range args {
			argvMem += int64(len(a))
		}
		rbs = int64(cap(cn.wr.Bytes()))
		obl = int64(cn.wr.Buffered())
	}
	qbuf, qfree := cn.qbuf.Load(), cn.qbufAvail.Load()
	num("qbuf", qbuf)
	num("qbuf-free", qfree)
	num("argv-mem", argvMem)
	num("multi-mem", 0)
	num("rbs", rbs)
	num("rbp", rbs)
	num("obl", obl)
	num("oll", 0)
	num("omem", 0)
	// Memory attributable to the client: its buffers and its state.
	num("tot-mem", qbuf+qfree+argvMem+rbs+clientOverhead)
	str("events", "r")
	cmd := "NULL"
	if cn.lastCmd != nil {
		cmd = cn.lastCmd.FullName()
	}
	str("cmd", cmd)
	str("user", cn.User)
	num("redir", -1)
	num("resp", int64(cn.wr.Protocol()))
	str("lib-name", cn.LibName)
	str("lib-ver", cn.LibVer)
	num("tot-net-in", cn.netIn.Load())
	num("tot-net-out", cn.netOut.Load())
	num("tot-cmds", cn.commands)
	return b
}

// clientOverhead approximates the fixed memory of a connection (its state,
// goroutine stack and socket bookkeeping) for tot-mem.
const clientOverhead = 16 << 10

// CLIENT KILL ip:port
// CLIENT KILL <filter> <value> [<filter> <value> ...]
//
// Filters: ID, TYPE, USER, ADDR, LADDR, SKIPME, MAXAGE. The old form
// replies OK or "No such client" and may kill the caller; the filter form
// replies with the number of clients killed and skips the caller unless
// SKIPME NO.
func (s *Server) clientKill(c *command.Ctx) error {
	self := s.connOf(c)
	var (
		addr, laddr, user []byte
		typ               = -1
		id, maxAge        int64
		skipMe            = true
	)
	if len(c.Args) == 3 {
		addr = c.Args[2]
		skipMe = false
	} else {
		for i := 2; i < len(c.Args); i += 2 {
			opt := c.Args[i]
			if i+1 >= len(c.Args) {
				return command.ErrSyntax
			}
			v := c.Args[i+1]
			switch {
			case command.Is(opt, "ID"):
				n, err := command.Int(v)
				if err != nil || n < 1 {
					return command.NewError("ERR client-id should be greater than 0")
				}
				id = n
			case command.Is(opt, "MAXAGE"):
				n, err := command.Int(v)
				if err != nil {
					return command.NewError("ERR maxage is not an integer or out of range")
				}
				if n <= 0 {
					return command.NewError("ERR maxage should be greater than 0")
				}
				maxAge = n
			case command.Is(opt, "TYPE"):
				t, ok := clientTypeByName(v)
				if !ok {
					return command.Errorf("ERR Unknown client type '%s'", v)
				}
				typ = t
			case command.Is(opt, "ADDR"):
				addr = v
			case command.Is(opt, "LADDR"):
				laddr = v
			case command.Is(opt, "USER"):
				// default is the only user until ACLs land.
				if string(v) != "default" {
					return command.Errorf("ERR No such user '%s'", v)
				}
				user = v
			case command.Is(opt, "SKIPME"):
				switch {
				case command.Is(v, "YES"):
					skipMe = true
				case command.Is(v, "NO"):
					skipMe = false
				default:
					return command.ErrSyntax
				}
			default:
				return command.ErrSyntax
			}
		}
	}
	now := time.Now()
	var killed int64
	for _, cn := range s.sortedClients() {
		switch {
		case addr != nil && cn.addr != string(addr),
			laddr != nil && cn.laddr != string(laddr),
			typ >= 0 && cn.clientType() != typ,
			id != 0 && cn.ID != id,
			user != nil && cn.User != string(user),
			cn == self && skipMe,
			maxAge != 0 && int64(now.Sub(cn.created)/time.Second) < maxAge:
			continue
		}
		if cn == self {
			cn.closeAfterReply = true
		} else {
			s.removeMonitorLocked(cn)
			cn.kill()
		}
		killed++
	}
	if len(c.Args) == 3 {
		if killed == 0 {
			return command.NewError("ERR No such client")
		}
		c.W.OK()
		return nil
	}
	c.W.Int(killed)
	return nil
}

// CLIENT SETNAME connection-name
//
// An empty name removes the name.
func (s *Server) clientSetName(c *command.Ctx) error {
	if err := validClientName(c.Args[2]); err != nil {
		return err
	}
	c.Client.Name = string(c.Args[2])
	c.W.OK()
	return nil
}

// CLIENT GETNAME
func (s *Server) clientGetName(c *command.Ctx) error {
	if c.Client.Name == "" {
		c.W.Null()
		return nil
	}
	c.W.BulkString(c.Client.Name)
	return nil
}

// CLIENT SETINFO LIB-NAME libname | LIB-VER libver
//
// The values show in CLIENT LIST; like names they may not contain spaces
// or special characters, and an empty value clears them.
func (s *Server) clientSetInfo(c *command.Ctx) error {
	attr, v := c.Args[2], c.Args[3]
	var dst *string
	switch {
	case command.Is(attr, "LIB-NAME"):
		dst = &c.Client.LibName
	case command.Is(attr, "LIB-VER"):
		dst = &c.Client.LibVer
	default:
		return command.Errorf("ERR Unrecognized option '%s'", attr)
	}
	for _, ch := range v {
		if ch < '!' || ch > '~' {
			return command.Errorf("ERR %s cannot contain spaces, newlines or special characters.", attr)
		}
	}
	*dst = string(v)
	c.W.OK()
	return nil
}

// onOff parses ON or OFF, failing with a syntax error.
func onOff(arg []byte) (bool, error) {
	switch {
	case command.Is(arg, "ON"):
		return true, nil
	case command.Is(arg, "OFF"):
		return false, nil
	}
	return false, command.ErrSyntax
}

// CLIENT NO-EVICT ON|OFF
func (s *Server) clientNoEvict(c *command.Ctx) error {
	on, err := onOff(c.Args[2])
	if err != nil {
		return err
	}
	if cn := s.connOf(c); cn != nil {
		cn.noEvict = on
	}
	c.W.OK()
	return nil
}

// CLIENT NO-TOUCH ON|OFF
//
// The flag shows in CLIENT LIST; the keyspace consults it once access-time
// updates can be suppressed per client.
func (s *Server) clientNoTouch(c *command.Ctx) error {
	on, err := onOff(c.Args[2])
	if err != nil {
		return err
	}
	if cn := s.connOf(c); cn != nil {
		cn.noTouch = on
	}
	c.W.OK()
	return nil
}

// CLIENT REPLY ON|OFF|SKIP
//
// OFF silences every reply until ON; SKIP silences the next command's
// reply. Only ON itself replies.
func (s *Server) clientReply(c *command.Ctx) error {
	cn := s.connOf(c)
	if cn == nil {
		return command.ErrSyntax
	}
	switch {
	case command.Is(c.Args[2], "ON"):
		cn.replyOff, cn.skipNext = false, false
		c.W.OK()
	case command.Is(c.Args[2], "OFF"):
		cn.replyOff = true
	case command.Is(c.Args[2], "SKIP"):
		if !cn.replyOff {
			cn.skipNext = true
		}
	default:
		return command.ErrSyntax
	}
	return nil
}

// CLIENT PAUSE timeout [WRITE|ALL]
//
// Holds back clients' commands for timeout milliseconds: all of them
// (ALL, the default) or those that write (WRITE). A pause already in force
// keeps the later end and the stricter mode.
func (s *Server) clientPause(c *command.Ctx) error {
	all := true
	if len(c.Args) == 4 {
		switch {
		case command.Is(c.Args[3], "WRITE"):
			all = false
		case command.Is(c.Args[3], "ALL"):
		default:
			return command.NewError("ERR CLIENT PAUSE mode must be WRITE or ALL")
		}
	} else if len(c.Args) > 4 {
		return subcommandSyntax(c)
	}
	ms, err := command.Int(c.Args[2])
	if err != nil {
		return command.NewError("ERR timeout is not an integer or out of range")
	}
	if ms < 0 {
		return command.NewError("ERR timeout is negative")
	}
	now := time.Now()
	if !s.pausedLocked(now) {
		s.pause.all = false
	}
	until := now.Add(time.Duration(ms) * time.Millisecond)
	if ms == 0 {
		until = now
	}
	if until.After(s.pause.until) {
		s.pause.until = until
	}
	s.pause.all = s.pause.all || all
	c.W.OK()
	return nil
}

// CLIENT UNPAUSE
func (s *Server) clientUnpause(c *command.Ctx) error {
	s.endPauseLocked()
	c.W.OK()
	return nil
}

// CLIENT HELP
func (s *Server) clientHelp(c *command.Ctx) error {
	writeHelp(c, "CLIENT",
		"GETNAME",
		"    Reply with the name of this connection.",
		"ID",
		"    Reply with the ID of this connection.",
		"INFO",
		"    Describe this connection in CLIENT LIST's format.",
		"KILL <ip:port>",
		"    Close the connection from <ip:port>.",
		"KILL <option> <value> [<option> <value> [...]]",
		"    Close the connections that match every option given:",
		"    * ADDR (<ip:port>|<unixsocket>:0)",
		"      the client's address",
		"    * LADDR (<ip:port>|<unixsocket>:0)",
		"      the local address the client connected to",
		"    * TYPE (NORMAL|PRIMARY|REPLICA|PUBSUB)",
		"      the kind of client",
		"    * USER <username>",
		"      the user the client authenticated as",
		"    * SKIPME (YES|NO)",
		"      whether to spare this connection (default: yes)",
		"    * ID <client-id>",
		"      the client's ID",
		"    * MAXAGE <maxage>",
		"      connections older than <maxage> seconds",
		"LIST [options ...]",
		"    Describe client connections. Options:",
		"    * TYPE (NORMAL|PRIMARY|REPLICA|PUBSUB)",
		"      only clients of this kind",
		"    * ID <client-id> [<client-id> ...]",
		"      only the clients with these IDs",
		"UNPAUSE",
		"    End a CLIENT PAUSE.",
		"PAUSE <timeout> [WRITE|ALL]",
		"    Hold back the commands of all clients, or only writes, for <timeout> milliseconds.",
		"REPLY (ON|OFF|SKIP)",
		"    Turn the replies to this connection on or off, or skip the next one.",
		"SETNAME <name>",
		"    Name this connection <name>.",
		"SETINFO <option> <value>",
		"    Record client library details. Options:",
		"    * LIB-NAME: the library's name.",
		"    * LIB-VER: the library's version.",
		"NO-EVICT (ON|OFF)",
		"    Exempt this connection from client eviction, or stop.",
		"NO-TOUCH (ON|OFF)",
		"    Stop or resume updating the access time of the keys this connection reads.",
	)
	return nil
}

// subcommandSyntax is Valkey's error for a subcommand given an argument
// count its container does not accept beyond what the arity allows.
func subcommandSyntax(c *command.Ctx) error {
	return command.Errorf("ERR unknown subcommand or wrong number of arguments for '%s'. Try %s HELP.",
		truncate(c.Args[1], 128), strings.ToUpper(c.Spec.Parent().Name))
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
