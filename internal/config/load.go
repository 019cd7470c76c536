package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/trove-db/trove/internal/glob"
)

// ParseError is a configuration line the server cannot accept. The caller
// prints it with Report and exits, as valkey-server does.
type ParseError struct {
	// File is the file the line came from: the config file or an included
	// file, "-" for standard input, "" for the command line.
	File string
	// Line is the line number as valkey-server reports it: counted in the
	// text that was parsed in one go, which for the main config file is the
	// file, then standard input, then an empty line, then the command-line
	// directives; an included file counts from its own first line.
	Line int
	// Text is the offending line, trimmed.
	Text string
	// Reason says what is wrong, in valkey-server's words.
	Reason string
}

func (e *ParseError) Error() string {
	where := e.File
	if where == "" {
		where = "command line"
	}
	return fmt.Sprintf("config: %s, line %d: '%s': %s", where, e.Line, e.Text, e.Reason)
}

// Report returns the message valkey-server prints on standard error before
// exiting, naming trove and the given version:
//
//	*** FATAL CONFIG FILE ERROR (trove 1.0.0) ***
//	Reading the configuration file, at line 3
//	>>> 'hz abc'
//	argument couldn't be parsed into an integer
func (e *ParseError) Report(version string) string {
	var b strings.Builder
	b.WriteString("\n*** FATAL CONFIG FILE ERROR (trove " + version + ") ***\n")
	if e.Line > 0 {
		b.WriteString("Reading the configuration file, at line " + strconv.Itoa(e.Line) + "\n")
		b.WriteString(">>> '" + e.Text + "'\n")
	}
	b.WriteString(e.Reason + "\n")
	return b.String()
}

// OpenError is a config file (or included file) that cannot be read. Its
// Error text is the server's fatal message.
type OpenError struct {
	Path string
	Err  error
}

func (e *OpenError) Error() string {
	return "Fatal error, can't open config file '" + e.Path + "': " + errnoText(e.Err)
}

func (e *OpenError) Unwrap() error { return e.Err }

// ErrTestMemory is returned by LoadArgs for --test-memory, which trove does
// not implement.
var ErrTestMemory = errors.New("--test-memory is not supported by trove")

// Action is what the first command-line argument asks for instead of
// running the server.
type Action int

const (
	ActionRun        Action = iota // start the server
	ActionVersion                  // -v, --version: print the version and exit
	ActionHelp                     // -h, --help: print the usage and exit
	ActionTestMemory               // --test-memory: not supported
)

// CommandLineAction tells whether args (the arguments after the program
// name) ask for the version, the usage or the memory test instead of a
// server. Like valkey-server, only the first argument is looked at.
func CommandLineAction(args []string) Action {
	if len(args) == 0 {
		return ActionRun
	}
	switch args[0] {
	case "-v", "--version":
		return ActionVersion
	case "-h", "--help":
		return ActionHelp
	case "--test-memory":
		return ActionTestMemory
	}
	return ActionRun
}

// CommandLine is the command line, split the way valkey-server splits it.
type CommandLine struct {
	File    string // the config file ("" when none); may be a glob pattern
	Stdin   bool   // also read configuration from standard input ("-")
	Options string // the --name value directives, as config file text
}

// ParseCommandLine splits the arguments that follow the program name:
//
//	[configfile] [--name value ...] [-]
//
// The first argument is the config file unless it starts with "-". Each
// "--name" starts a directive and the arguments after it, up to the next
// "--name", are its values, quoted so that they reach the parser unchanged.
// The argument right after a bare "--name" is always a value, even if it
// starts with "--" (--requirepass --secret works). "--save" directly followed
// by another "--name", or last, means save "". An argument holding a space
// after its "--" ("--port 7000") is a whole directive. "-" as the first or
// last argument reads configuration from standard input.
func ParseCommandLine(args []string) CommandLine {
	var cl CommandLine
	j := 0
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cl.File = args[0]
		j = 1
	}
	var b strings.Builder
	nameDone := true // the previous argument was not a bare --name
	for ; j < len(args); j++ {
		a := args[j]
		switch {
		case a == "-" && (j == 0 || j == len(args)-1):
			cl.Stdin = true
		case nameDone && strings.HasPrefix(a, "--"):
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(a[2:])
			b.WriteByte(' ')
			if toks, ok := splitArgs(a); ok && len(toks) == 1 {
				nameDone = false
				if strings.EqualFold(a, "--save") {
					last := j == len(args)-1
					if last || strings.HasPrefix(args[j+1], "--") {
						b.WriteString(`""`)
						nameDone = true
					}
				}
			}
		default:
			b.WriteString(quote(a))
			b.WriteByte(' ')
			nameDone = true
		}
	}
	cl.Options = b.String()
	return cl
}

// LoadFile loads a config file, as valkey-server does when started with the
// file as its only argument. The file's path becomes the one CONFIG REWRITE
// writes.
func (c *Config) LoadFile(path string) error {
	return c.load(CommandLine{File: path}, nil)
}

// LoadArgs loads the configuration named by the command line args (the
// arguments after the program name; see ParseCommandLine), reading standard
// input for "-". The caller handles --version and --help first (see
// CommandLineAction); LoadArgs refuses them, and --test-memory.
//
// Errors are *ParseError for a bad line and *OpenError for an unreadable
// file. On error nothing is changed.
func (c *Config) LoadArgs(args []string) error {
	return c.LoadArgsFrom(args, os.Stdin)
}

// LoadArgsFrom is LoadArgs reading "-" from stdin instead of os.Stdin.
func (c *Config) LoadArgsFrom(args []string, stdin io.Reader) error {
	switch CommandLineAction(args) {
	case ActionVersion, ActionHelp:
		return fmt.Errorf("config: %q must be handled before loading the configuration", args[0])
	case ActionTestMemory:
		return ErrTestMemory
	}
	return c.load(ParseCommandLine(args), stdin)
}

// maxIncludeDepth bounds include nesting, so a file that includes itself
// fails instead of recursing forever.
const maxIncludeDepth = 32

// loader is the state of one load: the snapshot being built and what the
// directives seen so far imply.
type loader struct {
	st       *snapshot
	saveSeen bool // a save directive has replaced the default rules
	depth    int
}

// segment is a part of the parsed text that came from one source.
type segment struct {
	end  int    // byte offset where the segment ends
	name string // ParseError.File for lines starting before end
}

func (c *Config) load(cl CommandLine, stdin io.Reader) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	ld := &loader{st: c.cur.Load().clone()}

	var text strings.Builder
	var segs []segment
	if cl.File != "" {
		content, err := readConfig(cl.File)
		if err != nil {
			return err
		}
		text.WriteString(content)
		segs = append(segs, segment{end: text.Len(), name: cl.File})
	}
	if cl.Stdin {
		if stdin == nil {
			stdin = strings.NewReader("")
		}
		data, err := io.ReadAll(stdin)
		if err != nil {
			return &OpenError{Path: "-", Err: err}
		}
		text.Write(data)
		segs = append(segs, segment{end: text.Len(), name: "-"})
	}
	if cl.Options != "" {
		text.WriteString("\n")
		text.WriteString(cl.Options)
	}
	if err := ld.parse(text.String(), segs); err != nil {
		return err
	}
	if cl.File != "" && !glob.IsPattern(cl.File) {
		abs, err := filepath.Abs(cl.File)
		if err != nil {
			abs = cl.File
		}
		ld.st.file = abs
	}
	c.cur.Store(ld.st)
	return nil
}

// readConfig reads a config file, or every file matching a glob pattern in
// name order (none matching is not an error).
func readConfig(path string) (string, error) { return readConfigAs(path, path) }

// readConfigAs is readConfig for a path that errors show as shown.
func readConfigAs(path, shown string) (string, error) {
	if !glob.IsPattern(path) {
		data, err := os.ReadFile(path)
		if err != nil {
			return "", &OpenError{Path: shown, Err: err}
		}
		return string(data), nil
	}
	matches, err := filepath.Glob(path)
	if err != nil {
		return "", &OpenError{Path: shown, Err: err}
	}
	sort.Strings(matches)
	var b strings.Builder
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			return "", &OpenError{Path: m, Err: err}
		}
		b.Write(data)
	}
	return b.String(), nil
}

// parse applies every line of text. segs says which source each part of the
// text came from; lines after the last segment come from the command line.
func (ld *loader) parse(text string, segs []segment) error {
	off := 0
	for n, raw := range strings.Split(text, "\n") {
		start := off
		off += len(raw) + 1
		line := trimLine(raw)
		if line == "" || line[0] == '#' {
			continue
		}
		fail := func(reason string) error {
			src := ""
			for _, s := range segs {
				if start < s.end {
					src = s.name
					break
				}
			}
			return &ParseError{File: src, Line: n + 1, Text: line, Reason: reason}
		}
		args, ok := splitArgs(line)
		if !ok {
			return fail(reasonQuotes)
		}
		if len(args) == 0 {
			continue
		}
		args[0] = strings.ToLower(args[0])
		reason, err := ld.directive(args)
		if err != nil {
			return err
		}
		if reason != "" {
			return fail(reason)
		}
	}
	return nil
}

// directive applies one parsed line. It returns the reason the line is
// refused, or an error from an included file.
func (ld *loader) directive(args []string) (string, error) {
	name := args[0]
	if e, ok := lookup(name); ok {
		p := e.p
		if !p.is(flagMultiArg) && len(args) != 2 {
			return reasonWrongArgs, nil
		}
		v, reason := p.parse(args[1:], ld.st.v[p.index], ld)
		if reason != "" {
			return reason, nil
		}
		ld.st.v[p.index] = v
		return "", nil
	}
	switch name {
	case "include":
		if len(args) != 2 {
			return reasonBadDirective, nil
		}
		return "", ld.include(args[1])
	case "rename-command":
		if len(args) != 3 {
			return reasonBadDirective, nil
		}
		ld.st.renames = append(append([][2]string(nil), ld.st.renames...), [2]string{args[1], args[2]})
		return "", nil
	case "user":
		if len(args) < 2 {
			return reasonBadDirective, nil
		}
		ld.st.users = append(cloneLines(ld.st.users), args[1:])
		return "", nil
	case "loadmodule":
		if len(args) < 2 {
			return reasonBadDirective, nil
		}
		ld.st.modules = append(cloneLines(ld.st.modules), args[1:])
		return "", nil
	case "sentinel":
		// trove has no sentinel mode.
		if len(args) != 1 {
			return reasonSentinel, nil
		}
		return "", nil
	}
	if n, ok := deprecated[name]; ok && len(args)-1 == n {
		ld.st.warnings = append(append([]string(nil), ld.st.warnings...),
			"Configuration directive '"+name+"' is deprecated and was ignored")
		return "", nil
	}
	return reasonBadDirective, nil
}

// include loads another config file at this point of the current one. A
// relative path is relative to the working directory, which for
// valkey-server is the last dir set so far (it changes directory as soon as
// it reads a dir directive): here, the loader's current dir value.
func (ld *loader) include(path string) error {
	if ld.depth >= maxIncludeDepth {
		return &OpenError{Path: path, Err: errors.New("too many levels of include")}
	}
	full := path
	if !filepath.IsAbs(full) {
		full = filepath.Join(ld.st.v[dirIndex].s, full)
	}
	content, err := readConfigAs(full, path)
	if err != nil {
		return err
	}
	ld.depth++
	defer func() { ld.depth-- }()
	return ld.parse(content, []segment{{end: len(content) + 1, name: path}})
}
