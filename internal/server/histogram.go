package server

import (
	"math/bits"
	"strconv"
)

// The per-command latency histogram behind INFO latencystats and LATENCY
// HISTOGRAM. It has the layout of an HDR histogram with two significant
// digits over 1 ns to 1 s: values below 256 ns are counted one by one, and
// every power-of-two range above that is split into 128 equal sub-buckets,
// so a value is known to within 1%. Valkey keeps the same kind of
// histogram, which is why percentiles print as the top of a sub-bucket
// ("p50=5.023" for commands that took 5 µs).
//
// Recording is a few shifts and one increment into a slice that the
// command's Spec owns (Stats.Latency); it is allocated on the command's
// first call, so commands nobody runs cost nothing.
const (
	histSubBits  = 8 // 2^8 sub-buckets in the first range
	histSubCount = 1 << histSubBits
	histSubHalf  = histSubCount / 2
	// histMax is the largest value tracked; longer calls count as 1 s.
	histMax = 1_000_000_000
	// histLen covers every index up to histMax.
	histLen = (30-histSubBits+1)*histSubHalf + histSubHalf
)

// histIndex is the slot of value v (nanoseconds, 1 ≤ v ≤ histMax).
func histIndex(v uint64) int {
	b := bits.Len64(v|(histSubCount-1)) - histSubBits // range number
	sub := int(v >> uint(b))
	if b == 0 {
		return sub
	}
	return b*histSubHalf + sub
}

// histValue is the highest value that maps to slot i.
func histValue(i int) uint64 {
	b := 0
	sub := i
	if i >= histSubCount {
		b = i/histSubHalf - 1
		sub = i - b*histSubHalf
	}
	return (uint64(sub+1) << uint(b)) - 1
}

// histRecord counts one call that took usec microseconds. Valkey records
// latencies at microsecond resolution, so trove does too, and its
// percentiles read the same.
func histRecord(h []uint64, usec int64) {
	v := uint64(usec) * 1000
	if usec <= 0 {
		v = 1
	} else if v > histMax {
		v = histMax
	}
	h[histIndex(v)]++
}

func histTotal(h []uint64) uint64 {
	var n uint64
	for _, c := range h {
		n += c
	}
	return n
}

// histPercentile returns the value (ns) below which p percent of the
// counted calls fall, as the top of its slot.
func histPercentile(h []uint64, total uint64, p float64) uint64 {
	if total == 0 {
		return 0
	}
	want := uint64(p/100*float64(total) + 0.5)
	if want < 1 {
		want = 1
	}
	var seen uint64
	for i, c := range h {
		seen += c
		if seen >= want {
			return histValue(i)
		}
	}
	return histValue(len(h) - 1)
}

// appendPercentiles appends "p50=1.003,p99=2.007,p99.9=3.007" for INFO
// latencystats, values in microseconds with three decimals.
func appendPercentiles(b []byte, h []uint64, ps []float64) []byte {
	total := histTotal(h)
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, 'p')
		b = strconv.AppendFloat(b, p, 'f', -1, 64)
		b = append(b, '=')
		b = strconv.AppendFloat(b, float64(histPercentile(h, total, p))/1000, 'f', 3, 64)
	}
	return b
}

// histCDF returns LATENCY HISTOGRAM's buckets: for each power-of-two bound
// from 1024 ns up, the bound in microseconds (as Valkey prints it: the top of
// the bound's slot divided by 1000) and the number of calls at or below it,
// for the bounds that gained calls.
func histCDF(h []uint64) (bounds []int64, cumulative []uint64) {
	total := histTotal(h)
	var seen, prev uint64
	i := 0
	for bound := uint64(1024); seen < total; bound *= 2 {
		top := histIndex(min(bound, histMax))
		for ; i <= top && i < len(h); i++ {
			seen += h[i]
		}
		if bound >= histMax {
			// Everything left sits at the clamp value.
			for ; i < len(h); i++ {
				seen += h[i]
			}
		}
		if seen > prev {
			bounds = append(bounds, int64(histValue(histIndex(min(bound, histMax)))/1000))
			cumulative = append(cumulative, seen)
		}
		prev = seen
	}
	return bounds, cumulative
}
