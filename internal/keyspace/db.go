package keyspace

import (
	"unsafe"

	"github.com/trove-db/trove/internal/dict"
	"github.com/trove-db/trove/internal/types"
)

// DB is one numbered database: the keys, and the subset that has a TTL.
//
// Invariant: a key is in expires exactly when its entry has ExpireAt != 0.
type DB struct {
	ID      int
	ks      *Keyspace
	dict    *dict.Dict[Entry]
	expires *dict.Dict[struct{}] // keys with a TTL, swept by the expiry cycle
	avgTTL  int64                // estimate for INFO keyspace, kept by the cycle
	// expireCursor is where the active expiry cycle resumes its sweep of
	// expires (a dict.Scan cursor, so it survives resizes).
	expireCursor uint64
}

func newDB(ks *Keyspace, id int) *DB {
	return &DB{ID: id, ks: ks, dict: dict.New[Entry](), expires: dict.New[struct{}]()}
}

// LookupFlags leave out some side effects of LookupRead.
type LookupFlags uint8

// The lookup flags, named after Valkey's.
const (
	// NoTouch leaves the access clock alone (EXISTS, TYPE, TTL, OBJECT).
	NoTouch LookupFlags = 1 << iota
	// NoStats counts neither a hit nor a miss.
	NoStats
	// NoNotify fires no keymiss event on a miss (OBJECT).
	NoNotify
)

// Keyspace returns the keyspace the database belongs to.
func (db *DB) Keyspace() *Keyspace { return db.ks }

// Len is the number of keys, including expired ones not yet removed, as
// DBSIZE and INFO keyspace count them in Valkey.
func (db *DB) Len() int { return db.dict.Len() }

// ExpiresLen is the number of keys with a TTL.
func (db *DB) ExpiresLen() int { return db.expires.Len() }

// AvgTTL is the estimated average TTL in milliseconds of keys with one.
func (db *DB) AvgTTL() int64 { return db.avgTTL }

// Expired reports whether e, an entry of this database, has passed its TTL
// at the frozen time. Such an entry is still stored but no command may see
// it.
func (db *DB) Expired(e *Entry) bool { return e.ExpireAt != 0 && e.ExpireAt <= db.ks.now }

// find returns the live entry for key. A key whose TTL has passed is
// deleted first (lazy expiry): the "expired" event fires and expired_keys
// counts it.
func (db *DB) find(key []byte) *Entry {
	e := db.dict.Find(key)
	if e == nil || e.ExpireAt == 0 || e.ExpireAt > db.ks.now {
		return e
	}
	db.expireKey(key)
	return nil
}

// expireKey removes a key whose TTL has passed.
func (db *DB) expireKey(key []byte) {
	db.remove(key)
	db.ks.Stats.ExpiredKeys++
	db.ks.signal(db, key, EventExpired, "expired")
}

// LookupRead returns the live entry for key, for a read. Side effects,
// unless flags leave them out: expires the key if its TTL passed (always),
// updates the access clock, counts a hit or a miss, fires "keymiss".
func (db *DB) LookupRead(key []byte, flags LookupFlags) *Entry {
	e := db.find(key)
	if e == nil {
		if flags&NoStats == 0 {
			db.ks.Stats.Misses++
		}
		if flags&NoNotify == 0 {
			db.ks.notify(db, key, EventKeyMiss, "keymiss")
		}
		return nil
	}
	if flags&NoTouch == 0 {
		e.Access = db.ks.LRUClock()
	}
	if flags&NoStats == 0 {
		db.ks.Stats.Hits++
	}
	return e
}

// Lookup is LookupRead with every side effect: the lookup of a command
// that reads the value (GET).
func (db *DB) Lookup(key []byte) *Entry { return db.LookupRead(key, 0) }

// LookupWrite returns the live entry for key, for a command about to modify
// it: it expires the key if its TTL passed and updates the access clock,
// counting no hit or miss and firing no keymiss.
func (db *DB) LookupWrite(key []byte) *Entry {
	e := db.find(key)
	if e != nil {
		e.Access = db.ks.LRUClock()
	}
	return e
}

// Peek returns the live entry without touching the access clock or the
// counters. It still expires the key.
func (db *DB) Peek(key []byte) *Entry { return db.find(key) }

// Exists reports whether key is live, as EXISTS does: it counts a hit or a
// miss but leaves the access clock alone. It does not allocate.
func (db *DB) Exists(key []byte) bool { return db.LookupRead(key, NoTouch) != nil }

// Set stores v at key, replacing any value and its TTL (unless keepTTL),
// and returns the stored entry. A key created fires "new". The keyspace
// takes ownership of v; key is copied.
func (db *DB) Set(key []byte, v types.Value, keepTTL bool) *Entry {
	e := db.find(key)
	if e == nil {
		return db.Put(key, v, 0)
	}
	e.Value = v
	e.Access = db.ks.LRUClock()
	if e.ExpireAt != 0 && !keepTTL {
		e.ExpireAt = 0
		db.expires.Delete(key)
	}
	return e
}

// Add stores v at a key known to be absent (the caller looked it up) and
// fires "new".
func (db *DB) Add(key []byte, v types.Value) *Entry { return db.Put(key, v, 0) }

// Put stores v at an absent key with the absolute expiry expireAt (0 for
// none) and fires "new"; the access clock starts now, as for any new key.
// It is how RENAME, MOVE, COPY and RESTORE recreate a key.
func (db *DB) Put(key []byte, v types.Value, expireAt int64) *Entry {
	e, added := db.dict.Set(key, Entry{Value: v, ExpireAt: expireAt, Access: db.ks.LRUClock()})
	if !added {
		// The caller broke the precondition (an expired key it did not
		// look up was still stored). The entry is replaced; keep expires
		// in step with it.
		db.expires.Delete(key)
	}
	if expireAt != 0 {
		db.expires.Set(key, struct{}{})
	}
	db.ks.notify(db, key, EventNew, "new")
	return e
}

// Delete removes key if it is live and reports whether it was. An expired
// key is expired instead (event "expired") and reported absent. The caller
// records the deletion with Changed.
func (db *DB) Delete(key []byte) bool {
	if db.find(key) == nil {
		return false
	}
	db.remove(key)
	return true
}

// Take removes the live key and returns its value and expiry, firing no
// event: the caller stores them elsewhere (RENAME, MOVE).
func (db *DB) Take(key []byte) (v types.Value, expireAt int64, ok bool) {
	e := db.find(key)
	if e == nil {
		return nil, 0, false
	}
	v, expireAt = e.Value, e.ExpireAt
	db.remove(key)
	return v, expireAt, true
}

// Rename moves the live key src to dst, replacing whatever dst held, with
// its value and TTL; dst fires "new". src and dst must differ. The caller
// records rename_from and rename_to.
func (db *DB) Rename(src, dst []byte) {
	v, at, ok := db.Take(src)
	if !ok {
		return
	}
	db.remove(dst)
	db.Put(dst, v, at)
}

// MoveTo moves the live key to the same name in database to, which must not
// hold it; its TTL goes with it. The caller records move_from and move_to.
func (db *DB) MoveTo(key []byte, to *DB) {
	v, at, ok := db.Take(key)
	if !ok {
		return
	}
	to.Put(key, v, at)
}

func (db *DB) remove(key []byte) {
	if e, ok := db.dict.Delete(key); ok && e.ExpireAt != 0 {
		db.expires.Delete(key)
	}
}

// SetExpire sets the absolute expiry of a live key in Unix milliseconds. A
// time not after now deletes the key instead, as Valkey does for EXPIRE in
// the past, and reports deleted: the caller records "del" (that is not an
// expiry: expired_keys does not count it).
func (db *DB) SetExpire(key []byte, at int64) (deleted bool) {
	e := db.dict.Find(key)
	if e == nil {
		return false
	}
	if at <= db.ks.now {
		db.remove(key)
		return true
	}
	if e.ExpireAt == 0 {
		db.expires.Set(key, struct{}{})
	}
	e.ExpireAt = at
	return false
}

// Persist removes the TTL of a live key and reports whether it had one.
func (db *DB) Persist(key []byte) bool {
	e := db.find(key)
	if e == nil || e.ExpireAt == 0 {
		return false
	}
	e.ExpireAt = 0
	db.expires.Delete(key)
	return true
}

// Changed records a change to key made by a command: the dirty counter, the
// change hook (WATCH, notifications, tracking, blocked clients).
func (db *DB) Changed(key []byte, class EventClass, event string) {
	db.ks.changed(db, key, class, event)
}

// Flush empties the database (FLUSHDB) and returns how many keys there
// were, which it adds to the dirty counter. OnFlush is called first.
func (db *DB) Flush() int {
	if db.ks.OnFlush != nil {
		db.ks.OnFlush(db)
	}
	n := db.empty()
	db.ks.Dirty += int64(n)
	return n
}

func (db *DB) empty() int {
	n := db.dict.Len()
	db.dict.Clear()
	db.expires.Clear()
	db.avgTTL = 0
	db.expireCursor = 0
	return n
}

// Scan visits the keys in the buckets selected by cursor and returns the
// next cursor (0 when the scan is complete), with the guarantee of
// dict.Scan: a key present from the first call to the last is visited at
// least once, whatever happens between calls. Expired keys are visited too,
// with expired set: the caller must not show them, and may expire them
// with Peek after Scan returns. fn must not modify the database.
func (db *DB) Scan(cursor uint64, fn func(key string, e *Entry, expired bool)) uint64 {
	now := db.ks.now
	return db.dict.Scan(cursor, func(key string, e *Entry) {
		fn(key, e, e.ExpireAt != 0 && e.ExpireAt <= now)
	})
}

// Range visits every live key until fn returns false; fn must not modify
// the database. Expired keys are skipped, not deleted (as KEYS does).
func (db *DB) Range(fn func(key string, e *Entry) bool) {
	now := db.ks.now
	db.dict.Range(func(key string, e *Entry) bool {
		if e.ExpireAt != 0 && e.ExpireAt <= now {
			return true
		}
		return fn(key, e)
	})
}

// RandomKey returns a random live key. The expired keys it draws are
// expired on the way, as Valkey does on a primary, so the loop ends: each
// round either returns or removes a key.
func (db *DB) RandomKey() (string, bool) {
	for {
		key, e, ok := db.dict.Random(db.ks.rng)
		if !ok {
			return "", false
		}
		if e.ExpireAt == 0 || e.ExpireAt > db.ks.now {
			return key, true
		}
		db.expireKey(view(key))
	}
}

// Per-entry overheads of the dictionaries, for MemoryUsage: a dict node is
// the key's string header, the chain pointer and the value.
const (
	stringHeader = int(unsafe.Sizeof(""))
	pointerSize  = int(unsafe.Sizeof(uintptr(0)))
	keyNodeSize  = stringHeader + pointerSize + int(unsafe.Sizeof(Entry{}))
	ttlNodeSize  = stringHeader + pointerSize
	// valueFloor is what a value that cannot measure itself is counted
	// at: its header.
	valueFloor = 16
)

// MemoryUsage estimates the bytes key costs in memory (MEMORY USAGE): the
// dictionary node, the key's bytes, its share of the bucket array, the same
// again in the expiry index if it has a TTL, and the value with what it
// points to. samples bounds how many elements of a collection are measured
// (0: all). It expires the key if its TTL passed and counts no hit.
func (db *DB) MemoryUsage(key []byte, samples int) (int64, bool) {
	e := db.find(key)
	if e == nil {
		return 0, false
	}
	keyBytes := types.AllocSize(len(key))
	n := types.AllocSize(keyNodeSize) + keyBytes + bucketShare(db.dict.Buckets, db.dict.Len())
	if e.ExpireAt != 0 {
		n += types.AllocSize(ttlNodeSize) + keyBytes + bucketShare(db.expires.Buckets, db.expires.Len())
	}
	if s, ok := e.Value.(types.Sizer); ok {
		n += s.MemoryUsage(samples)
	} else {
		n += valueFloor
	}
	return n, true
}

// bucketShare is one entry's share of a dictionary's bucket arrays.
func bucketShare(buckets func() (int, int), entries int) int64 {
	if entries == 0 {
		return 0
	}
	main, rehashing := buckets()
	return int64((main+rehashing)*pointerSize+entries-1) / int64(entries)
}
