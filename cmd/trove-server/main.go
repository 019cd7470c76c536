// Command trove-server runs a trove server. Its command line is
// valkey-server's:
//
//	trove-server [/path/to/trove.conf] [--directive value ...] [-]
//
// The configuration file comes first, then "--name value" overrides in
// valkey.conf syntax; "-" reads more configuration from standard input.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/trove-db/trove/internal/config"
	"github.com/trove-db/trove/internal/server"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 1 {
		switch args[0] {
		case "-v", "--version":
			fmt.Printf("trove server v=%s (Valkey %s compatible) bits=64\n", server.Version, server.Version)
			return 0
		case "-h", "--help":
			usage()
			return 0
		}
	}
	cfg := config.New()
	if err := cfg.LoadArgs(args); err != nil {
		var pe *config.ParseError
		if errors.As(err, &pe) {
			fmt.Fprint(os.Stderr, pe.Report(server.Version))
		} else {
			fmt.Fprintln(os.Stderr, err)
		}
		return 1
	}
	srv, err := server.New(cfg, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv.Announce()
	if err := srv.Listen(); err != nil {
		srv.Logger().Warningf("%v", err)
		return 1
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	select {
	case sig := <-signals:
		srv.Logger().Warningf("Received %s scheduling shutdown...", signalName(sig))
	case <-srv.ShutdownRequested():
	case err := <-served:
		if err != nil {
			srv.Logger().Warningf("%v", err)
			return 1
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Logger().Warningf("User requested shutdown...")
	if err := srv.Shutdown(ctx); err != nil {
		srv.Logger().Warningf("Shutdown: %v", err)
		return 1
	}
	srv.Logger().Warningf("trove is now ready to exit, bye bye...")
	return 0
}

func signalName(sig os.Signal) string {
	if sig == syscall.SIGINT {
		return "SIGINT"
	}
	return "SIGTERM"
}

func usage() {
	fmt.Fprint(os.Stderr, `Usage: ./trove-server [/path/to/trove.conf] [options] [-]
       ./trove-server - (read config from stdin)
       ./trove-server -v or --version
       ./trove-server -h or --help

Examples:
       ./trove-server (run the server with default config)
       ./trove-server /etc/valkey/6379.conf
       ./trove-server --port 7777
       ./trove-server /etc/mytrove.conf --loglevel verbose -
       ./trove-server /etc/mytrove.conf --loglevel verbose

The configuration file uses valkey.conf syntax; every directive can also be
given on the command line as --directive value.
`)
}
