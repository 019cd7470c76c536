package main

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// loadBatch is how many SETs the loader pipelines before reading replies.
const loadBatch = 1000

// appendPadded appends n in decimal, zero-padded to width digits, the way
// redis-benchmark writes __rand_int__ (12 digits).
func appendPadded(b []byte, n int64, width int) []byte {
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], n, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// loadKeys sets keys prefix+%012d for i in [first, first+count) with the
// value value(i), pipelining loadBatch SETs at a time, and checks that every
// reply is +OK. The key format is redis-benchmark's, so a prefill with
// prefix "key:" and first 0 covers exactly the keys -r picks from.
func loadKeys(ctx context.Context, addr, prefix string, first, count int64, value func(dst []byte, i int64) []byte) error {
	c, err := dial(addr, 2*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	set := []byte("SET")
	var key, val []byte
	for start := first; start < first+count; start += loadBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(start+loadBatch, first+count)
		for i := start; i < end; i++ {
			key = appendPadded(append(key[:0], prefix...), i, 12)
			val = value(val[:0], i)
			c.appendCommand(set, key, val)
		}
		if err := c.flush(30 * time.Second); err != nil {
			return err
		}
		for i := start; i < end; i++ {
			rep, err := readReply(c.r)
			if err != nil {
				return err
			}
			if rep.kind != '+' || rep.str != "OK" {
				return fmt.Errorf("SET %s%012d answered %s", prefix, i, rep)
			}
		}
	}
	return nil
}

// benchValue is redis-benchmark's default 3-byte value, used for the
// prefill so that overwriting SETs do not change the dataset's size.
func benchValue(dst []byte, _ int64) []byte { return append(dst, "xxx"...) }

// memValue is the 16-byte value of the memory test: "val:" and 12 digits.
func memValue(dst []byte, i int64) []byte { return appendPadded(append(dst, "val:"...), i, 12) }

// memResult is the memory footprint of one server before and after loading
// Keys keys.
type memResult struct {
	Server   string `json:"server"`
	Keys     int64  `json:"keys"`
	KeyBytes int    `json:"key_bytes"`
	ValBytes int    `json:"value_bytes"`
	// UsedBefore/After are INFO memory used_memory; -1 when missing.
	UsedBefore int64   `json:"used_memory_before"`
	UsedAfter  int64   `json:"used_memory_after"`
	RSSBefore  int64   `json:"rss_before"`
	RSSAfter   int64   `json:"rss_after"`
	UsedPerKey float64 `json:"used_memory_per_key"` // (after-before)/keys; 0 when missing
	RSSPerKey  float64 `json:"rss_per_key"`
	LoadSecs   float64 `json:"load_seconds"`
	Note       string  `json:"note,omitempty"`
}

// memSnapshot reads used_memory (or -1 and a note) and VmRSS of s.
func memSnapshot(s *server) (used, rss int64, note string, err error) {
	used = -1
	v, ok, err := infoField(s.Addr, "memory", "used_memory")
	switch {
	case err != nil:
		note = "INFO memory failed: " + err.Error()
	case !ok:
		note = "INFO memory has no used_memory field"
	default:
		if used, err = strconv.ParseInt(v, 10, 64); err != nil {
			used, note = -1, fmt.Sprintf("used_memory %q is not a number", v)
		}
	}
	rss, err = vmRSS(s.Pid())
	return used, rss, note, err
}

// measureMemory loads keys keys of 16 bytes with 16-byte values into s and
// reports the growth of used_memory and RSS. The server should be fresh.
func measureMemory(ctx context.Context, s *server, keys int64, settle time.Duration) (memResult, error) {
	m := memResult{Server: s.ID, Keys: keys, KeyBytes: len("key:") + 12, ValBytes: len("val:") + 12}
	used0, rss0, note, err := memSnapshot(s)
	if err != nil {
		return m, err
	}
	start := time.Now()
	if err := loadKeys(ctx, s.Addr, "key:", 1, keys, memValue); err != nil {
		return m, fmt.Errorf("loading: %w", err)
	}
	m.LoadSecs = time.Since(start).Seconds()
	// Let a garbage collector cycle or a lazy free finish before reading.
	select {
	case <-time.After(settle):
	case <-ctx.Done():
		return m, ctx.Err()
	}
	if c, err := dial(s.Addr, 2*time.Second); err == nil {
		rep, err := c.do(10*time.Second, "DBSIZE")
		c.Close()
		if err == nil && rep.kind == ':' && rep.n != keys {
			return m, fmt.Errorf("DBSIZE is %d after loading %d keys", rep.n, keys)
		}
	}
	used1, rss1, note1, err := memSnapshot(s)
	if err != nil {
		return m, err
	}
	m.UsedBefore, m.UsedAfter, m.RSSBefore, m.RSSAfter = used0, used1, rss0, rss1
	if note == "" {
		note = note1
	}
	m.Note = note
	if used0 >= 0 && used1 >= 0 {
		m.UsedPerKey = float64(used1-used0) / float64(keys)
	}
	m.RSSPerKey = float64(rss1-rss0) / float64(keys)
	return m, nil
}
