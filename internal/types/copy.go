package types

import "unsafe"

// Copy returns an independent copy of the string in the same encoding, as
// COPY stores it.
func (s *String) Copy() Value {
	c := *s // every field, so the copy keeps the encoding
	c.b = nil
	if len(s.b) > 0 {
		c.b = append(make([]byte, 0, len(s.b)), s.b...)
	}
	return &c
}

// MemoryUsage is the heap the value holds: the String header and its byte
// buffer (its capacity, as spare room left by APPEND counts too).
func (s *String) MemoryUsage(int) int64 {
	return AllocSize(int(unsafe.Sizeof(String{}))) + AllocSize(cap(s.b))
}
