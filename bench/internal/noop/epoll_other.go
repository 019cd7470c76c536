//go:build !linux

package noop

import "errors"

// EpollServer exists only on Linux.
type EpollServer struct{}

// ListenEpoll fails outside Linux: the event-loop baseline uses epoll.
func ListenEpoll(addr string, loops int) (*EpollServer, error) {
	return nil, errors.New("noop: the epoll baseline runs on Linux only")
}

// Addr is empty outside Linux.
func (s *EpollServer) Addr() string { return "" }

// Serve does nothing outside Linux.
func (s *EpollServer) Serve() error { return nil }

// Close does nothing outside Linux.
func (s *EpollServer) Close() {}
