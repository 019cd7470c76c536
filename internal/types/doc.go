// Package types holds the value representations stored in the keyspace,
// independent of the protocol and of the keyspace itself: strings now, and
// the collection types with their compact and full encodings as they land.
// Encodings are reported with Valkey's names (OBJECT ENCODING).
//
// Values are not safe for concurrent use; the keyspace lock guards them.
// The package imports the standard library, internal/num and internal/dict.
package types
