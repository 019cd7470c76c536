// Package keyspace holds the databases: the dictionary of keys, their TTLs,
// lazy expiry on access and the active expiry cycle, and the hooks every
// modification goes through (dirty counter, WATCH, notifications,
// tracking, blocked-client wake-ups).
//
// Hooks: OnChange receives changes (a command's writes recorded with
// DB.Changed, and expiries); OnNotify receives notification-only events
// ("new", "keymiss"); OnFlush and OnSwap announce FLUSHDB/FLUSHALL and
// SWAPDB. They run synchronously, under the keyspace lock, and must not
// call back into the keyspace to modify it.
//
// Nothing here is safe for concurrent use: the server holds its keyspace
// lock around every command and every cron step that touches a database.
// The package knows nothing of the protocol; it imports internal/dict and
// internal/types.
package keyspace
