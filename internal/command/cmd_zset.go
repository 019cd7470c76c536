package command

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/trove-db/trove/internal/glob"

	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/resp"
	"github.com/trove-db/trove/internal/types"
)

// The sorted-set family. Values are types.ZSet, listpack encoded while
// within zset-max-listpack-entries and zset-max-listpack-value, skiplist
// beyond.
//
//	zadd zincrby zrem zcard zscore zmscore zcount zlexcount zrank zrevrank
//	zrange zrangebyscore zrevrangebyscore zrangebylex zrevrangebylex zrevrange
//	zremrangebyrank zremrangebyscore zremrangebylex zpopmin zpopmax
//	zrangestore zrandmember zmpop zunion zinter zdiff zunionstore zinterstore
//	zdiffstore zintercard zscan
var zsetCommands = []*Spec{
	{Name: "zadd", Arity: -4, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: hashKSRWUpdate,
		Group: "sorted-set", Since: "1.2.0", Summary: "Adds members with scores to a sorted set, or changes the scores of members already there.",
		Complexity: "O(log(N)) per member, N being the size of the set.",
		History: [][2]string{{"2.4.0", "Accepts multiple elements."}, {"3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."},
			{"6.2.0", "Added the `GT` and `LT` options."}},
		Args: []Arg{strKeyArg("key", 0),
			{Name: "condition", Type: "oneof", Since: "3.0.2", Optional: true, Args: []Arg{
				{Name: "nx", Type: "pure-token", Token: "NX"}, {Name: "xx", Type: "pure-token", Token: "XX"}}},
			{Name: "comparison", Type: "oneof", Since: "6.2.0", Optional: true, Args: []Arg{
				{Name: "gt", Type: "pure-token", Token: "GT"}, {Name: "lt", Type: "pure-token", Token: "LT"}}},
			{Name: "change", Type: "pure-token", Token: "CH", Since: "3.0.2", Optional: true},
			{Name: "increment", Type: "pure-token", Token: "INCR", Since: "3.0.2", Optional: true},
			{Name: "score_member", Type: "block", Multiple: true, Args: []Arg{{Name: "score", Type: "double"}, {Name: "member", Type: "string"}}},
		},
		Handler: zadd},
	{Name: "zincrby", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "sorted-set", Since: "1.2.0", Summary: "Adds a number to the score of a member, adding the member at score 0 first when absent.",
		Complexity: "O(log(N))",
		Args:       []Arg{strKeyArg("key", 0), {Name: "increment", Type: "integer"}, {Name: "member", Type: "string"}},
		Handler:    zincrby},
	{Name: "zrem", Arity: -3, Flags: FlagWrite | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: zsetKSRWDelete,
		Group: "sorted-set", Since: "1.2.0", Summary: "Removes members from a sorted set, and the set when none is left.",
		Complexity: "O(M*log(N)) for M members removed from a set of N.",
		History:    [][2]string{{"2.4.0", "Accepts multiple elements."}},
		Args:       []Arg{strKeyArg("key", 0), {Name: "member", Type: "string", Multiple: true}},
		Handler:    zrem},
	{Name: "zcard", Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: hashKSRO,
		Group: "sorted-set", Since: "1.2.0", Summary: "Counts the members of a sorted set.", Complexity: "O(1)",
		Args: []Arg{strKeyArg("key", 0)}, Handler: zcard},
	{Name: "zscore", Arity: 3, Flags: FlagReadonly | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "1.2.0", Summary: "Reads the score of a member of a sorted set.", Complexity: "O(1)",
		Args: []Arg{strKeyArg("key", 0), {Name: "member", Type: "string"}}, Handler: zscore},
	{Name: "zmscore", Arity: -3, Flags: FlagReadonly | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "6.2.0", Summary: "Reads the scores of several members of a sorted set.",
		Complexity: "O(N) for N members asked for.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "member", Type: "string", Multiple: true}}, Handler: zmscore},
	{Name: "zcount", Arity: 4, Flags: FlagReadonly | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "2.0.0", Summary: "Counts the members of a sorted set whose score is within a range.",
		Complexity: "O(log(N))",
		Args:       []Arg{strKeyArg("key", 0), {Name: "min", Type: "double"}, {Name: "max", Type: "double"}}, Handler: zcount},
	{Name: "zlexcount", Arity: 4, Flags: FlagReadonly | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "2.8.9", Summary: "Counts the members of a sorted set within a lexicographical range.",
		Complexity: "O(log(N))",
		Args:       []Arg{strKeyArg("key", 0), {Name: "min", Type: "string"}, {Name: "max", Type: "string"}}, Handler: zlexcount},
	// Valkey 8 (Redis 7.2) takes an optional WITHSCORE, arity -3; the 7.0
	// reference has arity 3 (listed in the COMMAND INFO gate's exceptions).
	{Name: "zrank", Arity: -3, Flags: FlagReadonly | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "2.0.0", Summary: "Gives the rank of a member of a sorted set, lowest score first.",
		Complexity: "O(log(N))",
		Args: []Arg{strKeyArg("key", 0), {Name: "member", Type: "string"},
			{Name: "withscore", Type: "pure-token", Token: "WITHSCORE", Since: "7.2.0", Optional: true}},
		History: [][2]string{{"7.2.0", "Added the optional `WITHSCORE` argument."}},
		Handler: zrank},
	{Name: "zrevrank", Arity: -3, Flags: FlagReadonly | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "2.0.0", Summary: "Gives the rank of a member of a sorted set, highest score first.",
		Complexity: "O(log(N))",
		Args: []Arg{strKeyArg("key", 0), {Name: "member", Type: "string"},
			{Name: "withscore", Type: "pure-token", Token: "WITHSCORE", Since: "7.2.0", Optional: true}},
		History: [][2]string{{"7.2.0", "Added the optional `WITHSCORE` argument."}},
		Handler: zrevrank},
	{Name: "zrange", Arity: -4, Flags: FlagReadonly, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "1.2.0", Summary: "Lists the members of a sorted set within a range of ranks, scores or members.",
		Complexity: "O(log(N)+M) for M members returned.",
		History:    [][2]string{{"6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."}},
		Args: []Arg{strKeyArg("key", 0), {Name: "start", Type: "string"}, {Name: "stop", Type: "string"},
			{Name: "sortby", Type: "oneof", Since: "6.2.0", Optional: true, Args: []Arg{
				{Name: "byscore", Type: "pure-token", Token: "BYSCORE"}, {Name: "bylex", Type: "pure-token", Token: "BYLEX"}}},
			{Name: "rev", Type: "pure-token", Token: "REV", Since: "6.2.0", Optional: true},
			zsetLimitSince62Arg, zsetWithScoresArg},
		Handler: zrange},
	{Name: "zrangebyscore", Arity: -4, Flags: FlagReadonly, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "1.0.5", Summary: "Lists the members of a sorted set within a score range.",
		Complexity: "O(log(N)+M) for M members returned.", DocFlags: []string{"deprecated"}, DeprecatedSince: "6.2.0",
		ReplacedBy: "`ZRANGE` with the `BYSCORE` argument",
		History:    [][2]string{{"2.0.0", "Added the `WITHSCORES` modifier."}},
		Args: []Arg{strKeyArg("key", 0), {Name: "min", Type: "double"}, {Name: "max", Type: "double"},
			{Name: "withscores", Type: "pure-token", Token: "WITHSCORES", Since: "2.0.0", Optional: true}, zsetLimitArg},
		Handler: zrangebyscore},
	{Name: "zrevrangebyscore", Arity: -4, Flags: FlagReadonly, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "2.2.0", Summary: "Lists the members of a sorted set within a score range, highest first.",
		Complexity: "O(log(N)+M) for M members returned.", DocFlags: []string{"deprecated"}, DeprecatedSince: "6.2.0",
		ReplacedBy: "`ZRANGE` with the `REV` and `BYSCORE` arguments",
		History:    [][2]string{{"2.1.6", "`min` and `max` can be exclusive."}},
		Args: []Arg{strKeyArg("key", 0), {Name: "max", Type: "double"}, {Name: "min", Type: "double"},
			zsetWithScoresArg, zsetLimitArg},
		Handler: zrevrangebyscore},
	{Name: "zrangebylex", Arity: -4, Flags: FlagReadonly, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "2.8.9", Summary: "Lists the members of a sorted set within a lexicographical range.",
		Complexity: "O(log(N)+M) for M members returned.", DocFlags: []string{"deprecated"}, DeprecatedSince: "6.2.0",
		ReplacedBy: "`ZRANGE` with the `BYLEX` argument",
		Args:       []Arg{strKeyArg("key", 0), {Name: "min", Type: "string"}, {Name: "max", Type: "string"}, zsetLimitArg},
		Handler:    zrangebylex},
	{Name: "zrevrangebylex", Arity: -4, Flags: FlagReadonly, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "2.8.9", Summary: "Lists the members of a sorted set within a lexicographical range, last first.",
		Complexity: "O(log(N)+M) for M members returned.", DocFlags: []string{"deprecated"}, DeprecatedSince: "6.2.0",
		ReplacedBy: "`ZRANGE` with the `REV` and `BYLEX` arguments",
		Args:       []Arg{strKeyArg("key", 0), {Name: "max", Type: "string"}, {Name: "min", Type: "string"}, zsetLimitArg},
		Handler:    zrevrangebylex},
	{Name: "zrevrange", Arity: -4, Flags: FlagReadonly, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "1.2.0", Summary: "Lists the members of a sorted set within a range of ranks, highest score first.",
		Complexity: "O(log(N)+M) for M members returned.", DocFlags: []string{"deprecated"}, DeprecatedSince: "6.2.0",
		ReplacedBy: "`ZRANGE` with the `REV` argument",
		Args: []Arg{strKeyArg("key", 0), {Name: "start", Type: "integer"}, {Name: "stop", Type: "integer"},
			{Name: "withscores", Type: "pure-token", Token: "WITHSCORES", Optional: true}},
		Handler: zrevrange},
	{Name: "zremrangebyrank", Arity: 4, Flags: FlagWrite, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: zsetKSRWDelete,
		Group: "sorted-set", Since: "2.0.0", Summary: "Removes the members of a sorted set within a range of ranks.",
		Complexity: "O(log(N)+M) for M members removed.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "start", Type: "integer"}, {Name: "stop", Type: "integer"}},
		Handler:    zremrangebyrank},
	{Name: "zremrangebyscore", Arity: 4, Flags: FlagWrite, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: zsetKSRWDelete,
		Group: "sorted-set", Since: "1.2.0", Summary: "Removes the members of a sorted set within a score range.",
		Complexity: "O(log(N)+M) for M members removed.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "min", Type: "double"}, {Name: "max", Type: "double"}},
		Handler:    zremrangebyscore},
	{Name: "zremrangebylex", Arity: 4, Flags: FlagWrite, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: zsetKSRWDelete,
		Group: "sorted-set", Since: "2.8.9", Summary: "Removes the members of a sorted set within a lexicographical range.",
		Complexity: "O(log(N)+M) for M members removed.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "min", Type: "string"}, {Name: "max", Type: "string"}},
		Handler:    zremrangebylex},
	{Name: "zpopmin", Arity: -2, Flags: FlagWrite | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: zsetKSRWAccessDelete,
		Group: "sorted-set", Since: "5.0.0", Summary: "Removes and returns the members with the lowest scores.",
		Complexity: "O(log(N)*M) for M members popped.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "count", Type: "integer", Optional: true}},
		Handler:    zpopmin},
	{Name: "zpopmax", Arity: -2, Flags: FlagWrite | FlagFast, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: zsetKSRWAccessDelete,
		Group: "sorted-set", Since: "5.0.0", Summary: "Removes and returns the members with the highest scores.",
		Complexity: "O(log(N)*M) for M members popped.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "count", Type: "integer", Optional: true}},
		Handler:    zpopmax},
	{Name: "zrangestore", Arity: -5, Flags: FlagWrite | FlagDenyOOM, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 2, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"OW", "update"}, Index: 1, LastKey: 0, KeyStep: 1},
			{Flags: []string{"RO", "access"}, Index: 2, LastKey: 0, KeyStep: 1}},
		Group: "sorted-set", Since: "6.2.0", Summary: "Stores a range of a sorted set (by rank, score or member) in another key.",
		Complexity: "O(log(N)+M) for M members stored.",
		Args: []Arg{strKeyArg("dst", 0), strKeyArg("src", 1), {Name: "min", Type: "string"}, {Name: "max", Type: "string"},
			{Name: "sortby", Type: "oneof", Optional: true, Args: []Arg{
				{Name: "byscore", Type: "pure-token", Token: "BYSCORE"}, {Name: "bylex", Type: "pure-token", Token: "BYLEX"}}},
			{Name: "rev", Type: "pure-token", Token: "REV", Optional: true},
			zsetLimitArg},
		Handler: zrangestore},
	{Name: "zrandmember", Arity: -2, Flags: FlagReadonly, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "6.2.0", Summary: "Picks random members of a sorted set, with or without repetition, optionally with their scores.",
		Complexity: "O(N) for the N members returned.",
		Tips:       []string{"nondeterministic_output"},
		Args: []Arg{strKeyArg("key", 0), {Name: "options", Type: "block", Optional: true, Args: []Arg{
			{Name: "count", Type: "integer"},
			{Name: "withscores", Type: "pure-token", Token: "WITHSCORES", Optional: true},
		}}},
		Handler: zrandmember},
	{Name: "zmpop", Arity: -4, Flags: FlagWrite, Categories: CatSortedSet,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "access", "delete"}, Index: 1, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group:    "sorted-set", Since: "7.0.0", Summary: "Pops the lowest or highest scoring members of the first non-empty sorted set among several keys.",
		Complexity: "O(K) + O(M*log(N)) for K keys and M members popped.",
		Args: []Arg{{Name: "numkeys", Type: "integer"}, {Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true},
			{Name: "where", Type: "oneof", Args: []Arg{
				{Name: "min", Type: "pure-token", Token: "MIN"}, {Name: "max", Type: "pure-token", Token: "MAX"}}},
			{Name: "count", Type: "integer", Token: "COUNT", Optional: true}},
		Handler: zmpop},
	{Name: "zunion", Arity: -3, Flags: FlagReadonly, Categories: CatSortedSet,

		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group:    "sorted-set", Since: "6.2.0", Summary: "Merges sorted sets (or sets, at score 1) and replies with the union.",
		Complexity: "O(N) to O(N*K) for K sets of N members, plus O(M*log(M)) to sort M results.",
		Args: []Arg{{Name: "numkeys", Type: "integer"}, {Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true},
			{Name: "weight", Type: "integer", Token: "WEIGHTS", Optional: true, Multiple: true},
			{Name: "aggregate", Type: "oneof", Token: "AGGREGATE", Optional: true, Args: []Arg{
				{Name: "sum", Type: "pure-token", Token: "SUM"}, {Name: "min", Type: "pure-token", Token: "MIN"},
				{Name: "max", Type: "pure-token", Token: "MAX"}}}, zsetWithScoresArg},
		Handler: zunion},
	{Name: "zinter", Arity: -3, Flags: FlagReadonly, Categories: CatSortedSet,

		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group:    "sorted-set", Since: "6.2.0", Summary: "Intersects sorted sets (or sets, at score 1) and replies with the result.",
		Complexity: "O(N) to O(N*K) for K sets of N members, plus O(M*log(M)) to sort M results.",
		Args: []Arg{{Name: "numkeys", Type: "integer"}, {Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true},
			{Name: "weight", Type: "integer", Token: "WEIGHTS", Optional: true, Multiple: true},
			{Name: "aggregate", Type: "oneof", Token: "AGGREGATE", Optional: true, Args: []Arg{
				{Name: "sum", Type: "pure-token", Token: "SUM"}, {Name: "min", Type: "pure-token", Token: "MIN"},
				{Name: "max", Type: "pure-token", Token: "MAX"}}}, zsetWithScoresArg},
		Handler: zinter},
	{Name: "zdiff", Arity: -3, Flags: FlagReadonly, Categories: CatSortedSet,

		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group:    "sorted-set", Since: "6.2.0", Summary: "Replies with the members of the first sorted set missing from the others.",
		Complexity: "O(N) to O(N*K) for K sets of N members, plus O(M*log(M)) to sort M results.",
		Args:       []Arg{{Name: "numkeys", Type: "integer"}, {Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true}, zsetWithScoresArg},
		Handler:    zdiff},
	{Name: "zunionstore", Arity: -4, Flags: FlagWrite | FlagDenyOOM, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"OW", "update"}, Index: 1, LastKey: 0, KeyStep: 1},
			{Flags: []string{"RO", "access"}, Index: 2, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group: "sorted-set", Since: "2.0.0", Summary: "Merges sorted sets (or sets, at score 1) into a destination key.",
		Complexity: "O(N) to O(N*K) for K sets of N members, plus O(M*log(M)) to sort M results.",
		Args: []Arg{strKeyArg("destination", 0), {Name: "numkeys", Type: "integer"}, {Name: "key", Type: "key", KeySpecIndex: 1, Multiple: true},
			{Name: "weight", Type: "integer", Token: "WEIGHTS", Optional: true, Multiple: true},
			{Name: "aggregate", Type: "oneof", Token: "AGGREGATE", Optional: true, Args: []Arg{
				{Name: "sum", Type: "pure-token", Token: "SUM"}, {Name: "min", Type: "pure-token", Token: "MIN"},
				{Name: "max", Type: "pure-token", Token: "MAX"}}}},
		Handler: zunionstore},
	{Name: "zinterstore", Arity: -4, Flags: FlagWrite | FlagDenyOOM, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"OW", "update"}, Index: 1, LastKey: 0, KeyStep: 1},
			{Flags: []string{"RO", "access"}, Index: 2, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group: "sorted-set", Since: "2.0.0", Summary: "Intersects sorted sets (or sets, at score 1) into a destination key.",
		Complexity: "O(N) to O(N*K) for K sets of N members, plus O(M*log(M)) to sort M results.",
		Args: []Arg{strKeyArg("destination", 0), {Name: "numkeys", Type: "integer"}, {Name: "key", Type: "key", KeySpecIndex: 1, Multiple: true},
			{Name: "weight", Type: "integer", Token: "WEIGHTS", Optional: true, Multiple: true},
			{Name: "aggregate", Type: "oneof", Token: "AGGREGATE", Optional: true, Args: []Arg{
				{Name: "sum", Type: "pure-token", Token: "SUM"}, {Name: "min", Type: "pure-token", Token: "MIN"},
				{Name: "max", Type: "pure-token", Token: "MAX"}}}},
		Handler: zinterstore},
	{Name: "zdiffstore", Arity: -4, Flags: FlagWrite | FlagDenyOOM, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"OW", "update"}, Index: 1, LastKey: 0, KeyStep: 1},
			{Flags: []string{"RO", "access"}, Index: 2, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group: "sorted-set", Since: "6.2.0", Summary: "Stores the members of the first sorted set missing from the others.",
		Complexity: "O(N) to O(N*K) for K sets of N members, plus O(M*log(M)) to sort M results.",
		Args:       []Arg{strKeyArg("destination", 0), {Name: "numkeys", Type: "integer"}, {Name: "key", Type: "key", KeySpecIndex: 1, Multiple: true}},
		Handler:    zdiffstore},
	{Name: "zintercard", Arity: -3, Flags: FlagReadonly, Categories: CatSortedSet,
		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group:    "sorted-set", Since: "7.0.0", Summary: "Counts the members of the intersection of sorted sets, optionally stopping at a limit.",
		Complexity: "O(N*K) worst case for K sets, N being the smallest.",
		Args: []Arg{{Name: "numkeys", Type: "integer"}, {Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true},
			{Name: "limit", Type: "integer", Token: "LIMIT", Optional: true}},
		Handler: zintercard},
	{Name: "zscan", Arity: -3, Flags: FlagReadonly, Categories: CatSortedSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "sorted-set", Since: "2.8.0", Summary: "Walks the members and scores of a sorted set a few at a time with a cursor.",
		Complexity: "O(1) per call; O(N) over a whole iteration of a set of N members.",
		Tips:       []string{"nondeterministic_output"},
		Args: []Arg{strKeyArg("key", 0), {Name: "cursor", Type: "integer"},
			{Name: "pattern", Type: "pattern", Token: "MATCH", Optional: true},
			{Name: "count", Type: "integer", Token: "COUNT", Optional: true}},
		Handler: zscan},
}

// Key specs and arguments shared by sorted-set commands.
var (
	zsetKSRWDelete       = []KeySpec{{Flags: []string{"RW", "delete"}, Index: 1, LastKey: 0, KeyStep: 1}}
	zsetKSRWAccessDelete = []KeySpec{{Flags: []string{"RW", "access", "delete"}, Index: 1, LastKey: 0, KeyStep: 1}}

	zsetWithScoresArg = Arg{Name: "withscores", Type: "pure-token", Token: "WITHSCORES", Optional: true}
	zsetLimitArg      = Arg{Name: "offset_count", Type: "block", Token: "LIMIT", Optional: true, Args: []Arg{
		{Name: "offset", Type: "integer"}, {Name: "count", Type: "integer"}}}
	zsetLimitSince62Arg = func() Arg { a := zsetLimitArg; a.Since = "6.2.0"; return a }()
)

// Errors only this family replies with.
var (
	errZAddXXNX       = NewError("ERR XX and NX options at the same time are not compatible")
	errZAddGTLTNX     = NewError("ERR GT, LT, and/or NX options at the same time are not compatible")
	errZAddIncrPairs  = NewError("ERR INCR option supports a single increment-element pair")
	errZScoreNaN      = NewError("ERR resulting score is not a number (NaN)")
	errZMinMaxFloat   = NewError("ERR min or max is not a float")
	errZMinMaxLex     = NewError("ERR min or max not valid string range item")
	errZLimitNoBy     = NewError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
	errZWithScoresLex = NewError("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
	errZNumKeys       = NewError("ERR numkeys should be greater than 0")
	errZCount         = NewError("ERR count should be greater than 0")
	errZWeight        = NewError("ERR weight value is not a float")
	errZLimitNeg      = NewError("ERR LIMIT can't be negative")
)

// lookupZSet returns the sorted set at key for a read, nil if absent.
func lookupZSet(c *Ctx, key []byte) (*types.ZSet, error) {
	e := c.DB.Lookup(key)
	if e == nil {
		return nil, nil
	}
	z, ok := e.Value.(*types.ZSet)
	if !ok {
		return nil, ErrWrongType
	}
	return z, nil
}

// lookupZSetWrite returns the sorted set at key for a change, nil if absent.
func lookupZSetWrite(c *Ctx, key []byte) (*types.ZSet, error) {
	e := c.DB.LookupWrite(key)
	if e == nil {
		return nil, nil
	}
	z, ok := e.Value.(*types.ZSet)
	if !ok {
		return nil, ErrWrongType
	}
	return z, nil
}

// zsetFits reports whether a set of n members, the longest maxLen bytes,
// belongs in the listpack encoding.
func zsetFits(c *Ctx, n, maxLen int) bool {
	return int64(n) <= c.Settings.ZSetMaxListpackEntries && int64(maxLen) <= c.Settings.ZSetMaxListpackValue
}

// zsetSet stores member in z, converting a listpack set first when the
// new member is too long or makes it too big, as Valkey does on insertion.
func zsetSet(c *Ctx, z *types.ZSet, member []byte, score float64) bool {
	if z.IsListpack() {
		if _, ok := z.Score(member); !ok && !zsetFits(c, z.Len()+1, len(member)) {
			z.Convert()
		}
	}
	return z.Set(member, score)
}

// zsetDeleteIfEmpty removes the key of an emptied set ("del" event).
func zsetDeleteIfEmpty(c *Ctx, key []byte, z *types.ZSet) {
	if z.Len() == 0 {
		c.DB.Delete(key)
		c.DB.Changed(key, keyspace.EventGeneric, "del")
	}
}

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
//
// Adds or updates members; replies with the number added (with CH, added
// or changed), or with INCR the new score (nil when a condition vetoed
// it). Event "zadd", or "zincr" with INCR.
func zadd(c *Ctx) error {
	var nx, xx, gt, lt, ch, incr bool
	i := 2
	for ; i < len(c.Args); i++ {
		a := c.Args[i]
		switch {
		case Is(a, "NX"):
			nx = true
		case Is(a, "XX"):
			xx = true
		case Is(a, "GT"):
			gt = true
		case Is(a, "LT"):
			lt = true
		case Is(a, "CH"):
			ch = true
		case Is(a, "INCR"):
			incr = true
		default:
			goto done
		}
	}
done:
	pairs := c.Args[i:]
	if len(pairs) == 0 || len(pairs)%2 != 0 {
		return ErrSyntax
	}
	if nx && xx {
		return errZAddXXNX
	}
	if (gt && lt) || (nx && (gt || lt)) {
		return errZAddGTLTNX
	}
	if incr && len(pairs) > 2 {
		return errZAddIncrPairs
	}
	scores := make([]float64, len(pairs)/2)
	maxLen := 0
	for j := range scores {
		f, err := Float(pairs[2*j])
		if err != nil {
			return err
		}
		scores[j] = f
		maxLen = max(maxLen, len(pairs[2*j+1]))
	}
	key := c.Args[1]
	z, err := lookupZSetWrite(c, key)
	if err != nil {
		return err
	}
	if z == nil {
		if xx {
			if incr {
				c.W.Null()
			} else {
				c.W.Int(0)
			}
			return nil
		}
		// Valkey 8 (from Redis 7.2) sizes the new set from every pair;
		// 7.0 looked at the first member only.
		z = types.NewZSet(!zsetFits(c, len(scores), maxLen))
		c.DB.Add(key, z)
	}
	added, updated := 0, 0
	var result float64
	applied := false
	for j, score := range scores {
		member := pairs[2*j+1]
		old, exists := z.Score(member)
		if exists {
			if nx {
				continue
			}
			if incr {
				score += old
				if math.IsNaN(score) {
					return errZScoreNaN // only one pair with INCR: nothing changed yet
				}
			}
			if (gt && score <= old) || (lt && score >= old) {
				continue
			}
			result, applied = score, true
			if score != old {
				z.Set(member, score)
				updated++
			}
			continue
		}
		if xx {
			continue
		}
		zsetSet(c, z, member, score)
		added++
		result, applied = score, true
	}
	if added+updated > 0 {
		ev := "zadd"
		if incr {
			ev = "zincr"
		}
		c.DB.Changed(key, keyspace.EventZSet, ev)
	} else if z.Len() == 0 {
		c.DB.Delete(key)
	}
	if incr {
		if applied {
			c.W.Double(result)
		} else {
			c.W.Null()
		}
		return nil
	}
	if ch {
		c.W.Int(int64(added + updated))
	} else {
		c.W.Int(int64(added))
	}
	return nil
}

// ZINCRBY key increment member
//
// ZADD key INCR increment member.
func zincrby(c *Ctx) error {
	incr, err := Float(c.Args[2])
	if err != nil {
		return err
	}
	key, member := c.Args[1], c.Args[3]
	z, err := lookupZSetWrite(c, key)
	if err != nil {
		return err
	}
	score := incr
	if z != nil {
		if old, ok := z.Score(member); ok {
			score += old
			if math.IsNaN(score) {
				return errZScoreNaN
			}
		}
	} else {
		z = types.NewZSet(!zsetFits(c, 1, len(member)))
		c.DB.Add(key, z)
	}
	zsetSet(c, z, member, score)
	c.DB.Changed(key, keyspace.EventZSet, "zincr")
	c.W.Double(score)
	return nil
}

// ZREM key member [member ...]
//
// Removes members and replies with how many were there ("zrem" event).
func zrem(c *Ctx) error {
	key := c.Args[1]
	z, err := lookupZSetWrite(c, key)
	if err != nil || z == nil {
		if err == nil {
			c.W.Int(0)
		}
		return err
	}
	n := 0
	for _, m := range c.Args[2:] {
		if z.Remove(m) {
			n++
		}
	}
	if n > 0 {
		c.DB.Changed(key, keyspace.EventZSet, "zrem")
		zsetDeleteIfEmpty(c, key, z)
	}
	c.W.Int(int64(n))
	return nil
}

// ZCARD key
func zcard(c *Ctx) error {
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.W.Int(0)
	} else {
		c.W.Int(int64(z.Len()))
	}
	return nil
}

// ZSCORE key member
func zscore(c *Ctx) error {
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if z != nil {
		if s, ok := z.Score(c.Args[2]); ok {
			c.W.Double(s)
			return nil
		}
	}
	c.W.Null()
	return nil
}

// ZMSCORE key member [member ...]
func zmscore(c *Ctx) error {
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	c.W.Array(len(c.Args) - 2)
	for _, m := range c.Args[2:] {
		if z != nil {
			if s, ok := z.Score(m); ok {
				c.W.Double(s)
				continue
			}
		}
		c.W.Null()
	}
	return nil
}

// parseScoreBound parses one end of a score range: a float, optionally
// after '(' for an exclusive end.
func parseScoreBound(a []byte) (f float64, ex bool, err error) {
	if len(a) > 0 && a[0] == '(' {
		a, ex = a[1:], true
		if len(a) == 0 {
			return 0, true, nil // C's strtod reads "" as 0, and Valkey accepts it
		}
	}
	f, err = Float(a)
	if err != nil {
		return 0, false, errZMinMaxFloat
	}
	return f, ex, nil
}

func parseScoreRange(min, max []byte) (types.ScoreRange, error) {
	var r types.ScoreRange
	var err error
	if r.Min, r.MinEx, err = parseScoreBound(min); err != nil {
		return r, err
	}
	if r.Max, r.MaxEx, err = parseScoreBound(max); err != nil {
		return r, err
	}
	return r, nil
}

// parseLexBound parses one end of a lex range: "-", "+", "[member" or
// "(member".
func parseLexBound(a []byte) (s string, ex, neg, pos bool, err error) {
	switch {
	case len(a) == 1 && a[0] == '-':
		return "", false, true, false, nil
	case len(a) == 1 && a[0] == '+':
		return "", false, false, true, nil
	case len(a) > 0 && a[0] == '(':
		return string(a[1:]), true, false, false, nil
	case len(a) > 0 && a[0] == '[':
		return string(a[1:]), false, false, false, nil
	}
	return "", false, false, false, errZMinMaxLex
}

func parseLexRange(min, max []byte) (types.LexRange, error) {
	var r types.LexRange
	var err error
	if r.Min, r.MinEx, r.MinNegInf, r.MinPosInf, err = parseLexBound(min); err != nil {
		return r, err
	}
	if r.Max, r.MaxEx, r.MaxNegInf, r.MaxPosInf, err = parseLexBound(max); err != nil {
		return r, err
	}
	return r, nil
}

// ZCOUNT key min max
func zcount(c *Ctx) error {
	r, err := parseScoreRange(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	n := 0
	if z != nil {
		lo, hi := z.ScoreBounds(&r)
		n = hi - lo
	}
	c.W.Int(int64(n))
	return nil
}

// ZLEXCOUNT key min max
func zlexcount(c *Ctx) error {
	r, err := parseLexRange(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	n := 0
	if z != nil {
		lo, hi := z.LexBounds(&r)
		n = hi - lo
	}
	c.W.Int(int64(n))
	return nil
}

// ZRANK key member [WITHSCORE]
func zrank(c *Ctx) error { return zrankGeneric(c, false) }

// ZREVRANK key member [WITHSCORE]
func zrevrank(c *Ctx) error { return zrankGeneric(c, true) }

func zrankGeneric(c *Ctx, rev bool) error {
	withScore := false
	switch {
	case len(c.Args) > 4 && rev:
		return WrongArity("zrevrank")
	case len(c.Args) > 4:
		return WrongArity("zrank")
	case len(c.Args) == 4:
		if !Is(c.Args[3], "WITHSCORE") {
			return ErrSyntax
		}
		withScore = true
	}
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if z != nil {
		if r0, ok := z.Rank(c.Args[2]); ok {
			r := r0
			if rev {
				r = z.Len() - 1 - r0
			}
			if withScore {
				c.W.Array(2)
				c.W.Int(int64(r))
				c.W.Double(z.At(r0).Score)
			} else {
				c.W.Int(int64(r))
			}
			return nil
		}
	}
	if withScore {
		c.W.NullArray()
	} else {
		c.W.Null()
	}
	return nil
}

// zrangeKind is how ZRANGE interprets start and stop.
type zrangeKind uint8

const (
	zrangeRank zrangeKind = iota
	zrangeScore
	zrangeLex
)

// zrangeReq is a parsed range request.
type zrangeReq struct {
	kind          zrangeKind
	rev           bool
	withScores    bool
	hasLimit      bool
	offset, count int64
	start, stop   []byte // the range ends as given (max first with rev)
}

// parseZRangeOptions reads WITHSCORES and LIMIT (and, for ZRANGE itself,
// BYSCORE/BYLEX/REV) from args.
func parseZRangeOptions(args [][]byte, req *zrangeReq, full bool) error {
	req.count = -1
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case Is(a, "WITHSCORES"):
			req.withScores = true
		case Is(a, "LIMIT") && i+2 < len(args):
			off, err := Int(args[i+1])
			if err != nil {
				return err
			}
			cnt, err := Int(args[i+2])
			if err != nil {
				return err
			}
			req.offset, req.count, req.hasLimit = off, cnt, true
			i += 2
		case full && Is(a, "REV"):
			req.rev = true
		case full && Is(a, "BYSCORE"):
			req.kind = zrangeScore
		case full && Is(a, "BYLEX"):
			req.kind = zrangeLex
		default:
			return ErrSyntax
		}
	}
	if req.hasLimit && req.kind == zrangeRank {
		return errZLimitNoBy
	}
	if req.withScores && req.kind == zrangeLex {
		return errZWithScoresLex
	}
	return nil
}

// zrangeSelect resolves the request against z: the ranks [lo, hi) in the
// set's order, to be emitted backwards when rev. Errors come from the
// range arguments.
func zrangeSelect(z *types.ZSet, req *zrangeReq) (lo, hi int, err error) {
	n := 0
	if z != nil {
		n = z.Len()
	}
	switch req.kind {
	case zrangeRank:
		start, err := Int(req.start)
		if err != nil {
			return 0, 0, err
		}
		stop, err := Int(req.stop)
		if err != nil {
			return 0, 0, err
		}
		if start < 0 {
			start += int64(n)
		}
		if stop < 0 {
			stop += int64(n)
		}
		start = max(start, 0)
		if start > stop || start >= int64(n) {
			return 0, 0, nil
		}
		stop = min(stop, int64(n)-1)
		if req.rev {
			return n - 1 - int(stop), n - int(start), nil
		}
		return int(start), int(stop) + 1, nil
	case zrangeScore:
		minArg, maxArg := req.start, req.stop
		if req.rev {
			minArg, maxArg = maxArg, minArg
		}
		r, err := parseScoreRange(minArg, maxArg)
		if err != nil {
			return 0, 0, err
		}
		if z == nil {
			return 0, 0, nil
		}
		lo, hi = z.ScoreBounds(&r)
	default:
		minArg, maxArg := req.start, req.stop
		if req.rev {
			minArg, maxArg = maxArg, minArg
		}
		r, err := parseLexRange(minArg, maxArg)
		if err != nil {
			return 0, 0, err
		}
		if z == nil {
			return 0, 0, nil
		}
		lo, hi = z.LexBounds(&r)
	}
	// LIMIT applies in the order of the reply.
	if req.hasLimit {
		if req.offset < 0 || req.offset >= int64(hi-lo) {
			return 0, 0, nil
		}
		size := int64(hi-lo) - req.offset
		if req.count >= 0 && req.count < size {
			size = req.count
		}
		if req.rev {
			hi -= int(req.offset)
			lo = hi - int(size)
		} else {
			lo += int(req.offset)
			hi = lo + int(size)
		}
	}
	return lo, hi, nil
}

// writeZRange replies with the elements of ranks [lo, hi), backwards when
// rev, with scores as pairs (RESP3) or flat (RESP2) when withScores.
func writeZRange(c *Ctx, z *types.ZSet, lo, hi int, rev, withScores bool) {
	n := hi - lo
	if withScores && c.W.Protocol() < 3 {
		c.W.Array(2 * n)
	} else {
		c.W.Array(n)
	}
	for k := 0; k < n; k++ {
		i := lo + k
		if rev {
			i = hi - 1 - k
		}
		e := z.At(i)
		if withScores && c.W.Protocol() >= 3 {
			c.W.Array(2)
		}
		c.W.BulkString(e.Member)
		if withScores {
			c.W.Double(e.Score)
		}
	}
}

func zrangeRun(c *Ctx, req *zrangeReq) error {
	lo, hi, err := zrangeSelect(nil, req)
	if err != nil {
		return err
	}
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if z == nil {
		c.W.Array(0)
		return nil
	}
	lo, hi, _ = zrangeSelect(z, req)
	writeZRange(c, z, lo, hi, req.rev, req.withScores)
	return nil
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
func zrange(c *Ctx) error {
	req := zrangeReq{start: c.Args[2], stop: c.Args[3]}
	if err := parseZRangeOptions(c.Args[4:], &req, true); err != nil {
		return err
	}
	return zrangeRun(c, &req)
}

// ZREVRANGE key start stop [WITHSCORES]
func zrevrange(c *Ctx) error {
	req := zrangeReq{start: c.Args[2], stop: c.Args[3], rev: true}
	if len(c.Args) > 5 || (len(c.Args) == 5 && !Is(c.Args[4], "WITHSCORES")) {
		return ErrSyntax
	}
	req.withScores = len(c.Args) == 5
	return zrangeRun(c, &req)
}

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
func zrangebyscore(c *Ctx) error { return zrangeBy(c, zrangeScore, false) }

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
func zrevrangebyscore(c *Ctx) error { return zrangeBy(c, zrangeScore, true) }

// ZRANGEBYLEX key min max [LIMIT offset count]
func zrangebylex(c *Ctx) error { return zrangeBy(c, zrangeLex, false) }

// ZREVRANGEBYLEX key max min [LIMIT offset count]
func zrevrangebylex(c *Ctx) error { return zrangeBy(c, zrangeLex, true) }

func zrangeBy(c *Ctx, kind zrangeKind, rev bool) error {
	req := zrangeReq{kind: kind, rev: rev, start: c.Args[2], stop: c.Args[3]}
	if err := parseZRangeOptions(c.Args[4:], &req, false); err != nil {
		return err
	}
	return zrangeRun(c, &req)
}

// ZREMRANGEBYRANK key start stop
func zremrangebyrank(c *Ctx) error {
	return zremRange(c, zrangeRank, "zremrangebyrank")
}

// ZREMRANGEBYSCORE key min max
func zremrangebyscore(c *Ctx) error {
	return zremRange(c, zrangeScore, "zremrangebyscore")
}

// ZREMRANGEBYLEX key min max
func zremrangebylex(c *Ctx) error {
	return zremRange(c, zrangeLex, "zremrangebylex")
}

func zremRange(c *Ctx, kind zrangeKind, ev string) error {
	req := zrangeReq{kind: kind, start: c.Args[2], stop: c.Args[3]}
	if _, _, err := zrangeSelect(nil, &req); err != nil {
		return err
	}
	key := c.Args[1]
	z, err := lookupZSetWrite(c, key)
	if err != nil {
		return err
	}
	if z == nil {
		c.W.Int(0)
		return nil
	}
	lo, hi, _ := zrangeSelect(z, &req)
	if hi > lo {
		z.RemoveRange(lo, hi)
		// The events are named after the commands (zremrangebyrank...).
		c.DB.Changed(key, keyspace.EventZSet, ev)
		zsetDeleteIfEmpty(c, key, z)
	}
	c.W.Int(int64(hi - lo))
	return nil
}

// ZPOPMIN key [count]
func zpopmin(c *Ctx) error { return zpop(c, false) }

// ZPOPMAX key [count]
func zpopmax(c *Ctx) error { return zpop(c, true) }

func zpop(c *Ctx, max bool) error {
	if len(c.Args) > 3 {
		return ErrSyntax
	}
	count, hasCount := int64(1), len(c.Args) == 3
	if hasCount {
		n, err := Int(c.Args[2])
		if err != nil || n < 0 {
			return ErrNotPositive
		}
		count = n
	}
	key := c.Args[1]
	z, err := lookupZSetWrite(c, key)
	if err != nil {
		return err
	}
	if z == nil || count == 0 {
		c.W.Array(0)
		return nil
	}
	n := int(min(count, int64(z.Len())))
	lo, hi := 0, n
	if max {
		lo, hi = z.Len()-n, z.Len()
	}
	// RESP3 nests the pairs when a count was given.
	nested := hasCount && c.W.Protocol() >= 3
	if nested {
		c.W.Array(n)
	} else {
		c.W.Array(2 * n)
	}
	for k := 0; k < n; k++ {
		i := lo + k
		if max {
			i = hi - 1 - k
		}
		e := z.At(i)
		if nested {
			c.W.Array(2)
		}
		c.W.BulkString(e.Member)
		c.W.Double(e.Score)
	}
	z.RemoveRange(lo, hi)
	ev := "zpopmin"
	if max {
		ev = "zpopmax"
	}
	c.DB.Changed(key, keyspace.EventZSet, ev)
	zsetDeleteIfEmpty(c, key, z)
	return nil
}

// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
//
// Stores the range in dst (replacing it, "zrangestore" event) and replies
// with its size; an empty range deletes dst ("del" event).
func zrangestore(c *Ctx) error {
	req := zrangeReq{start: c.Args[3], stop: c.Args[4]}
	for _, a := range c.Args[5:] {
		if Is(a, "WITHSCORES") {
			return ErrSyntax
		}
	}
	if err := parseZRangeOptions(c.Args[5:], &req, true); err != nil {
		return err
	}
	if _, _, err := zrangeSelect(nil, &req); err != nil {
		return err
	}
	dst, src := c.Args[1], c.Args[2]
	z, err := lookupZSet(c, src)
	if err != nil {
		return err
	}
	var out []types.ZEntry
	if z != nil {
		lo, hi, _ := zrangeSelect(z, &req)
		out = make([]types.ZEntry, 0, hi-lo)
		for i := lo; i < hi; i++ {
			out = append(out, z.At(i))
		}
	}
	zsetStore(c, dst, out, "zrangestore")
	c.W.Int(int64(len(out)))
	return nil
}

// zsetStore replaces dst with a set of the given elements (event ev), or
// deletes it when there are none ("del" event when it existed). The
// encoding follows the final size, as Valkey picks it for stored results.
func zsetStore(c *Ctx, dst []byte, elems []types.ZEntry, ev string) {
	if len(elems) == 0 {
		if c.DB.Delete(dst) {
			c.DB.Changed(dst, keyspace.EventGeneric, "del")
		}
		return
	}
	maxLen := 0
	for _, e := range elems {
		maxLen = max(maxLen, len(e.Member))
	}
	z := types.NewZSet(!zsetFits(c, len(elems), maxLen))
	for _, e := range elems {
		z.Set([]byte(e.Member), e.Score)
	}
	c.DB.Set(dst, z, false)
	c.DB.Changed(dst, keyspace.EventZSet, ev)
}

// ZRANDMEMBER key [count [WITHSCORES]]
//
// Without count, one random member or nil. With count >= 0, up to count
// distinct members; with count < 0, -count members that may repeat.
func zrandmember(c *Ctx) error {
	if len(c.Args) > 4 || (len(c.Args) == 4 && !Is(c.Args[3], "WITHSCORES")) {
		return ErrSyntax
	}
	hasCount, withScores := len(c.Args) >= 3, len(c.Args) == 4
	var count int64
	if hasCount {
		n, err := Int(c.Args[2])
		if err != nil {
			return err
		}
		if n == math.MinInt64 {
			return ErrInt64Range
		}
		count = n
	}
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if !hasCount {
		if z == nil {
			c.W.Null()
		} else {
			c.W.BulkString(z.Random().Member)
		}
		return nil
	}
	if z == nil || count == 0 {
		c.W.Array(0)
		return nil
	}
	resp3 := c.W.Protocol() >= 3
	emit := func(e types.ZEntry) {
		if withScores && resp3 {
			c.W.Array(2)
		}
		c.W.BulkString(e.Member)
		if withScores {
			c.W.Double(e.Score)
		}
	}
	header := func(n int) {
		if withScores && !resp3 {
			c.W.Array(2 * n)
		} else {
			c.W.Array(n)
		}
	}
	if count < 0 {
		n := int(-count)
		header(n)
		for range n {
			emit(z.Random())
		}
		return nil
	}
	n := int(min(count, int64(z.Len())))
	header(n)
	// A partial Fisher-Yates shuffle of the ranks picks n distinct members.
	perm := make([]int, z.Len())
	for i := range perm {
		perm[i] = i
	}
	for i := 0; i < n; i++ {
		j := i + rand.IntN(len(perm)-i)
		perm[i], perm[j] = perm[j], perm[i]
		emit(z.At(perm[i]))
	}
	return nil
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
//
// Pops from the first non-empty set among the keys and replies with its
// name and the popped [member, score] pairs, or nil when all are empty.
func zmpop(c *Ctx) error {
	nk, err := Int(c.Args[1])
	if err != nil || nk <= 0 {
		return errZNumKeys
	}
	if nk > int64(len(c.Args)-3) {
		return ErrSyntax
	}
	keys := c.Args[2 : 2+nk]
	rest := c.Args[2+nk:]
	var popMax bool
	switch {
	case Is(rest[0], "MIN"):
	case Is(rest[0], "MAX"):
		popMax = true
	default:
		return ErrSyntax
	}
	count := int64(1)
	if len(rest) > 1 {
		if len(rest) != 3 || !Is(rest[1], "COUNT") {
			return ErrSyntax
		}
		n, err := Int(rest[2])
		if err != nil || n <= 0 {
			return errZCount
		}
		count = n
	}
	for _, key := range keys {
		z, err := lookupZSetWrite(c, key)
		if err != nil {
			return err
		}
		if z == nil {
			continue
		}
		n := int(min(count, int64(z.Len())))
		lo, hi := 0, n
		if popMax {
			lo, hi = z.Len()-n, z.Len()
		}
		c.W.Array(2)
		c.W.Bulk(key)
		c.W.Array(n)
		for k := 0; k < n; k++ {
			i := lo + k
			if popMax {
				i = hi - 1 - k
			}
			e := z.At(i)
			c.W.Array(2)
			c.W.BulkString(e.Member)
			c.W.Double(e.Score)
		}
		z.RemoveRange(lo, hi)
		ev := "zpopmin"
		if popMax {
			ev = "zpopmax"
		}
		c.DB.Changed(key, keyspace.EventZSet, ev)
		zsetDeleteIfEmpty(c, key, z)
		return nil
	}
	c.W.NullArray()
	return nil
}

// zsetOp is the operation of ZUNION, ZINTER and ZDIFF and their STORE forms.
type zsetOp uint8

const (
	zopUnion zsetOp = iota
	zopInter
	zopDiff
)

// zsetInput is one source of a set operation: a sorted set, a plain set
// (members at score 1) or nothing (an absent key).
type zsetInput struct {
	z      *types.ZSet
	s      *types.Set
	weight float64
}

func (in *zsetInput) len() int {
	switch {
	case in.z != nil:
		return in.z.Len()
	case in.s != nil:
		return in.s.Len()
	}
	return 0
}

// score returns the weighted score of member in the input.
func (in *zsetInput) score(member []byte) (float64, bool) {
	var s float64
	switch {
	case in.z != nil:
		var ok bool
		if s, ok = in.z.Score(member); !ok {
			return 0, false
		}
	case in.s != nil:
		if !in.s.Has(member) {
			return 0, false
		}
		s = 1
	default:
		return 0, false
	}
	return weighScore(s, in.weight), true
}

func weighScore(s, w float64) float64 {
	r := s * w
	if math.IsNaN(r) {
		return 0 // inf * 0
	}
	return r
}

// each calls fn for every member with its weighted score.
func (in *zsetInput) each(fn func(member []byte, score float64)) {
	switch {
	case in.z != nil:
		for i := 0; i < in.z.Len(); i++ {
			e := in.z.At(i)
			fn([]byte(e.Member), weighScore(e.Score, in.weight))
		}
	case in.s != nil:
		for _, m := range in.s.Members(nil) {
			fn(m, weighScore(1, in.weight))
		}
	}
}

// aggregate combines two scores of one member.
func aggregate(agg byte, a, b float64) float64 {
	switch agg {
	case 'n':
		return min(a, b)
	case 'x':
		return max(a, b)
	}
	r := a + b
	if math.IsNaN(r) {
		return 0 // inf + -inf
	}
	return r
}

// zsetOpGeneric runs ZUNION/ZINTER/ZDIFF[STORE]; dst is nil for the
// forms that reply with the result.
func zsetOpGeneric(c *Ctx, op zsetOp, store bool) error {
	at := 1
	var dst []byte
	if store {
		dst, at = c.Args[1], 2
	}
	nk, err := Int(c.Args[at])
	if err != nil {
		return err
	}
	if nk < 1 {
		return Errorf("ERR at least 1 input key is needed for '%s' command", c.Spec.FullName())
	}
	if nk > int64(len(c.Args)-at-1) {
		return ErrSyntax
	}
	keys := c.Args[at+1 : at+1+int(nk)]
	ins := make([]zsetInput, len(keys))
	for i := range ins {
		ins[i].weight = 1
	}
	agg := byte('s')
	withScores := false
	opts := c.Args[at+1+int(nk):]
	for i := 0; i < len(opts); i++ {
		a := opts[i]
		switch {
		case op != zopDiff && Is(a, "WEIGHTS") && len(opts)-i-1 >= len(keys):
			for j := range ins {
				w, err := Float(opts[i+1+j])
				if err != nil {
					return errZWeight
				}
				ins[j].weight = w
			}
			i += len(keys)
		case op != zopDiff && Is(a, "AGGREGATE") && i+1 < len(opts):
			switch v := opts[i+1]; {
			case Is(v, "SUM"):
				agg = 's'
			case Is(v, "MIN"):
				agg = 'n'
			case Is(v, "MAX"):
				agg = 'x'
			default:
				return ErrSyntax
			}
			i++
		case !store && Is(a, "WITHSCORES"):
			withScores = true
		default:
			return ErrSyntax
		}
	}
	for i, k := range keys {
		var e *keyspace.Entry
		if store {
			e = c.DB.LookupWrite(k)
		} else {
			e = c.DB.Lookup(k)
		}
		if e == nil {
			continue
		}
		switch v := e.Value.(type) {
		case *types.ZSet:
			ins[i].z = v
		case *types.Set:
			ins[i].s = v
		default:
			return ErrWrongType
		}
	}

	res := make(map[string]float64)
	switch op {
	case zopUnion:
		for i := range ins {
			ins[i].each(func(m []byte, s float64) {
				if old, ok := res[string(m)]; ok {
					res[string(m)] = aggregate(agg, old, s)
				} else {
					res[string(m)] = s
				}
			})
		}
	case zopInter:
		small := 0
		for i := range ins {
			if ins[i].len() < ins[small].len() {
				small = i
			}
		}
		// Walk the smallest input; aggregate the scores in key order.
		ins[small].each(func(m []byte, _ float64) {
			var acc float64
			for j := range ins {
				o, ok := ins[j].score(m)
				if !ok {
					return
				}
				if j == 0 {
					acc = o
				} else {
					acc = aggregate(agg, acc, o)
				}
			}
			res[string(m)] = acc
		})
	case zopDiff:
		ins[0].each(func(m []byte, s float64) {
			for j := 1; j < len(ins); j++ {
				if _, ok := ins[j].score(m); ok {
					return
				}
			}
			res[string(m)] = s
		})
	}
	out := make([]types.ZEntry, 0, len(res))
	for m, s := range res {
		out = append(out, types.ZEntry{Member: m, Score: s})
	}
	slices.SortFunc(out, func(a, b types.ZEntry) int {
		switch {
		case a.Score < b.Score:
			return -1
		case a.Score > b.Score:
			return 1
		}
		return strings.Compare(a.Member, b.Member)
	})
	if store {
		ev := [...]string{"zunionstore", "zinterstore", "zdiffstore"}[op]
		zsetStore(c, dst, out, ev)
		c.W.Int(int64(len(out)))
		return nil
	}
	resp3 := c.W.Protocol() >= 3
	if withScores && !resp3 {
		c.W.Array(2 * len(out))
	} else {
		c.W.Array(len(out))
	}
	for _, e := range out {
		if withScores && resp3 {
			c.W.Array(2)
		}
		c.W.BulkString(e.Member)
		if withScores {
			c.W.Double(e.Score)
		}
	}
	return nil
}

// ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
func zunion(c *Ctx) error { return zsetOpGeneric(c, zopUnion, false) }

// ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
func zinter(c *Ctx) error { return zsetOpGeneric(c, zopInter, false) }

// ZDIFF numkeys key [key ...] [WITHSCORES]
func zdiff(c *Ctx) error { return zsetOpGeneric(c, zopDiff, false) }

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
func zunionstore(c *Ctx) error { return zsetOpGeneric(c, zopUnion, true) }

// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
func zinterstore(c *Ctx) error { return zsetOpGeneric(c, zopInter, true) }

// ZDIFFSTORE destination numkeys key [key ...]
func zdiffstore(c *Ctx) error { return zsetOpGeneric(c, zopDiff, true) }

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
//
// Counts the intersection, stopping at limit when it is not 0.
func zintercard(c *Ctx) error {
	nk, err := Int(c.Args[1])
	if err != nil {
		return err
	}
	if nk < 1 {
		return Errorf("ERR at least 1 input key is needed for '%s' command", c.Spec.FullName())
	}
	if nk > int64(len(c.Args)-2) {
		return ErrSyntax
	}
	keys := c.Args[2 : 2+nk]
	opts := c.Args[2+nk:]
	var limit int64
	if len(opts) > 0 {
		if len(opts) != 2 || !Is(opts[0], "LIMIT") {
			return ErrSyntax
		}
		n, err := Int(opts[1])
		if err != nil || n < 0 {
			return errZLimitNeg
		}
		limit = n
	}
	ins := make([]zsetInput, len(keys))
	empty := false
	for i, k := range keys {
		ins[i].weight = 1
		e := c.DB.Lookup(k)
		if e == nil {
			empty = true
			continue
		}
		switch v := e.Value.(type) {
		case *types.ZSet:
			ins[i].z = v
		case *types.Set:
			ins[i].s = v
		default:
			return ErrWrongType
		}
	}
	if empty {
		c.W.Int(0)
		return nil
	}
	small := 0
	for i := range ins {
		if ins[i].len() < ins[small].len() {
			small = i
		}
	}
	var n int64
	ins[small].each(func(m []byte, _ float64) {
		if limit > 0 && n >= limit {
			return
		}
		for j := range ins {
			if j != small {
				if _, ok := ins[j].score(m); !ok {
					return
				}
			}
		}
		n++
	})
	c.W.Int(n)
	return nil
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]
//
// The cursor is a rank: listpack sets reply whole in one call, as Valkey
// does; larger ones a COUNT of members at a time.
func zscan(c *Ctx) error {
	cursor, ok := parseCursor(c.Args[2])
	if !ok {
		return errInvalidCursor
	}
	count := int64(10)
	var pattern []byte
	usePattern := false
	for i := 3; i < len(c.Args); {
		opt := c.Args[i]
		switch {
		case Is(opt, "COUNT") && i+1 < len(c.Args):
			n, err := Int(c.Args[i+1])
			if err != nil {
				return err
			}
			if n < 1 {
				return ErrSyntax
			}
			count = n
			i += 2
		case Is(opt, "MATCH") && i+1 < len(c.Args):
			p := c.Args[i+1]
			pattern, usePattern = p, !(len(p) == 1 && p[0] == '*')
			i += 2
		default:
			return ErrSyntax
		}
	}
	z, err := lookupZSet(c, c.Args[1])
	if err != nil {
		return err
	}
	var found []types.ZEntry
	next := uint64(0)
	if z != nil {
		n := int(min(count, int64(z.Len())))
		if z.IsListpack() {
			cursor, n = 0, z.Len()
		}
		next = z.Scan(cursor, n, func(e types.ZEntry) {
			if usePattern && !glob.Match(pattern, []byte(e.Member)) {
				return
			}
			found = append(found, e)
		})
	}
	var buf [20]byte
	c.W.Array(2)
	c.W.Bulk(strconv.AppendUint(buf[:0], next, 10))
	c.W.Array(2 * len(found))
	// Scores are bulk strings here, in RESP3 too.
	var num [32]byte
	for _, e := range found {
		c.W.BulkString(e.Member)
		c.W.Bulk(resp.FormatDouble(num[:0], e.Score))
	}
	return nil
}
