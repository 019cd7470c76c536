// Package trove embeds a trove server in a Go program: a key-value server
// that speaks the Valkey protocol and behaves like valkey-server 8.x.
//
//	srv, err := trove.Start(trove.Options{})
//	if err != nil { ... }
//	defer srv.Close()
//	// connect any Valkey or Redis client to srv.Addr()
//
// By default an embedded server listens on a free port of 127.0.0.1, keeps
// no files and logs nothing; Options.Config takes valkey.conf directives to
// change that. A Server is safe for concurrent use.
package trove

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/trove-db/trove/internal/config"
	"github.com/trove-db/trove/internal/server"
)

// Options configure an embedded server.
type Options struct {
	// Config holds configuration directives as valkey.conf lines, for
	// example "maxmemory 100mb" or `save ""`. They apply after the
	// embedding defaults (port 0 on 127.0.0.1, no snapshots).
	Config []string
	// Log receives the server's log lines; nil discards them.
	Log io.Writer
}

// Server is a running embedded server.
type Server struct {
	srv      *server.Server
	done     chan error
	stopOnce sync.Once
	stopErr  error
}

// embedDefaults make an embedded server private and disposable unless the
// caller says otherwise.
var embedDefaults = []string{"port 0", "bind 127.0.0.1", `save ""`}

// Start configures a server, starts listening and serves in the background.
// When Start returns, Addr accepts connections.
func Start(opts Options) (*Server, error) {
	cfg := config.New()
	lines := append(append([]string{}, embedDefaults...), opts.Config...)
	// The lines load as if piped to "trove-server -".
	if err := cfg.LoadArgsFrom([]string{"-"}, strings.NewReader(strings.Join(lines, "\n"))); err != nil {
		return nil, err
	}
	out := opts.Log
	if out == nil {
		out = io.Discard
	}
	srv, err := server.New(cfg, out)
	if err != nil {
		return nil, err
	}
	if err := srv.Listen(); err != nil {
		return nil, err
	}
	s := &Server{srv: srv, done: make(chan error, 1)}
	go func() { s.done <- srv.Serve() }()
	return s, nil
}

// Addr is the "host:port" the server listens on.
func (s *Server) Addr() string { return s.srv.Addr().String() }

// Close stops the server: it closes the listeners and every connection and
// waits up to ten seconds for them to finish.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.Shutdown(ctx)
}

// Shutdown is Close with the caller's deadline.
// Calling it again returns the first call's result.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopOnce.Do(func() {
		if err := s.srv.Shutdown(ctx); err != nil {
			s.stopErr = err
			return
		}
		select {
		case s.stopErr = <-s.done:
		case <-ctx.Done():
			s.stopErr = ctx.Err()
		}
	})
	return s.stopErr
}
