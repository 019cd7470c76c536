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
}
