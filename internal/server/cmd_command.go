package server

import (
	"sort"
	"strings"

	"github.com/trove-db/trove/internal/command"
	"github.com/trove-db/trove/internal/glob"
	"github.com/trove-db/trove/internal/resp"
)

// commandCommands is COMMAND: everything it reports is generated from the
// command table, so a command's Spec is the only place its description
// lives.
func (s *Server) commandCommands() []*command.Spec {
	flags := command.FlagLoading | command.FlagStale
	conn := command.CatConnection
	order := []string{"nondeterministic_output_order"}
	return []*command.Spec{{
		Name: "command", Arity: -1, Flags: flags, Categories: conn, Group: "server", Since: "2.8.13",
		Summary: "Describes every command.", Complexity: "O(N) where N is the total number of commands",
		Tips: order, Handler: s.commandAll,
		Subcommands: []*command.Spec{
			{Name: "count", Arity: 2, Flags: flags, Categories: conn, Group: "server", Since: "2.8.13",
				Summary: "Replies with the number of commands.", Complexity: "O(1)", Handler: s.commandCount},
			{Name: "list", Arity: -2, Flags: flags, Categories: conn, Group: "server", Since: "7.0.0",
				Summary:    "Replies with the names of the commands, optionally filtered.",
				Complexity: "O(N) where N is the total number of commands", Tips: order,
				Args: []command.Arg{{Name: "filterby", Type: "oneof", Token: "FILTERBY", Optional: true, Args: []command.Arg{
					{Name: "module-name", Type: "string", Token: "MODULE"},
					{Name: "category", Type: "string", Token: "ACLCAT"},
					{Name: "pattern", Type: "pattern", Token: "PATTERN"},
				}}},
				Handler: s.commandList},
			{Name: "info", Arity: -2, Flags: flags, Categories: conn, Group: "server", Since: "2.8.13",
				Summary:    "Describes the named commands, or every command.",
				Complexity: "O(N) where N is the number of commands to look up", Tips: order,
				History: [][2]string{{"7.0.0", "Without names, describes every command."}},
				Args:    []command.Arg{{Name: "command-name", Type: "string", Optional: true, Multiple: true}},
				Handler: s.commandInfo},
			{Name: "docs", Arity: -2, Flags: flags, Categories: conn, Group: "server", Since: "7.0.0",
				Summary:    "Replies with the documentation of the named commands, or of every command.",
				Complexity: "O(N) where N is the number of commands to look up", Tips: order,
				Args:    []command.Arg{{Name: "command-name", Type: "string", Optional: true, Multiple: true}},
				Handler: s.commandDocs},
			{Name: "getkeys", Arity: -3, Flags: flags, Categories: conn, Group: "server", Since: "2.8.13",
				Summary:    "Extracts the key names from a full command line.",
				Complexity: "O(N) where N is the number of arguments to the command",
				Args: []command.Arg{{Name: "command", Type: "string"},
					{Name: "arg", Type: "string", Optional: true, Multiple: true}},
				Handler: s.commandGetKeys},
			{Name: "getkeysandflags", Arity: -3, Flags: flags, Categories: conn, Group: "server", Since: "7.0.0",
				Summary:    "Extracts the key names and their access flags from a full command line.",
				Complexity: "O(N) where N is the number of arguments to the command",
				Args: []command.Arg{{Name: "command", Type: "string"},
					{Name: "arg", Type: "string", Optional: true, Multiple: true}},
				Handler: s.commandGetKeysAndFlags},
			{Name: "help", Arity: 2, Flags: flags, Categories: conn, Group: "server", Since: "5.0.0",
				Summary: "Lists the COMMAND subcommands.", Complexity: "O(1)", Handler: s.commandHelp},
		},
	}}
}

// sortedCommands returns the table's commands by name, so that replies
// listing every command are stable.
func (s *Server) sortedCommands() []*command.Spec {
	var all []*command.Spec
	s.table.All(func(sp *command.Spec) { all = append(all, sp) })
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return all
}

// COMMAND
func (s *Server) commandAll(c *command.Ctx) error {
	all := s.sortedCommands()
	c.W.Array(len(all))
	for _, sp := range all {
		writeCommandInfo(c.W, sp)
	}
	return nil
}

// COMMAND COUNT
func (s *Server) commandCount(c *command.Ctx) error {
	c.W.Int(int64(s.table.Len()))
	return nil
}

// COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]
//
// The names of every command and subcommand ("config|get"), optionally
// only those of a module, an ACL category or matching a glob pattern.
func (s *Server) commandList(c *command.Ctx) error {
	var keep func(*command.Spec) bool
	switch {
	case len(c.Args) == 2:
		keep = func(*command.Spec) bool { return true }
	case len(c.Args) == 5 && command.Is(c.Args[2], "FILTERBY"):
		v := c.Args[4]
		switch {
		case command.Is(c.Args[3], "MODULE"):
			keep = func(*command.Spec) bool { return false } // no modules yet
		case command.Is(c.Args[3], "ACLCAT"):
			var cat command.Category
			for _, cn := range command.CategoryNames {
				if strings.EqualFold(cn.Name, string(v)) {
					cat = cn.Cat
				}
			}
			keep = func(sp *command.Spec) bool { return cat != 0 && sp.AllCategories()&cat != 0 }
		case command.Is(c.Args[3], "PATTERN"):
			pat := command.Clone(v)
			keep = func(sp *command.Spec) bool { return glob.MatchFold(pat, []byte(sp.FullName())) }
		default:
			return command.ErrSyntax
		}
	default:
		return command.ErrSyntax
	}
	var names []string
	for _, sp := range s.sortedCommands() {
		if keep(sp) {
			names = append(names, sp.FullName())
		}
		for _, sub := range sp.Subcommands {
			if keep(sub) {
				names = append(names, sub.FullName())
			}
		}
	}
	c.W.Array(len(names))
	for _, n := range names {
		c.W.BulkString(n)
	}
	return nil
}

// COMMAND INFO [command-name ...]
//
// One entry per name, null for an unknown one; "container|sub" names a
// subcommand.
func (s *Server) commandInfo(c *command.Ctx) error {
	if len(c.Args) == 2 {
		return s.commandAll(c)
	}
	c.W.Array(len(c.Args) - 2)
	for _, name := range c.Args[2:] {
		sp := s.lookupFullName(name)
		if sp == nil {
			c.W.Null()
			continue
		}
		writeCommandInfo(c.W, sp)
	}
	return nil
}

// writeCommandInfo writes one command's COMMAND INFO entry: name, arity,
// flags, first key, last key, step, ACL categories, tips, key specs and
// subcommands. Flags, categories and tips are sets; key specs are a set of
// maps; subcommands an array of entries (an empty set when there are none).
func writeCommandInfo(w *resp.Writer, sp *command.Spec) {
	w.Array(10)
	w.BulkString(sp.FullName())
	w.Int(int64(sp.Arity))
	flags := sp.FlagNames()
	w.Set(len(flags))
	for _, f := range flags {
		w.Simple(f)
	}
	w.Int(int64(sp.FirstKey))
	w.Int(int64(sp.LastKey))
	w.Int(int64(sp.KeyStep))
	cats := sp.AllCategories().List()
	w.Set(len(cats))
	for _, cat := range cats {
		w.Simple(cat)
	}
	w.Set(len(sp.Tips))
	for _, t := range sp.Tips {
		w.BulkString(t)
	}
	w.Set(len(sp.KeySpecs))
	for i := range sp.KeySpecs {
		writeKeySpec(w, &sp.KeySpecs[i])
	}
	if len(sp.Subcommands) == 0 {
		w.Set(0)
		return
	}
	w.Array(len(sp.Subcommands))
	for _, sub := range sp.Subcommands {
		writeCommandInfo(w, sub)
	}
}

// writeKeySpec writes one key specification as COMMAND INFO shows it.
func writeKeySpec(w *resp.Writer, ks *command.KeySpec) {
	n := 3
	if ks.Notes != "" {
		n++
		w.Map(n)
		w.BulkString("notes")
		w.BulkString(ks.Notes)
	} else {
		w.Map(n)
	}
	w.BulkString("flags")
	flags := orderedKeyFlags(ks.Flags)
	w.Set(len(flags))
	for _, f := range flags {
		w.Simple(f)
	}
	w.BulkString("begin_search")
	w.Map(2)
	w.BulkString("type")
	switch {
	case ks.Index > 0:
		w.BulkString("index")
		w.BulkString("spec")
		w.Map(1)
		w.BulkString("index")
		w.Int(int64(ks.Index))
	case ks.Keyword != "":
		w.BulkString("keyword")
		w.BulkString("spec")
		w.Map(2)
		w.BulkString("keyword")
		w.BulkString(ks.Keyword)
		w.BulkString("startfrom")
		w.Int(int64(ks.StartFrom))
	default:
		w.BulkString("unknown")
		w.BulkString("spec")
		w.Map(0)
	}
	w.BulkString("find_keys")
	w.Map(2)
	w.BulkString("type")
	switch {
	case ks.Unknown():
		w.BulkString("unknown")
		w.BulkString("spec")
		w.Map(0)
	case ks.IsKeyNum():
		w.BulkString("keynum")
		w.BulkString("spec")
		w.Map(3)
		w.BulkString("keynumidx")
		w.Int(int64(ks.KeyNumIdx))
		w.BulkString("firstkey")
		w.Int(int64(ks.FirstKey))
		w.BulkString("keystep")
		w.Int(int64(ks.KeyStep))
	default:
		w.BulkString("range")
		w.BulkString("spec")
		w.Map(3)
		w.BulkString("lastkey")
		w.Int(int64(ks.LastKey))
		w.BulkString("keystep")
		w.Int(int64(ks.KeyStep))
		w.BulkString("limit")
		w.Int(int64(ks.Limit))
	}
}

// orderedKeyFlags returns a key spec's flags in the order Valkey prints
// them, whatever order the Spec lists them in.
func orderedKeyFlags(flags []string) []string {
	out := make([]string, 0, len(flags))
	for _, name := range command.KeySpecFlags {
		for _, f := range flags {
			if strings.EqualFold(f, name) {
				out = append(out, name)
				break
			}
		}
	}
	return out
}

// COMMAND DOCS [command-name ...]
//
// A map from each known name (every command when none is given) to its
// documentation; unknown names are left out.
func (s *Server) commandDocs(c *command.Ctx) error {
	var specs []*command.Spec
	if len(c.Args) == 2 {
		specs = s.sortedCommands()
	} else {
		for _, name := range c.Args[2:] {
			if sp := s.lookupFullName(name); sp != nil {
				specs = append(specs, sp)
			}
		}
	}
	c.W.Map(len(specs))
	for _, sp := range specs {
		c.W.BulkString(sp.FullName())
		writeCommandDocs(c.W, sp)
	}
	return nil
}

// writeCommandDocs writes one command's documentation map.
func writeCommandDocs(w *resp.Writer, sp *command.Spec) {
	n := 3 // summary, since, group
	if sp.Complexity != "" {
		n++
	}
	if len(sp.DocFlags) > 0 {
		n++
	}
	if sp.DeprecatedSince != "" {
		n++
	}
	if sp.ReplacedBy != "" {
		n++
	}
	if len(sp.History) > 0 {
		n++
	}
	if len(sp.Args) > 0 {
		n++
	}
	if len(sp.Subcommands) > 0 {
		n++
	}
	w.Map(n)
	w.BulkString("summary")
	w.BulkString(sp.Summary)
	w.BulkString("since")
	w.BulkString(sp.Since)
	w.BulkString("group")
	w.BulkString(sp.Group)
	if sp.Complexity != "" {
		w.BulkString("complexity")
		w.BulkString(sp.Complexity)
	}
	if len(sp.DocFlags) > 0 {
		w.BulkString("doc_flags")
		w.Set(len(sp.DocFlags))
		for _, f := range sp.DocFlags {
			w.Simple(f)
		}
	}
	if sp.DeprecatedSince != "" {
		w.BulkString("deprecated_since")
		w.BulkString(sp.DeprecatedSince)
	}
	if sp.ReplacedBy != "" {
		w.BulkString("replaced_by")
		w.BulkString(sp.ReplacedBy)
	}
	if len(sp.History) > 0 {
		w.BulkString("history")
		w.Set(len(sp.History))
		for _, h := range sp.History {
			w.Array(2)
			w.BulkString(h[0])
			w.BulkString(h[1])
		}
	}
	if len(sp.Args) > 0 {
		w.BulkString("arguments")
		writeArgs(w, sp.Args)
	}
	if len(sp.Subcommands) > 0 {
		w.BulkString("subcommands")
		w.Map(len(sp.Subcommands))
		for _, sub := range sp.Subcommands {
			w.BulkString(sub.FullName())
			writeCommandDocs(w, sub)
		}
	}
}

// writeArgs writes an argument list for COMMAND DOCS.
func writeArgs(w *resp.Writer, args []command.Arg) {
	w.Array(len(args))
	for i := range args {
		a := &args[i]
		var flags []string
		if a.Optional {
			flags = append(flags, "optional")
		}
		if a.Multiple {
			flags = append(flags, "multiple")
		}
		if a.MultipleToken {
			flags = append(flags, "multiple_token")
		}
		n := 2
		for _, present := range []bool{a.DisplayText != "", a.Type == "key", a.Token != "", a.Summary != "",
			a.Since != "", a.DeprecatedSince != "", len(flags) > 0, len(a.Args) > 0} {
			if present {
				n++
			}
		}
		w.Map(n)
		w.BulkString("name")
		w.BulkString(a.Name)
		w.BulkString("type")
		w.BulkString(a.Type)
		if a.DisplayText != "" {
			w.BulkString("display_text")
			w.BulkString(a.DisplayText)
		}
		if a.Type == "key" {
			w.BulkString("key_spec_index")
			w.Int(int64(a.KeySpecIndex))
		}
		if a.Token != "" {
			w.BulkString("token")
			w.BulkString(a.Token)
		}
		if a.Summary != "" {
			w.BulkString("summary")
			w.BulkString(a.Summary)
		}
		if a.Since != "" {
			w.BulkString("since")
			w.BulkString(a.Since)
		}
		if a.DeprecatedSince != "" {
			w.BulkString("deprecated_since")
			w.BulkString(a.DeprecatedSince)
		}
		if len(flags) > 0 {
			w.BulkString("flags")
			w.Set(len(flags))
			for _, f := range flags {
				w.Simple(f)
			}
		}
		if len(a.Args) > 0 {
			w.BulkString("arguments")
			writeArgs(w, a.Args)
		}
	}
}

// COMMAND GETKEYS command [arg ...]
func (s *Server) commandGetKeys(c *command.Ctx) error {
	keys, err := s.getKeys(c.Args[2:])
	if err != nil {
		return err
	}
	c.W.Array(len(keys))
	for _, k := range keys {
		c.W.Bulk(c.Args[2+k.pos])
	}
	return nil
}

// COMMAND GETKEYSANDFLAGS command [arg ...]
func (s *Server) commandGetKeysAndFlags(c *command.Ctx) error {
	keys, err := s.getKeys(c.Args[2:])
	if err != nil {
		return err
	}
	c.W.Array(len(keys))
	for _, k := range keys {
		c.W.Array(2)
		c.W.Bulk(c.Args[2+k.pos])
		flags := orderedKeyFlags(k.flags)
		c.W.Set(len(flags))
		for _, f := range flags {
			c.W.Simple(f)
		}
	}
	return nil
}

// keyRef is one key found in a command line: its position and the flags
// of the key spec that found it.
type keyRef struct {
	pos   int
	flags []string
}

// getKeys finds the keys of the command line argv (argv[0] is the command).
func (s *Server) getKeys(argv [][]byte) ([]keyRef, error) {
	sp := s.table.Lookup(argv[0])
	if sp != nil && len(sp.Subcommands) > 0 {
		if len(argv) < 2 {
			sp = nil
		} else {
			sp = sp.LookupSub(argv[1])
		}
	}
	if sp == nil {
		return nil, command.NewError("ERR Invalid command specified")
	}
	if len(sp.KeySpecs) == 0 {
		return nil, command.NewError("ERR The command has no key arguments")
	}
	if !sp.CheckArity(len(argv)) {
		return nil, command.NewError("ERR Invalid number of arguments specified for command")
	}
	keys, ok := keysOf(sp, argv)
	if !ok || len(keys) == 0 {
		if sp.Flags&command.FlagNoMandatoryKeys != 0 {
			return nil, nil
		}
		return nil, command.NewError("ERR Invalid arguments specified for command")
	}
	return keys, nil
}

// keysOf finds the keys of argv. Commands whose key specs cannot say
// everything (variable flags, unknown positions) have their own finder, as
// in Valkey; the others are read from their key specs.
func keysOf(sp *command.Spec, argv [][]byte) ([]keyRef, bool) {
	if find := keyFinders[sp.FullName()]; find != nil {
		return find(argv)
	}
	return keysFromSpecs(sp, argv)
}

// keysFromSpecs applies the key specs generically: each spec's begin search
// (an index, or a keyword searched forwards or backwards) and find keys (a
// range, possibly limited, or a count argument). A spec that cannot be
// applied, or that points outside the arguments, makes the whole lookup
// fail.
func keysFromSpecs(sp *command.Spec, argv [][]byte) ([]keyRef, bool) {
	argc := len(argv)
	var keys []keyRef
	for i := range sp.KeySpecs {
		ks := &sp.KeySpecs[i]
		first := 0
		switch {
		case ks.Index > 0:
			first = ks.Index
		case ks.Keyword != "":
			start, end := ks.StartFrom, 0
			if start > 0 {
				end = argc - 1
			} else {
				start = argc + start
			}
			for j := start; ; {
				if j >= argc || j < 1 {
					break
				}
				if command.Is(argv[j], strings.ToUpper(ks.Keyword)) {
					first = j + 1
					break
				}
				if j == end {
					break
				}
				if start <= end {
					j++
				} else {
					j--
				}
			}
			if first == 0 {
				continue // keyword absent: this spec has no keys
			}
		default:
			return nil, false
		}
		var last, step int
		if ks.IsKeyNum() {
			step = ks.KeyStep
			if ks.KeyNumIdx >= argc-first {
				return nil, false
			}
			n, err := command.Int(argv[first+ks.KeyNumIdx])
			if err != nil || n < 0 || n > int64(argc) {
				return nil, false
			}
			first += ks.FirstKey
			last = first + int(n) - 1
		} else {
			step = ks.KeyStep
			switch {
			case ks.LastKey >= 0:
				last = first + ks.LastKey
			case ks.Limit == 0:
				last = argc + ks.LastKey
			default:
				last = first + ((argc-first)/ks.Limit + ks.LastKey)
			}
		}
		if last >= argc || last < first || first >= argc {
			return nil, false
		}
		if step < 1 {
			step = 1
		}
		for j := first; j <= last; j += step {
			keys = append(keys, keyRef{pos: j, flags: ks.Flags})
		}
	}
	return keys, true
}

// keyFinders are the commands whose keys depend on their arguments in ways
// key specs do not capture.
var keyFinders = map[string]func(argv [][]byte) ([]keyRef, bool){
	// SET's key is only read when GET is given.
	"set": func(argv [][]byte) ([]keyRef, bool) {
		flags := []string{"OW", "update"}
		for _, a := range argv[3:] {
			if command.Is(a, "GET") {
				flags = []string{"RW", "access", "update"}
			}
		}
		return []keyRef{{pos: 1, flags: flags}}, true
	},
	"sort":    sortKeys,
	"sort_ro": sortKeys,
}

// sortKeys finds SORT's keys: the sorted key and the STORE destination.
// BY and GET patterns name keys only through the data, so they are not
// reported, as in Valkey.
func sortKeys(argv [][]byte) ([]keyRef, bool) {
	keys := []keyRef{{pos: 1, flags: []string{"RO", "access"}}}
	for i := 2; i < len(argv); i++ {
		switch {
		case command.Is(argv[i], "LIMIT"):
			i += 2
		case command.Is(argv[i], "GET"), command.Is(argv[i], "BY"):
			i++
		case command.Is(argv[i], "STORE") && i+1 < len(argv):
			// The last STORE wins.
			if len(keys) == 2 {
				keys = keys[:1]
			}
			keys = append(keys, keyRef{pos: i + 1, flags: []string{"OW", "update"}})
			i++
		}
	}
	return keys, true
}

// COMMAND HELP
func (s *Server) commandHelp(c *command.Ctx) error {
	writeHelp(c, "COMMAND",
		"(no subcommand)",
		"    Describe every command.",
		"COUNT",
		"    Reply with the number of commands.",
		"GETKEYS <full-command>",
		"    Reply with the keys of a full command line.",
		"GETKEYSANDFLAGS <full-command>",
		"    Reply with the keys of a full command line and how the command uses each.",
		"INFO [<command-name> ...]",
		"    Describe the named commands, or every command.",
		"LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]",
		"    Reply with the command names, optionally filtered.",
		"DOCS [<command-name> ...]",
		"    Reply with the documentation of the named commands, or of every command.",
	)
	return nil
}
