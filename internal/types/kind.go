package types

// Kind is the type of a value as TYPE reports it.
type Kind uint8

// The kinds of value. The order is internal; RDB type ids live in the
// persistence package.
const (
	KindString Kind = iota + 1
	KindList
	KindSet
	KindZSet
	KindHash
	KindStream
	KindModule
)

// String returns the name TYPE replies with.
func (k Kind) String() string {
	switch k {
	case KindString:
		return "string"
	case KindList:
		return "list"
	case KindSet:
		return "set"
	case KindZSet:
		return "zset"
	case KindHash:
		return "hash"
	case KindStream:
		return "stream"
	case KindModule:
		return "module"
	}
	return "none"
}

// Value is anything the keyspace can hold.
type Value interface {
	Kind() Kind
	// Encoding is the name OBJECT ENCODING replies with.
	Encoding() string
	// Copy returns a deep copy that shares no memory with the value (COPY),
	// in the same encoding.
	Copy() Value
}

// Sizer is implemented by values that can estimate the heap bytes they
// hold (MEMORY USAGE). For collections, samples > 0 bounds how many
// elements are measured, the rest being extrapolated from their average;
// samples <= 0 measures every element. Values that do not implement it are
// counted at a flat minimum.
type Sizer interface {
	MemoryUsage(samples int) int64
}

// sizeClasses are the Go allocator's small-object size classes
// (runtime/sizeclasses.go, Go 1.21 to 1.26). An allocation of n bytes
// really takes the smallest class that fits.
var sizeClasses = [...]int64{
	8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224,
	240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896,
	1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456,
	4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880,
	12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264,
	28672, 32768,
}

// AllocSize is the number of bytes the Go allocator uses for an object of
// n bytes: its size class, or whole 8 KiB pages for large objects. Zero
// bytes cost nothing.
func AllocSize(n int) int64 {
	if n <= 0 {
		return 0
	}
	if int64(n) > sizeClasses[len(sizeClasses)-1] {
		const page = 8192
		return (int64(n) + page - 1) / page * page
	}
	lo, hi := 0, len(sizeClasses)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if sizeClasses[mid] >= int64(n) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return sizeClasses[lo]
}
