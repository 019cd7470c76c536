package command

import "strings"

// Flag is a command flag as COMMAND INFO lists it.
type Flag uint32

// The command flags, with the names COMMAND INFO uses.
const (
	FlagWrite Flag = 1 << iota
	FlagReadonly
	FlagDenyOOM
	FlagModule
	FlagAdmin
	FlagPubSub
	FlagNoScript
	FlagBlocking
	FlagLoading
	FlagStale
	FlagSkipMonitor
	FlagSkipSlowlog
	FlagFast
	FlagNoAuth
	FlagMayReplicate
	FlagNoMandatoryKeys
	FlagNoMulti
	FlagAllowBusy
	FlagSentinel
	FlagOnlySentinel
	FlagTouchesArbitraryKeys
	FlagAsking
	FlagNoAsyncLoading
	// FlagProtected marks commands that enable-debug-command or
	// enable-module-command must allow (DEBUG, MODULE). COMMAND INFO does
	// not show it.
	FlagProtected
)

// flagNames lists the flags COMMAND INFO shows, in its order. Valkey hides
// may_replicate, sentinel and only_sentinel, and derives movablekeys from the
// key specs (see Spec.MovableKeys), so they are not here.
var flagNames = []struct {
	flag Flag
	name string
}{
	{FlagWrite, "write"},
	{FlagReadonly, "readonly"},
	{FlagDenyOOM, "denyoom"},
	{FlagModule, "module"},
	{FlagAdmin, "admin"},
	{FlagPubSub, "pubsub"},
	{FlagNoScript, "noscript"},
	{FlagBlocking, "blocking"},
	{FlagLoading, "loading"},
	{FlagStale, "stale"},
	{FlagSkipMonitor, "skip_monitor"},
	{FlagSkipSlowlog, "skip_slowlog"},
	{FlagAsking, "asking"},
	{FlagFast, "fast"},
	{FlagNoAuth, "no_auth"},
	{FlagNoMandatoryKeys, "no_mandatory_keys"},
	{FlagNoAsyncLoading, "no_async_loading"},
	{FlagNoMulti, "no_multi"},
	{FlagAllowBusy, "allow_busy"},
}

// Names returns the flag names in COMMAND INFO order, without the derived
// movablekeys (see Spec.FlagNames).
func (f Flag) Names() []string {
	var out []string
	for _, fn := range flagNames {
		if f&fn.flag != 0 {
			out = append(out, fn.name)
		}
	}
	return out
}

// ACL categories, as ACL CAT lists them. Commands carry the categories that
// do not follow from their flags; Spec.Categories adds the derived ones
// (write, read, fast, slow, admin, dangerous, pubsub, blocking) as Valkey does.
type Category uint32

// The ACL categories.
const (
	CatKeyspace Category = 1 << iota
	CatRead
	CatWrite
	CatSet
	CatSortedSet
	CatList
	CatHash
	CatString
	CatBitmap
	CatHyperLogLog
	CatGeo
	CatStream
	CatPubSub
	CatAdmin
	CatFast
	CatSlow
	CatBlocking
	CatDangerous
	CatConnection
	CatTransaction
	CatScripting
)

// CategoryNames lists the categories in ACL CAT order.
var CategoryNames = []struct {
	Cat  Category
	Name string
}{
	{CatKeyspace, "keyspace"},
	{CatRead, "read"},
	{CatWrite, "write"},
	{CatSet, "set"},
	{CatSortedSet, "sortedset"},
	{CatList, "list"},
	{CatHash, "hash"},
	{CatString, "string"},
	{CatBitmap, "bitmap"},
	{CatHyperLogLog, "hyperloglog"},
	{CatGeo, "geo"},
	{CatStream, "stream"},
	{CatPubSub, "pubsub"},
	{CatAdmin, "admin"},
	{CatFast, "fast"},
	{CatSlow, "slow"},
	{CatBlocking, "blocking"},
	{CatDangerous, "dangerous"},
	{CatConnection, "connection"},
	{CatTransaction, "transaction"},
	{CatScripting, "scripting"},
}

// KeySpec describes where a command's keys are, in the form COMMAND INFO
// reports (Valkey's key specifications).
type KeySpec struct {
	// Notes explains unusual flags, as COMMAND INFO's "notes" shows it.
	Notes string
	// Flags such as "RW", "RO", "OW", "RM", "access", "update", "insert",
	// "delete", "not_key", "incomplete", "variable_flags".
	Flags []string
	// BeginSearch: Index > 0 means the keys start at that argument;
	// otherwise Keyword is searched from StartFrom (negative: from the end).
	// With neither, the position is unknown (begin_search and find_keys
	// both report type "unknown", as for SORT's BY and GET patterns).
	Index     int
	Keyword   string
	StartFrom int
	// FindKeys: a range (LastKey relative to the first key, -1 for the
	// last argument; KeyStep; Limit) unless IsKeyNum; then the argument at
	// KeyNumIdx (relative to the begin) holds the key count and the keys
	// start at FirstKey (relative to the begin) with step KeyStep.
	LastKey   int
	KeyStep   int
	Limit     int
	KeyNumIdx int
	FirstKey  int
	// KeyNum marks a keynum find_keys whose count is at KeyNumIdx 0 (EVAL,
	// FCALL); a non-zero KeyNumIdx implies keynum by itself.
	KeyNum bool
}

// IsKeyNum reports whether the keys are found by a key count argument
// (find_keys type keynum) rather than a range.
func (k *KeySpec) IsKeyNum() bool { return k.KeyNum || k.KeyNumIdx != 0 }

// Arg documents one argument for COMMAND DOCS, in Valkey's argument model.
type Arg struct {
	Name string
	// Type is "string", "integer", "double", "key", "pattern", "unix-time",
	// "pure-token", "oneof" or "block".
	Type         string
	DisplayText  string
	KeySpecIndex int // for Type "key": index into Spec.KeySpecs
	Token        string
	Summary      string
	Since        string
	// Flags: optional, multiple, multiple_token.
	Optional, Multiple, MultipleToken bool
	DeprecatedSince                   string
	Args                              []Arg // the choices of a oneof, the parts of a block
}

// Handler executes a command. It either writes its whole reply and returns
// nil, or writes nothing and returns the error to reply with. It validates
// every argument before it changes anything.
type Handler func(c *Ctx) error

// Spec describes a command once; dispatch, COMMAND INFO/DOCS/GETKEYS and ACL
// all read the same description.
type Spec struct {
	Name  string // lower case; "get", or "get" for the subcommand "config|get"
	Arity int    // n: exactly n arguments including the name; -n: at least n
	Flags Flag
	// Categories are the ACL categories beyond those derived from Flags.
	Categories Category
	// FirstKey, LastKey, KeyStep are the legacy key positions of COMMAND INFO.
	FirstKey, LastKey, KeyStep int
	KeySpecs                   []KeySpec
	Group                      string // "string", "generic", "server", "connection", ...
	Since                      string
	Summary                    string
	Complexity                 string
	Tips                       []string // "nondeterministic_output", "request_policy:all_shards", ...
	// Documentation for COMMAND DOCS, written in our own words.
	Args            []Arg
	History         [][2]string // version, change
	DocFlags        []string    // "deprecated", "syscmd"
	DeprecatedSince string
	ReplacedBy      string
	Subcommands     []*Spec
	Handler         Handler

	// parent is set for subcommands; fullName is computed once by
	// Table.Add so that dispatch can name the command without allocating.
	parent   *Spec
	fullName string
	// Stats are updated by dispatch under the keyspace lock.
	Stats Stats
}

// Stats are one command's counters for INFO commandstats and latencystats.
type Stats struct {
	Calls, Usec, RejectedCalls, FailedCalls int64
	// Latency holds the buckets of the command's latency histogram (INFO
	// latencystats, LATENCY HISTOGRAM). The server allocates it on the
	// first call and alone knows the bucket layout.
	Latency []uint64
}

// FullName is "config|get" for a subcommand and the name otherwise.
func (s *Spec) FullName() string {
	if s.fullName != "" {
		return s.fullName
	}
	if s.parent != nil {
		return s.parent.Name + "|" + s.Name
	}
	return s.Name
}

// FlagNames returns the flags COMMAND INFO shows for s, movablekeys
// included where the key specs call for it.
func (s *Spec) FlagNames() []string {
	names := s.Flags.Names()
	if s.MovableKeys() {
		// movablekeys comes after no_multi and before allow_busy.
		at := len(names)
		if s.Flags&FlagAllowBusy != 0 {
			at--
		}
		names = append(names[:at], append([]string{"movablekeys"}, names[at:]...)...)
	}
	return names
}

// MovableKeys reports whether the key positions depend on the arguments:
// some key spec does not start at a fixed index or does not cover a plain
// range, so the legacy first/last/step triple cannot describe the keys.
func (s *Spec) MovableKeys() bool {
	for _, ks := range s.KeySpecs {
		if ks.Index <= 0 || ks.IsKeyNum() {
			return true
		}
	}
	return false
}

// Unknown reports whether the spec's position is unknown.
func (k *KeySpec) Unknown() bool { return k.Index <= 0 && k.Keyword == "" }

// IsContainer reports whether s only groups subcommands (CONFIG, CLIENT).
func (s *Spec) IsContainer() bool { return len(s.Subcommands) > 0 }

// KeySpecFlags are the flags of a key specification that COMMAND
// GETKEYSANDFLAGS reports, in the order Valkey prints them.
var KeySpecFlags = []string{"RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags"}

// Parent returns the container of a subcommand, nil for a command.
func (s *Spec) Parent() *Spec { return s.parent }

// Categories returns every ACL category of the command, derived ones
// included, in ACL CAT order.
func (s *Spec) AllCategories() Category {
	c := s.Categories
	if s.Flags&FlagWrite != 0 {
		c |= CatWrite
	}
	if s.Flags&FlagReadonly != 0 && c&CatScripting == 0 {
		c |= CatRead
	}
	if s.Flags&FlagAdmin != 0 {
		c |= CatAdmin | CatDangerous
	}
	if s.Flags&FlagPubSub != 0 {
		c |= CatPubSub
	}
	if s.Flags&FlagFast != 0 {
		c |= CatFast
	}
	if s.Flags&FlagBlocking != 0 {
		c |= CatBlocking
	}
	if c&CatFast == 0 {
		c |= CatSlow
	}
	return c
}

// CategoryList returns the category names with their '@' as COMMAND INFO
// shows them.
func (c Category) List() []string {
	var out []string
	for _, cn := range CategoryNames {
		if c&cn.Cat != 0 {
			out = append(out, "@"+cn.Name)
		}
	}
	return out
}

// Table is the registry of commands. It is built once at start-up (module
// loading adds to it under the keyspace lock) and read by every dispatch.
type Table struct {
	commands map[string]*Spec
}

// NewTable returns an empty table.
func NewTable() *Table { return &Table{commands: make(map[string]*Spec)} }

// Add registers commands; a duplicate name is a programming error. The
// table keeps its own copy of each Spec (and of its subcommands), so that
// the counters in Stats belong to one server even when several servers in
// one process register the same package-level specs.
func (t *Table) Add(specs ...*Spec) {
	for _, orig := range specs {
		if _, dup := t.commands[orig.Name]; dup {
			panic("command: duplicate command " + orig.Name)
		}
		// The package-level originals are never written: several servers
		// in one process build their tables from them concurrently.
		s := new(Spec)
		*s = *orig
		s.Stats = Stats{}
		s.fullName = s.Name
		if len(orig.Subcommands) > 0 {
			s.Subcommands = make([]*Spec, len(orig.Subcommands))
			for i, o := range orig.Subcommands {
				sub := new(Spec)
				*sub = *o
				sub.Stats = Stats{}
				sub.parent = s
				sub.fullName = s.Name + "|" + sub.Name
				s.Subcommands[i] = sub
			}
		}
		t.commands[s.Name] = s
	}
}

// Remove unregisters a command (MODULE UNLOAD).
func (t *Table) Remove(name string) { delete(t.commands, name) }

// Lookup finds a command by name in any letter case without allocating.
func (t *Table) Lookup(name []byte) *Spec {
	var buf [32]byte
	if len(name) > len(buf) {
		return t.commands[strings.ToLower(string(name))]
	}
	lower := buf[:len(name)]
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	return t.commands[string(lower)]
}

// LookupSub finds a subcommand of s by name in any letter case.
func (s *Spec) LookupSub(name []byte) *Spec {
	for _, sub := range s.Subcommands {
		if len(sub.Name) == len(name) && strings.EqualFold(sub.Name, string(name)) {
			return sub
		}
	}
	return nil
}

// All calls fn for every command (not subcommands), in no fixed order.
func (t *Table) All(fn func(*Spec)) {
	for _, s := range t.commands {
		fn(s)
	}
}

// Len is the number of commands (COMMAND COUNT).
func (t *Table) Len() int { return len(t.commands) }

// CheckArity reports whether n arguments (the name included) suit s.
func (s *Spec) CheckArity(n int) bool {
	if s.Arity >= 0 {
		return n == s.Arity
	}
	return n >= -s.Arity
}
