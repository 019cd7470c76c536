package keyspace

import (
	"math/rand/v2"
	"time"

	"github.com/trove-db/trove/internal/types"
)

// Entry is what the dictionary stores for a key.
type Entry struct {
	Value types.Value
	// ExpireAt is the absolute expiry in Unix milliseconds, 0 for none.
	ExpireAt int64
	// Access is the LRU clock (seconds) of the last access, for OBJECT
	// IDLETIME and eviction.
	Access uint32
}

// EventClass is a keyspace-notification class (the letters of
// notify-keyspace-events).
type EventClass uint16

// The notification classes.
const (
	EventGeneric EventClass = 1 << iota // g
	EventString                         // $
	EventList                           // l
	EventSet                            // s
	EventHash                           // h
	EventZSet                           // z
	EventExpired                        // x
	EventEvicted                        // e
	EventStream                         // t
	EventKeyMiss                        // m
	EventModule                         // d
	EventNew                            // n
)

// ChangeFunc is called for every change to a key: after a write command
// modified it, when it expired or was evicted. Watch, tracking,
// notifications and blocked clients all hang off this one hook.
type ChangeFunc func(db *DB, key []byte, class EventClass, event string)

// Stats are the keyspace counters INFO reports.
type Stats struct {
	Hits, Misses      int64
	ExpiredKeys       int64
	ExpiredStaleKeys  int64 // expired keys found by the active cycle
	ExpiredTimeCapped int64
	EvictedKeys       int64
}

// Keyspace is the set of numbered databases and the state they share: the
// clock, the change hook and the counters.
type Keyspace struct {
	dbs []*DB
	// now is the time of the running command in Unix milliseconds. Valkey
	// freezes the clock for the duration of a command, so a key cannot
	// expire halfway through it.
	now   int64
	clock func() time.Time
	rng   *rand.Rand

	// OnChange receives every change; nil means nobody listens.
	OnChange ChangeFunc
	// Dirty counts changes since the last save.
	Dirty int64
	Stats Stats
	// ActiveExpire enables the periodic expiry cycle (DEBUG
	// SET-ACTIVE-EXPIRE).
	ActiveExpire bool
	stalePerc    float64
}

// New returns n empty databases using clock for time (time.Now if nil).
func New(n int, clock func() time.Time) *Keyspace {
	if clock == nil {
		clock = time.Now
	}
	ks := &Keyspace{clock: clock, rng: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())), ActiveExpire: true}
	ks.dbs = make([]*DB, n)
	for i := range ks.dbs {
		ks.dbs[i] = newDB(ks, i)
	}
	ks.Tick()
	return ks
}

// Tick freezes the clock at the current time; the server calls it before
// each command.
func (ks *Keyspace) Tick() { ks.now = ks.clock().UnixMilli() }

// Now is the frozen time in Unix milliseconds.
func (ks *Keyspace) Now() int64 { return ks.now }

// LRUClock is the current access clock value.
func (ks *Keyspace) LRUClock() uint32 { return uint32(ks.now / 1000) }

// Len is the number of databases.
func (ks *Keyspace) Len() int { return len(ks.dbs) }

// DB returns database i; i must be in range.
func (ks *Keyspace) DB(i int) *DB { return ks.dbs[i] }

// Swap exchanges the contents of databases i and j (SWAPDB). Clients keep
// their selected index, so they see the other data afterwards.
func (ks *Keyspace) Swap(i, j int) {
	a, b := ks.dbs[i], ks.dbs[j]
	a.dict, b.dict = b.dict, a.dict
	a.expires, b.expires = b.expires, a.expires
	a.avgTTL, b.avgTTL = b.avgTTL, a.avgTTL
}

// FlushAll empties every database and returns how many keys were removed.
func (ks *Keyspace) FlushAll() int {
	n := 0
	for _, db := range ks.dbs {
		n += db.Flush()
	}
	return n
}

// Rand is the keyspace's random source (RANDOMKEY, sampling).
func (ks *Keyspace) Rand() *rand.Rand { return ks.rng }

func (ks *Keyspace) changed(db *DB, key []byte, class EventClass, event string) {
	ks.Dirty++
	if ks.OnChange != nil {
		ks.OnChange(db, key, class, event)
	}
}
