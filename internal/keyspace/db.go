package keyspace

import (
	"github.com/trove-db/trove/internal/dict"
	"github.com/trove-db/trove/internal/types"
)

// DB is one numbered database: the keys, and the subset that has a TTL.
type DB struct {
	ID      int
	ks      *Keyspace
	dict    *dict.Dict[Entry]
	expires *dict.Dict[struct{}] // keys with a TTL, sampled by the expiry cycle
	avgTTL  int64                // estimate for INFO keyspace, kept by the cycle
}

func newDB(ks *Keyspace, id int) *DB {
	return &DB{ID: id, ks: ks, dict: dict.New[Entry](), expires: dict.New[struct{}]()}
}

// Keyspace returns the keyspace the database belongs to.
func (db *DB) Keyspace() *Keyspace { return db.ks }

// Len is the number of keys, including expired ones not yet removed.
func (db *DB) Len() int { return db.dict.Len() }

// ExpiresLen is the number of keys with a TTL.
func (db *DB) ExpiresLen() int { return db.expires.Len() }

// AvgTTL is the estimated average TTL in milliseconds of keys with one.
func (db *DB) AvgTTL() int64 { return db.avgTTL }

// find returns the entry for key, deleting it first if its TTL has passed.
// Side effects of an expiry: the expired event and counter.
func (db *DB) find(key []byte) *Entry {
	e := db.dict.Find(key)
	if e == nil {
		return nil
	}
	if e.ExpireAt != 0 && e.ExpireAt <= db.ks.now {
		db.expire(key)
		return nil
	}
	return e
}

func (db *DB) expire(key []byte) {
	db.remove(key)
	db.ks.Stats.ExpiredKeys++
	db.ks.changed(db, key, EventExpired, "expired")
}

// Lookup returns the live entry for key, for a read: it expires the key if
// its TTL passed, updates the access clock and counts a hit or a miss.
func (db *DB) Lookup(key []byte) *Entry {
	e := db.find(key)
	if e == nil {
		db.ks.Stats.Misses++
		return nil
	}
	db.ks.Stats.Hits++
	e.Access = db.ks.LRUClock()
	return e
}

// LookupWrite returns the live entry for key, for a command about to modify
// it: it expires the key if its TTL passed and updates the access clock,
// counting no hit or miss.
func (db *DB) LookupWrite(key []byte) *Entry {
	e := db.find(key)
	if e != nil {
		e.Access = db.ks.LRUClock()
	}
	return e
}

// Peek returns the live entry without touching the access clock or the
// counters (OBJECT, TYPE-like introspection). It still expires the key.
func (db *DB) Peek(key []byte) *Entry { return db.find(key) }

// Exists reports whether key is live, touching the access clock.
func (db *DB) Exists(key []byte) bool {
	e := db.find(key)
	if e != nil {
		e.Access = db.ks.LRUClock()
	}
	return e != nil
}

// Set stores v at key, replacing any value and its TTL (unless keepTTL). It
// returns the stored entry. The keyspace takes ownership of v; key is copied.
func (db *DB) Set(key []byte, v types.Value, keepTTL bool) *Entry {
	e := db.dict.Find(key)
	if e == nil {
		e, _ = db.dict.Set(key, Entry{Value: v, Access: db.ks.LRUClock()})
		return e
	}
	e.Value = v
	e.Access = db.ks.LRUClock()
	if e.ExpireAt != 0 && (!keepTTL || e.ExpireAt <= db.ks.now) {
		e.ExpireAt = 0
		db.expires.Delete(key)
	}
	return e
}

// Add stores v at a key known to be absent.
func (db *DB) Add(key []byte, v types.Value) *Entry {
	e, _ := db.dict.Set(key, Entry{Value: v, Access: db.ks.LRUClock()})
	return e
}

// Delete removes key if it is live and reports whether it was.
func (db *DB) Delete(key []byte) bool {
	if db.find(key) == nil {
		return false
	}
	db.remove(key)
	return true
}

func (db *DB) remove(key []byte) {
	if e, ok := db.dict.Delete(key); ok && e.ExpireAt != 0 {
		db.expires.Delete(key)
	}
}

// SetExpire sets the absolute expiry of a live key in Unix milliseconds. A
// time already past deletes the key, as Valkey does, and reports deleted.
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

// Flush removes every key and returns how many there were.
func (db *DB) Flush() int {
	n := db.dict.Len()
	db.dict.Clear()
	db.expires.Clear()
	db.avgTTL = 0
	return n
}

// Scan visits the keys of one step of a SCAN cursor; fn must not modify
// the database. Expired keys are skipped (and left for the caller to expire
// with Peek if it wants to).
func (db *DB) Scan(cursor uint64, fn func(key string, e *Entry)) uint64 {
	return db.dict.Scan(cursor, func(key string, e *Entry) {
		if e.ExpireAt != 0 && e.ExpireAt <= db.ks.now {
			return
		}
		fn(key, e)
	})
}

// Range visits every live key until fn returns false; fn must not modify
// the database.
func (db *DB) Range(fn func(key string, e *Entry) bool) {
	db.dict.Range(func(key string, e *Entry) bool {
		if e.ExpireAt != 0 && e.ExpireAt <= db.ks.now {
			return true
		}
		return fn(key, e)
	})
}

// RandomKey returns a random live key, expiring the dead ones it meets. It
// gives up after many expired picks, as Valkey does when a database holds
// mostly expired keys, and then returns any key it found.
func (db *DB) RandomKey() (string, bool) {
	for tries := 0; tries < 100; tries++ {
		key, e, ok := db.dict.Random(db.ks.rng)
		if !ok {
			return "", false
		}
		if e.ExpireAt == 0 || e.ExpireAt > db.ks.now {
			return key, true
		}
		db.expire([]byte(key))
	}
	return "", false
}
