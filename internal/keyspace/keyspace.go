package keyspace

import (
	"math/rand/v2"
	"time"
	"unsafe"

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

// ChangeFunc receives one keyspace event. key is only valid during the
// call (it may alias a client's read buffer or a stored key): the function
// must neither modify nor keep it.
type ChangeFunc func(db *DB, key []byte, class EventClass, event string)

// Stats are the keyspace counters INFO reports.
type Stats struct {
	Hits, Misses int64 // keyspace_hits, keyspace_misses
	// ExpiredKeys counts keys removed because their TTL passed, lazily or by
	// the active cycle (expired_keys). Keys deleted by EXPIRE with a time
	// in the past are not counted, as in Valkey.
	ExpiredKeys int64
	// ExpiredStaleKeys counts the keys the active cycle removed (a subset
	// of ExpiredKeys).
	ExpiredStaleKeys  int64
	ExpiredTimeCapped int64 // expired_time_cap_reached_count, kept by the server
	EvictedKeys       int64
}

// Keyspace is the set of numbered databases and the state they share: the
// clock, the hooks and the counters.
type Keyspace struct {
	dbs []*DB
	// now is the time of the running command in Unix milliseconds. Valkey
	// freezes the clock for the duration of a command, so a key cannot
	// expire halfway through it.
	now   int64
	clock func() time.Time
	rng   *rand.Rand

	// OnChange receives every change to a key: the writes commands record
	// with DB.Changed, and expiries (lazy or active, event "expired"). It
	// feeds WATCH, client tracking, notifications and blocked clients. nil
	// means nobody listens.
	OnChange ChangeFunc
	// OnNotify receives the events that are notifications only, not
	// changes: "new" (EventNew) when a key is created, before the command's
	// own event, and "keymiss" (EventKeyMiss) when a read finds no key.
	// They must not touch WATCH, tracking or the dirty counter.
	OnNotify ChangeFunc
	// OnFlush is called before FLUSHDB (db) or FLUSHALL (db == nil) empties
	// the data, while the keys are still there: WATCH of any key in the
	// flushed databases fails, tracking clients are told to drop everything.
	OnFlush func(db *DB)
	// OnSwap is called after SWAPDB exchanged the contents of a and b:
	// watched keys existing in either fail their transactions, and clients
	// blocked on keys that now exist may be woken.
	OnSwap func(a, b *DB)

	// Dirty counts changes since the last save.
	Dirty int64
	Stats Stats
	// ActiveExpire enables the periodic expiry cycle (DEBUG
	// SET-ACTIVE-EXPIRE).
	ActiveExpire bool
	stalePerc    float64
	// expireKeys is the expiry cycle's scratch list, reused between rounds.
	expireKeys []string
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

// Swap exchanges the contents of databases i and j (SWAPDB); both must be
// in range. Clients keep their selected index, so they see the other data
// afterwards. It counts one change and calls OnSwap.
func (ks *Keyspace) Swap(i, j int) {
	ks.Dirty++
	if i == j {
		return
	}
	a, b := ks.dbs[i], ks.dbs[j]
	a.dict, b.dict = b.dict, a.dict
	a.expires, b.expires = b.expires, a.expires
	a.avgTTL, b.avgTTL = b.avgTTL, a.avgTTL
	a.expireCursor, b.expireCursor = b.expireCursor, a.expireCursor
	if ks.OnSwap != nil {
		ks.OnSwap(a, b)
	}
}

// FlushAll empties every database (FLUSHALL) and returns how many keys
// were removed, which it adds to the dirty counter. OnFlush is called once,
// with nil, before anything is removed.
func (ks *Keyspace) FlushAll() int {
	if ks.OnFlush != nil {
		ks.OnFlush(nil)
	}
	n := 0
	for _, db := range ks.dbs {
		n += db.empty()
	}
	ks.Dirty += int64(n)
	return n
}

// Rand is the keyspace's random source (RANDOMKEY, sampling).
func (ks *Keyspace) Rand() *rand.Rand { return ks.rng }

// changed records a modification: one more change for the dirty counter,
// and the change hook.
func (ks *Keyspace) changed(db *DB, key []byte, class EventClass, event string) {
	ks.Dirty++
	if ks.OnChange != nil {
		ks.OnChange(db, key, class, event)
	}
}

// signal is changed without the dirty counter, for modifications that are
// not a command's writes (expiry).
func (ks *Keyspace) signal(db *DB, key []byte, class EventClass, event string) {
	if ks.OnChange != nil {
		ks.OnChange(db, key, class, event)
	}
}

// notify fires a notification-only event.
func (ks *Keyspace) notify(db *DB, key []byte, class EventClass, event string) {
	if ks.OnNotify != nil {
		ks.OnNotify(db, key, class, event)
	}
}

// view returns the bytes of a stored key without copying, for calls that
// only read them during the call.
func view(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// rehashBuckets is how many buckets one rehash step moves per table: small
// enough that a step under the keyspace lock stays in the microseconds.
const rehashBuckets = 100

// RehashStep advances the incremental resize of every database's tables,
// so idle databases finish growing or shrinking without waiting for
// writes (Valkey's activerehashing). It reports whether work remains.
func (ks *Keyspace) RehashStep() (more bool) {
	for _, db := range ks.dbs {
		if db.dict.RehashStep(rehashBuckets) {
			more = true
		}
		if db.expires.RehashStep(rehashBuckets) {
			more = true
		}
	}
	return more
}
