package command

import (
	"bytes"
	"strings"

	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/num"
	"github.com/trove-db/trove/internal/resp"
)

// Client is the per-connection state that commands read and change. The
// server's connection type embeds it and keeps the rest (sockets, buffers).
type Client struct {
	ID   int64
	Name string
	// LibName and LibVer come from CLIENT SETINFO.
	LibName, LibVer string
	// DB is the selected database index.
	DB int
	// Authenticated is false until AUTH succeeds when a password is set.
	Authenticated bool
	User          string
}

// Settings are the configuration values command handlers need, cached as
// plain fields. The server rewrites them under the keyspace lock when CONFIG
// SET changes a parameter, so handlers read them without synchronisation.
type Settings struct {
	ProtoMaxBulkLen int64
	// MaxmemoryPolicy is the maxmemory-policy value, e.g. "allkeys-lfu";
	// OBJECT FREQ and IDLETIME depend on whether it is an LFU policy.
	MaxmemoryPolicy string

	// Encoding thresholds: a collection keeps its compact encoding while
	// it stays within them (OBJECT ENCODING reports the change).
	ListMaxListpackSize    int64 // list-max-listpack-size: >0 entries, -1..-5 size classes
	HashMaxListpackEntries int64
	HashMaxListpackValue   int64
	SetMaxIntsetEntries    int64
	SetMaxListpackEntries  int64
	SetMaxListpackValue    int64
	ZSetMaxListpackEntries int64
	ZSetMaxListpackValue   int64
}

// LFU reports whether the eviction policy tracks access frequency.
func (s *Settings) LFU() bool {
	return s.MaxmemoryPolicy == "allkeys-lfu" || s.MaxmemoryPolicy == "volatile-lfu"
}

// Ctx is what a handler gets: the arguments, the reply writer, the client
// and the selected database. It is valid only during the call.
type Ctx struct {
	// Args[0] is the command name as the client sent it. Arguments alias the
	// connection's read buffer: anything kept beyond the call is copied.
	Args     [][]byte
	W        *resp.Writer
	Client   *Client
	KS       *keyspace.Keyspace
	DB       *keyspace.DB
	Spec     *Spec
	Settings *Settings
}

// Select makes database i the client's current one; i must be in range.
func (c *Ctx) Select(i int) {
	c.Client.DB = i
	c.DB = c.KS.DB(i)
}

// Is reports whether arg equals word ignoring ASCII case; word is upper
// case, as option names are written in the handlers.
func Is(arg []byte, word string) bool {
	return len(arg) == len(word) && strings.EqualFold(word, string(arg))
}

// Int parses an integer argument, failing with Valkey's error.
func Int(arg []byte) (int64, error) {
	n, ok := num.ParseInt(arg)
	if !ok {
		return 0, ErrNotInt
	}
	return n, nil
}

// Float parses a double argument, failing with Valkey's error.
func Float(arg []byte) (float64, error) {
	f, ok := num.ParseFloat(arg)
	if !ok {
		return 0, ErrNotFloat
	}
	return f, nil
}

// Clone copies an argument for storage beyond the call.
func Clone(arg []byte) []byte { return bytes.Clone(arg) }
