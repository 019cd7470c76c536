package dict

import (
	"runtime"
	"strconv"
	"testing"
)

// benchKey writes the i-th benchmark key ("key:" and a decimal number, 5 to
// 11 bytes) into buf without allocating.
func benchKey(buf []byte, i int) []byte {
	return strconv.AppendInt(append(buf[:0], "key:"...), int64(i), 10)
}

func filled(n int) *Dict[int] {
	d := New[int]()
	var buf []byte
	for i := range n {
		d.Set(benchKey(buf, i), i)
	}
	for d.RehashStep(1 << 20) {
	}
	return d
}

func BenchmarkFind(b *testing.B) {
	// 1K keys fit in cache and measure the code; 1M keys measure memory
	// latency (bucket, node and key bytes are three cache misses).
	for _, n := range []int{1 << 10, 1 << 20} {
		d := filled(n)
		buf := make([]byte, 0, 32)
		b.Run("hit/"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if d.Find(benchKey(buf, i&(n-1))) == nil {
					b.Fatal("miss")
				}
				i += 7919
			}
		})
		b.Run("miss/"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if d.Find(benchKey(buf, n+i&(n-1))) != nil {
					b.Fatal("hit")
				}
				i += 7919
			}
		})
	}
}

func BenchmarkSet(b *testing.B) {
	buf := make([]byte, 0, 32)
	b.Run("new", func(b *testing.B) {
		// Includes the amortized cost of growing the table.
		b.ReportAllocs()
		d := New[int]()
		i := 0
		for b.Loop() {
			d.Set(benchKey(buf, i), i)
			i++
		}
	})
	b.Run("overwrite", func(b *testing.B) {
		const n = 1 << 20
		d := filled(n)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			d.Set(benchKey(buf, i&(n-1)), i)
			i += 7919
		}
	})
}

func BenchmarkDelete(b *testing.B) {
	// Deletes a full dict of 1<<16 keys at a time, refilling it untimed;
	// the deletes include the incremental shrinking they cause.
	const n = 1 << 16
	buf := make([]byte, 0, 32)
	b.ReportAllocs()
	var d *Dict[int]
	i := n
	for b.Loop() {
		if i == n {
			b.StopTimer()
			d, i = filled(n), 0
			b.StartTimer()
		}
		if _, ok := d.Delete(benchKey(buf, i)); !ok {
			b.Fatal("missing key")
		}
		i++
	}
}

// BenchmarkBytesPerKey reports the heap bytes per entry of a dict of 1M
// keys of 11 bytes with 16-byte values (the size of an interface or a
// slice-free value header), the value's own allocations excluded.
func BenchmarkBytesPerKey(b *testing.B) {
	const n = 1 << 20
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		d := New[[2]uint64]()
		buf := make([]byte, 0, 16)
		for i := range n {
			// "key:0000001" style: 11 bytes.
			buf = append(append(buf[:0], "key:"...), "0000000"...)
			s := strconv.AppendInt(buf[:4], int64(i), 10)
			copy(buf[11-(len(s)-4):], s[4:])
			buf = buf[:11]
			d.Set(buf, [2]uint64{uint64(i), 0})
		}
		for d.RehashStep(1 << 20) {
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/key")
		main, _ := d.Buckets()
		b.ReportMetric(float64(d.Len())/float64(main), "load")
		runtime.KeepAlive(d)
	}
}
