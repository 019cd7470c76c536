// Package config holds trove's configuration: one table of parameters (their
// names and aliases, kinds, defaults, bounds and mutability, in table.go)
// that drives everything configuration does in a valkey-server compatible
// way:
//
//   - reading valkey.conf files (LoadFile) and the valkey-server command line
//     (LoadArgs, ParseCommandLine, CommandLineAction): quoting and escapes,
//     include, repeated directives, the server's error texts (ParseError);
//   - CONFIG GET (Get), CONFIG SET (Set, SetWith, SetError), CONFIG REWRITE
//     (Rewrite) and CONFIG RESETSTAT (OnResetStat, ResetStat);
//   - typed reads for the server (Var, Int, Bool, String and the structured
//     accessors such as SaveParams and ClientOutputBufferLimits).
//
// Parameters follow valkey-server 8; the defaults, bounds and error texts were
// checked against the reference server (see the differential test). trove's
// own differences are noted in table.go: syslog-ident is "trove", and a few
// Valkey quirks are not copied (see parseMemory).
//
// # Concurrency
//
// A Config is safe for concurrent use. The current values form an immutable
// snapshot that writers (LoadFile, LoadArgs, Set, SetWith) replace as a whole
// under a mutex, and readers load with a single atomic operation: reads never
// block, never see a half-applied CONFIG SET, and cost no map lookup when
// done through a Var obtained once at startup. OnChange hooks run with the
// writer mutex held, after the new snapshot is published; they must not call
// Set, Rewrite or the Load methods. Rewrite holds the writer mutex while it
// writes the file.
//
// The package changes nothing outside itself: it does not chdir for dir,
// open log files or bind sockets. The server does that at startup and from
// OnChange hooks. It imports only the standard library.
package config
