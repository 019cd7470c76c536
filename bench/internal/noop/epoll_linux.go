package noop

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/trove-db/trove/internal/resp"
)

// EpollServer is the event-loop baseline: Loops goroutines, each locked to
// an OS thread, each with its own epoll instance and its own listening
// socket on the same address (SO_REUSEPORT lets the kernel spread incoming
// connections across them). A loop owns its connections for their whole
// life, so loops share nothing and take no locks.
//
// Sockets are non-blocking and level-triggered. On a readable event a loop
// reads once, parses every complete request, and writes the replies with one
// call, the way an event-loop server such as Valkey handles a pipeline. When
// a write is short the loop stops reading that connection until the rest of
// the replies are out.
type EpollServer struct {
	addr  netip.AddrPort
	loops []*loop

	wg sync.WaitGroup
	// mu guards err and stopped, and orders Close's wake-up writes before
	// Serve closes the descriptors.
	mu      sync.Mutex
	err     error
	stopped bool
}

type loop struct {
	epfd, lfd int
	// wake is an eventfd that Close writes to, so EpollWait returns.
	wake  int
	conns map[int]*epollConn
	srv   *EpollServer
}

type epollConn struct {
	fd  int
	rd  *resp.Reader
	out []byte
	// sent is how much of out a short write already sent; waiting is set
	// while the connection waits for EPOLLOUT instead of EPOLLIN.
	sent    int
	waiting bool
}

// fdReader lets resp.Reader read a non-blocking socket: EAGAIN comes back as
// an error, which ends the read for this event, and the unread state stays
// in the Reader for the next one.
type fdReader int

func (f fdReader) Read(p []byte) (int, error) {
	n, err := unix.Read(int(f), p)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// ListenEpoll opens loops listening sockets on addr (an IPv4 "host:port";
// port 0 picks a free port shared by all loops) and prepares their epoll
// instances. Serve runs them.
func ListenEpoll(addr string, loops int) (*EpollServer, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil || !ap.Addr().Is4() {
		return nil, fmt.Errorf("noop: %q is not an IPv4 host:port", addr)
	}
	if loops < 1 {
		return nil, errors.New("noop: at least one loop is needed")
	}
	s := &EpollServer{addr: ap}
	for range loops {
		l, err := s.newLoop()
		if err != nil {
			s.closeFDs()
			return nil, err
		}
		s.loops = append(s.loops, l)
	}
	return s, nil
}

// Addr is the address every loop listens on.
func (s *EpollServer) Addr() string { return s.addr.String() }

func (s *EpollServer) newLoop() (*loop, error) {
	l := &loop{epfd: -1, lfd: -1, wake: -1, conns: make(map[int]*epollConn), srv: s}
	fail := func(what string, err error) (*loop, error) {
		l.closeFDs()
		return nil, fmt.Errorf("noop: %s: %w", what, err)
	}
	var err error
	if l.lfd, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0); err != nil {
		return fail("socket", err)
	}
	if err = unix.SetsockoptInt(l.lfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		return fail("SO_REUSEADDR", err)
	}
	if err = unix.SetsockoptInt(l.lfd, unix.SOL_SOCKET, unix.SO_REUSEPORT, 1); err != nil {
		return fail("SO_REUSEPORT", err)
	}
	if err = unix.Bind(l.lfd, &unix.SockaddrInet4{Port: int(s.addr.Port()), Addr: s.addr.Addr().As4()}); err != nil {
		return fail("bind "+s.addr.String(), err)
	}
	if s.addr.Port() == 0 {
		// The first loop's free port becomes everyone's.
		sa, err := unix.Getsockname(l.lfd)
		if err != nil {
			return fail("getsockname", err)
		}
		s.addr = netip.AddrPortFrom(s.addr.Addr(), uint16(sa.(*unix.SockaddrInet4).Port))
	}
	if err = unix.Listen(l.lfd, 511); err != nil {
		return fail("listen", err)
	}
	if l.epfd, err = unix.EpollCreate1(unix.EPOLL_CLOEXEC); err != nil {
		return fail("epoll_create1", err)
	}
	if l.wake, err = unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC); err != nil {
		return fail("eventfd", err)
	}
	for _, fd := range []int{l.lfd, l.wake} {
		if err = unix.EpollCtl(l.epfd, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(fd)}); err != nil {
			return fail("epoll_ctl", err)
		}
	}
	return l, nil
}

// Serve runs every loop and returns when Close stopped them, with the first
// error a loop failed with.
func (s *EpollServer) Serve() error {
	for _, l := range s.loops {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := l.run(); err != nil {
				s.mu.Lock()
				if s.err == nil {
					s.err = err
				}
				s.mu.Unlock()
				s.Close()
			}
		}()
	}
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	s.closeFDs()
	return s.err
}

// Close makes every loop return; Serve then closes the sockets. It may be
// called more than once, and from any goroutine.
func (s *EpollServer) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	one := []byte{1, 0, 0, 0, 0, 0, 0, 0}
	for _, l := range s.loops {
		unix.Write(l.wake, one)
	}
}

func (s *EpollServer) closeFDs() {
	for _, l := range s.loops {
		l.closeFDs()
	}
}

func (l *loop) closeFDs() {
	for fd := range l.conns {
		unix.Close(fd)
		delete(l.conns, fd)
	}
	for _, fd := range []*int{&l.lfd, &l.epfd, &l.wake} {
		if *fd >= 0 {
			unix.Close(*fd)
			*fd = -1
		}
	}
}

func (l *loop) run() error {
	// The loop blocks in epoll_wait; a thread of its own keeps that from
	// costing the Go scheduler a handoff on every wake-up.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	events := make([]unix.EpollEvent, 128)
	for {
		n, err := unix.EpollWait(l.epfd, events, -1)
		if err != nil {
			if err == unix.EINTR {
				continue
			}
			return fmt.Errorf("noop: epoll_wait: %w", err)
		}
		for i := range n {
			ev := &events[i]
			switch fd := int(ev.Fd); fd {
			case l.wake:
				return nil
			case l.lfd:
				if err := l.accept(); err != nil {
					return err
				}
			default:
				if c := l.conns[fd]; c != nil {
					l.handle(c)
				}
			}
		}
	}
}

// accept takes every pending connection.
func (l *loop) accept() error {
	for {
		fd, _, err := unix.Accept4(l.lfd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		switch {
		case err == unix.EAGAIN || err == unix.EINTR || err == unix.ECONNABORTED:
			return nil
		case err == unix.EMFILE || err == unix.ENFILE:
			// Out of descriptors: leave the rest in the backlog.
			return nil
		case err != nil:
			return fmt.Errorf("noop: accept: %w", err)
		}
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		if err := unix.EpollCtl(l.epfd, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(fd)}); err != nil {
			unix.Close(fd)
			continue
		}
		l.conns[fd] = &epollConn{fd: fd, rd: resp.NewReader(fdReader(fd)), out: make([]byte, 0, 4096)}
	}
}

func (l *loop) handle(c *epollConn) {
	if c.waiting {
		// Only room for output is awaited, and reading stays off until the
		// replies are out; an error or hang-up shows as a failed write.
		l.flush(c)
		return
	}
	switch err := c.rd.Fill(); {
	case err == unix.EAGAIN || err == unix.EINTR:
		return
	case err != nil:
		l.drop(c)
		return
	}
	for {
		args, err := c.rd.Next()
		if err != nil {
			var pe *resp.ProtocolError
			if errors.As(err, &pe) {
				unix.Write(c.fd, resp.AppendError(c.out, pe.Reply()))
			}
			l.drop(c)
			return
		}
		if args == nil {
			break
		}
		c.out = Reply(c.out, args)
	}
	l.flush(c)
}

// flush writes the pending replies and reports whether the connection is
// still open. A short write switches the connection to wait for EPOLLOUT
// only; a completed one switches it back to EPOLLIN.
func (l *loop) flush(c *epollConn) bool {
	for c.sent < len(c.out) {
		n, err := unix.Write(c.fd, c.out[c.sent:])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			if c.waiting {
				return true
			}
			c.waiting = true
			return l.watch(c, unix.EPOLLOUT)
		case err != nil:
			l.drop(c)
			return false
		}
		c.sent += n
	}
	c.out, c.sent = c.out[:0], 0
	if c.waiting {
		c.waiting = false
		return l.watch(c, unix.EPOLLIN)
	}
	return true
}

func (l *loop) watch(c *epollConn, events uint32) bool {
	if err := unix.EpollCtl(l.epfd, unix.EPOLL_CTL_MOD, c.fd, &unix.EpollEvent{Events: events, Fd: int32(c.fd)}); err != nil {
		l.drop(c)
		return false
	}
	return true
}

func (l *loop) drop(c *epollConn) {
	delete(l.conns, c.fd)
	unix.Close(c.fd) // closing removes it from the epoll set
}
