// Package keyspace holds the databases: the dictionary of keys, their TTLs,
// lazy expiry on access and the active expiry cycle, and the single change
// hook that every modification goes through (dirty counter, WATCH,
// notifications, tracking, blocked-client wake-ups).
//
// Nothing here is safe for concurrent use: the server holds its keyspace
// lock around every command and every cron step that touches a database.
// The package knows nothing of the protocol; it imports internal/dict and
// internal/types.
package keyspace
