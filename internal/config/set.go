package config

import "strings"

// SetError is a failed CONFIG SET. Its Error method returns the reply text,
// exactly as valkey-server words it, "ERR" prefix included.
type SetError struct {
	Arg     string // the parameter name as the client spelled it
	Reason  string // why it was refused
	Unknown bool   // no such parameter
}

func (e *SetError) Error() string {
	if e.Unknown {
		return "ERR Unknown option or number of arguments for CONFIG SET - '" + e.Arg + "'"
	}
	return "ERR CONFIG SET failed (possibly related to argument '" + e.Arg + "') - " + e.Reason
}

// Reasons for refusing a parameter before looking at its value.
const (
	reasonImmutable = "can't set immutable config"
	reasonProtected = "can't set protected config"
	reasonDuplicate = "duplicate parameter"
)

// SetOptions describes the client a CONFIG SET comes from.
type SetOptions struct {
	// LocalClient is true for a connection from a loopback address or a unix
	// socket; enable-protected-configs "local" lets such clients change
	// protected parameters.
	LocalClient bool
}

// Set implements CONFIG SET name value [name value ...] for a client that is
// not local; see SetWith.
func (c *Config) Set(pairs ...[2]string) error {
	return c.SetWith(SetOptions{}, pairs...)
}

// SetWith implements CONFIG SET. It is all or nothing: every name is checked
// first (unknown, immutable, protected, given twice), then every value is
// parsed, and only then are the new values published together and the
// OnChange hooks run. A hook error puts every value back. The error, if any,
// is a *SetError.
//
// Parameters that take several arguments (save, bind, ...) get their value
// split on single spaces, as the server does.
func (c *Config) SetWith(opts SetOptions, pairs ...[2]string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.cur.Load()

	params := make([]*param, len(pairs))
	for k, pr := range pairs {
		e, ok := lookup(pr[0])
		if !ok {
			return &SetError{Arg: pr[0], Unknown: true}
		}
		p := e.p
		if p.is(flagImmutable) {
			return &SetError{Arg: pr[0], Reason: reasonImmutable}
		}
		if p.is(flagProtected) && !protectedAllowed(old, opts) {
			return &SetError{Arg: pr[0], Reason: reasonProtected}
		}
		// The same spelling twice is refused; a name and its alias are two
		// parameters to the server, and the later one wins.
		for j := 0; j < k; j++ {
			if strings.EqualFold(pairs[j][0], pr[0]) {
				return &SetError{Arg: pr[0], Reason: reasonDuplicate}
			}
		}
		params[k] = p
	}

	next := old.clone()
	for k, pr := range pairs {
		p := params[k]
		args := []string{pr[1]}
		if p.is(flagMultiArg) {
			args = splitSpaces(pr[1])
		}
		v, reason := p.parse(args, next.v[p.index], nil)
		if reason != "" {
			return &SetError{Arg: pr[0], Reason: reason}
		}
		next.v[p.index] = v
	}
	c.cur.Store(next)

	// Run the hooks of the parameters that changed, once each.
	var applied []int
	done := map[int]bool{}
	for k, pr := range pairs {
		p := params[k]
		if done[p.index] {
			continue
		}
		done[p.index] = true
		nv := p.get(next.v[p.index])
		if nv == p.get(old.v[p.index]) {
			continue
		}
		for _, fn := range c.hooks[p.index] {
			if err := fn(nv); err != nil {
				c.cur.Store(old)
				c.restore(old, append(applied, p.index))
				return &SetError{Arg: pr[0], Reason: err.Error()}
			}
		}
		applied = append(applied, p.index)
	}
	return nil
}

// restore runs the hooks of the given parameters again with the values of
// old, after a failed CONFIG SET. Errors are ignored: there is nothing left to
// fall back to.
func (c *Config) restore(old *snapshot, idx []int) {
	for _, i := range idx {
		v := table[i].get(old.v[i])
		for _, fn := range c.hooks[i] {
			_ = fn(v)
		}
	}
}

func protectedAllowed(s *snapshot, opts SetOptions) bool {
	switch s.v[mustLookup("enable-protected-configs").index].n {
	case 1: // yes
		return true
	case 2: // local
		return opts.LocalClient
	}
	return false
}

// splitSpaces splits a CONFIG SET value on single spaces, keeping empty
// fields; the empty string has no fields.
func splitSpaces(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}
