// Package dict is the hash table that holds the keys of one database: a
// chained hash table over power-of-two bucket arrays, generic in the value
// type so the hot paths never box a value in an interface.
//
// What it provides:
//
//   - Find, Set and Delete that do not allocate, except for the node and the
//     key copy that Set makes when it adds a key.
//   - Incremental resizing. The table grows when it holds as many keys as it
//     has buckets and shrinks when fewer than one bucket in eight is used
//     (never below 4 buckets). A resize keeps two tables and moves a few
//     buckets per Find, Set and Delete; the server's cron calls RehashStep or
//     RehashFor to finish the work while the database is idle. No call moves
//     more than a small, fixed number of buckets, except RehashStep and
//     RehashFor, which do what they are asked.
//   - Scan with stateless cursors in the style of the SCAN command: every key
//     present for the whole of a scan is returned at least once, however the
//     table is resized and modified between calls. Keys may be returned more
//     than once.
//   - Random and SampleN for RANDOMKEY, eviction and expiry sampling.
//
// Concurrency: a Dict is not safe for concurrent use. The caller (the
// keyspace) holds the database's lock. Only Len, Buckets, Rehashing, Peek,
// Random and SampleN (with a nil or per-goroutine *rand.Rand) leave the
// dict unchanged and may run concurrently with each other under a shared
// lock. Every other method needs the lock exclusively: Find and FindString
// advance an incremental rehash, and Range and Scan mark the dict as being
// iterated.
//
// A Dict must not be modified from inside a Range or Scan callback; doing so
// panics. Lookups (Find, Peek) are allowed there, and rehashing is paused
// while a callback runs.
//
// Imports: only the standard library (hash/maphash, math/bits,
// math/rand/v2, strings, time, unsafe). It must not import any other trove
// package.
package dict
