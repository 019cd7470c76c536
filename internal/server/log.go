package server

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// LogLevel is Valkey's loglevel: debug, verbose, notice, warning, nothing.
type LogLevel int

// The log levels, most verbose first.
const (
	LogDebug LogLevel = iota
	LogVerbose
	LogNotice
	LogWarning
	LogNothing
)

// ParseLogLevel maps a loglevel config value to a level.
func ParseLogLevel(s string) LogLevel {
	switch s {
	case "debug":
		return LogDebug
	case "verbose":
		return LogVerbose
	case "warning":
		return LogWarning
	case "nothing":
		return LogNothing
	}
	return LogNotice
}

// Logger writes lines in Valkey's log format,
//
//	pid:role dd Mon yyyy hh:mm:ss.mmm <mark> message
//
// where the mark is '.', '-', '*' or '#' for debug to warning, so operators'
// log tooling keeps working.
type Logger struct {
	mu    sync.Mutex
	out   io.Writer
	level LogLevel
	pid   int
	role  byte // 'C' before the server runs, 'M' for a primary
}

// NewLogger returns a logger writing to out at the given level.
func NewLogger(out io.Writer, level LogLevel) *Logger {
	return &Logger{out: out, level: level, pid: os.Getpid(), role: 'C'}
}

// SetLevel changes the level (CONFIG SET loglevel).
func (l *Logger) SetLevel(level LogLevel) {
	l.mu.Lock()
	l.level = level
	l.mu.Unlock()
}

func (l *Logger) setRole(r byte) {
	l.mu.Lock()
	l.role = r
	l.mu.Unlock()
}

var levelMarks = [...]byte{'.', '-', '*', '#'}

// Logf writes one line at level.
func (l *Logger) Logf(level LogLevel, format string, args ...any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if level < l.level || level >= LogNothing {
		return
	}
	now := time.Now()
	fmt.Fprintf(l.out, "%d:%c %s.%03d %c %s\n", l.pid, l.role,
		now.Format("02 Jan 2006 15:04:05"), now.Nanosecond()/1e6, levelMarks[level],
		fmt.Sprintf(format, args...))
}

// Noticef logs at notice level.
func (l *Logger) Noticef(format string, args ...any) { l.Logf(LogNotice, format, args...) }

// Warningf logs at warning level.
func (l *Logger) Warningf(format string, args ...any) { l.Logf(LogWarning, format, args...) }

// Verbosef logs at verbose level.
func (l *Logger) Verbosef(format string, args ...any) { l.Logf(LogVerbose, format, args...) }
