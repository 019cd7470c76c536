package command_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/testkit"
)

func TestZSetCommands(t *testing.T) { runScripts(t, zsetScripts(), nil) }

// zsetScripts are checked against trove and, when it is installed, the
// reference server; valkeyOnly ones hold Valkey 8 behaviour 7.0 lacks.
func zsetScripts() []script {
	return []script{
		{name: "zadd options", steps: []step{
			{"ZADD z 1 a 2 b 3 c", "(integer) 3"},
			{"ZADD z NX XX 1 a", "(error) ERR XX and NX options at the same time are not compatible"},
			{"ZADD z GT LT 1 a", "(error) ERR GT, LT, and/or NX options at the same time are not compatible"},
			{"ZADD z NX GT 1 a", "(error) ERR GT, LT, and/or NX options at the same time are not compatible"},
			{"ZADD z NX LT 1 a", "(error) ERR GT, LT, and/or NX options at the same time are not compatible"},
			{"ZADD z INCR 1 a 2 b", "(error) ERR INCR option supports a single increment-element pair"},
			{"ZADD z 1", "(error) ERR wrong number of arguments for 'zadd' command"},
			{"ZADD z 1 a 2", "(error) ERR syntax error"},
			{"ZADD z nan a", "(error) ERR value is not a valid float"},
			{"ZADD z abc a", "(error) ERR value is not a valid float"},
			{`ZADD z "" a`, "(error) ERR value is not a valid float"},
			{"ZADD z NX", "(error) ERR wrong number of arguments for 'zadd' command"},
			{"ZADD z", "(error) ERR wrong number of arguments for 'zadd' command"},
			{"ZADD z 1", "(error) ERR wrong number of arguments for 'zadd' command"},
			{"ZADD z INCR 5 a", `"6"`},
			{"ZADD z XX INCR 5 zz", "(nil)"},
			{"ZADD z NX INCR 5 a", "(nil)"},
			{"ZADD z GT INCR -1 a", "(nil)"},
			{"ZADD z LT INCR -1 a", `"5"`},
			{"ZADD z2 XX 1 a", "(integer) 0"},
			{"ZADD z2 XX INCR 1 a", "(nil)"},
			{"EXISTS z2", "(integer) 0"},
			{"ZADD z CH GT 0 a 10 b 4 d", "(integer) 2"},
			{"ZADD z LT CH 100 b 1 b", "(integer) 1"},
			{"ZADD z ch 4 d 5 e", "(integer) 1"},
			{"ZADD z xx ch 7 e 8 f", "(integer) 1"},
			{"ZADD z nx 9 e 9 f", "(integer) 1"},
			{"ZRANGE z 0 -1 WITHSCORES", `["b", "1", "c", "3", "d", "4", "a", "5", "e", "7", "f", "9"]`},
			{"ZADD z INCR inf a", `"inf"`},
			{"ZADD z INCR -inf a", "(error) ERR resulting score is not a number (NaN)"},
			{"ZSCORE z a", `"inf"`},
			{"ZCARD z", "(integer) 6"},
			{"TYPE z", "zset"},
			{"OBJECT ENCODING z", `"listpack"`},
		}},
		{name: "zadd wrongtype and parse errors leave nothing", steps: []step{
			{"SET s x", "OK"},
			{"ZADD s 1 a", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZADD nokey 1 a x b", "(error) ERR value is not a valid float"},
			{"EXISTS nokey", "(integer) 0"},
			{"ZADD nokey XX 1 a", "(integer) 0"},
			{"EXISTS nokey", "(integer) 0"},
			{"ZADD z 1 a 2 b 3", "(error) ERR syntax error"},
			{"ZADD z +inf a -inf b 1e3 c 16 d", "(integer) 4"},
			{"ZRANGE z 0 -1 WITHSCORES", `["b", "-inf", "d", "16", "c", "1000", "a", "inf"]`},
		}},
		{name: "zincrby", steps: []step{
			{"ZINCRBY z 2 a", `"2"`},
			{"ZINCRBY z 2.5 a", `"4.5"`},
			{"ZINCRBY z -1 b", `"-1"`},
			{"ZRANGE z 0 -1 WITHSCORES", `["b", "-1", "a", "4.5"]`},
			{"ZINCRBY z +inf c", `"inf"`},
			{"ZINCRBY z -inf c", "(error) ERR resulting score is not a number (NaN)"},
			{"ZSCORE z c", `"inf"`},
			{"ZINCRBY z abc c", "(error) ERR value is not a valid float"},
			{"ZINCRBY z nan c", "(error) ERR value is not a valid float"},
			{"ZINCRBY z 1", "(error) ERR wrong number of arguments for 'zincrby' command"},
			{"ZINCRBY z 1 a b", "(error) ERR wrong number of arguments for 'zincrby' command"},
			{"SET s x", "OK"},
			{"ZINCRBY s 1 a", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zrem zcard zscore zmscore", steps: []step{
			{"ZADD z 1 a 2 b 3 c", "(integer) 3"},
			{"ZREM z a x", "(integer) 1"},
			{"ZREM z x y", "(integer) 0"},
			{"ZCARD z", "(integer) 2"},
			{"ZSCORE z b", `"2"`},
			{"ZSCORE z a", "(nil)"},
			{"ZSCORE nokey a", "(nil)"},
			{"ZMSCORE z a b c", `[(nil), "2", "3"]`},
			{"ZMSCORE nokey a b", "[(nil), (nil)]"},
			{"ZREM z b c", "(integer) 2"},
			{"EXISTS z", "(integer) 0"},
			{"ZCARD z", "(integer) 0"},
			{"ZREM nokey a", "(integer) 0"},
			{"ZREM z", "(error) ERR wrong number of arguments for 'zrem' command"},
			{"ZCARD", "(error) ERR wrong number of arguments for 'zcard' command"},
			{"ZCARD z x", "(error) ERR wrong number of arguments for 'zcard' command"},
			{"ZSCORE z", "(error) ERR wrong number of arguments for 'zscore' command"},
			{"ZMSCORE z", "(error) ERR wrong number of arguments for 'zmscore' command"},
			{"SET s x", "OK"},
			{"ZREM s a", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZCARD s", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZSCORE s a", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZMSCORE s a", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zcount zlexcount", steps: []step{
			{"ZADD z 1 a 2 b 3 c 4 d", "(integer) 4"},
			{"ZCOUNT z -inf +inf", "(integer) 4"},
			{"ZCOUNT z (1 3", "(integer) 2"},
			{"ZCOUNT z (1 (3", "(integer) 1"},
			{"ZCOUNT z 1 (3", "(integer) 2"},
			{"ZCOUNT z 3 1", "(integer) 0"},
			{"ZCOUNT z ( 3", "(integer) 3"},
			{"ZCOUNT z x 3", "(error) ERR min or max is not a float"},
			{"ZCOUNT z 1 (x", "(error) ERR min or max is not a float"},
			{"ZCOUNT z (nan 3", "(error) ERR min or max is not a float"},
			{"ZCOUNT z 1 nan", "(error) ERR min or max is not a float"},
			{"ZCOUNT nokey 1 2", "(integer) 0"},
			{"ZCOUNT z 1", "(error) ERR wrong number of arguments for 'zcount' command"},
			{"DEL z", "(integer) 1"},
			{"ZADD z 0 a 0 b 0 c 0 d", "(integer) 4"},
			{"ZLEXCOUNT z - +", "(integer) 4"},
			{"ZLEXCOUNT z [a (c", "(integer) 2"},
			{"ZLEXCOUNT z (a [c", "(integer) 2"},
			{"ZLEXCOUNT z [b +", "(integer) 3"},
			{"ZLEXCOUNT z - -", "(integer) 0"},
			{"ZLEXCOUNT z + +", "(integer) 0"},
			{"ZLEXCOUNT z + -", "(integer) 0"},
			{"ZLEXCOUNT z (a (a", "(integer) 0"},
			{"ZLEXCOUNT z [a [a", "(integer) 1"},
			{"ZLEXCOUNT z a (a", "(error) ERR min or max not valid string range item"},
			{"ZLEXCOUNT z (a a", "(error) ERR min or max not valid string range item"},
			{`ZLEXCOUNT z "" +`, "(error) ERR min or max not valid string range item"},
			{"ZLEXCOUNT nokey - +", "(integer) 0"},
			{"SET s x", "OK"},
			{"ZCOUNT s 1 2", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZLEXCOUNT s - +", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zrank zrevrank", steps: []step{
			{"ZADD z 1 a 2 b 3 c", "(integer) 3"},
			{"ZRANK z a", "(integer) 0"},
			{"ZRANK z c", "(integer) 2"},
			{"ZREVRANK z a", "(integer) 2"},
			{"ZREVRANK z c", "(integer) 0"},
			{"ZRANK z x", "(nil)"},
			{"ZREVRANK z x", "(nil)"},
			{"ZRANK nokey a", "(nil)"},
			{"ZRANK z", "(error) ERR wrong number of arguments for 'zrank' command"},
			{"SET s x", "OK"},
			{"ZRANK s a", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZREVRANK s a", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zrange by rank", steps: []step{
			{"ZADD z 1 a 2 b 3 c 4 d 5 e", "(integer) 5"},
			{"ZRANGE z 0 -1", `["a", "b", "c", "d", "e"]`},
			{"ZRANGE z 1 2 WITHSCORES", `["b", "2", "c", "3"]`},
			{"ZRANGE z -2 -1", `["d", "e"]`},
			{"ZRANGE z 1 10000", `["b", "c", "d", "e"]`},
			{"ZRANGE z -100 -3", `["a", "b", "c"]`},
			{"ZRANGE z 3 2", "[]"},
			{"ZRANGE z 5 10", "[]"},
			{"ZRANGE z 0 -1 REV", `["e", "d", "c", "b", "a"]`},
			{"ZRANGE z 0 1 REV WITHSCORES", `["e", "5", "d", "4"]`},
			{"ZRANGE z a b", "(error) ERR value is not an integer or out of range"},
			{"ZRANGE z 0 -1 WITHSCORES foo", "(error) ERR syntax error"},
			{"ZRANGE z 0 -1 LIMIT 1", "(error) ERR syntax error"},
			{"ZRANGE z 0 -1 LIMIT 0 1", "(error) ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"},
			{"ZRANGE z 0", "(error) ERR wrong number of arguments for 'zrange' command"},
			{"ZRANGE nokey 0 -1", "[]"},
			{"ZREVRANGE z 0 1 WITHSCORES", `["e", "5", "d", "4"]`},
			{"ZREVRANGE z 0 1 WITHSCORE", "(error) ERR syntax error"},
			{"ZREVRANGE z 0 1 WITHSCORES x", "(error) ERR syntax error"},
			{"ZREVRANGE z -1 -1", `["a"]`},
			{"ZREVRANGE z x 1", "(error) ERR value is not an integer or out of range"},
			{"SET s x", "OK"},
			{"ZRANGE s 0 -1", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZREVRANGE s 0 -1", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zrange by score", steps: []step{
			{"ZADD z 1 a 2 b 3 c 4 d 5 e", "(integer) 5"},
			{"ZRANGE z -inf +inf BYSCORE", `["a", "b", "c", "d", "e"]`},
			{"ZRANGE z (1 (4 BYSCORE WITHSCORES", `["b", "2", "c", "3"]`},
			{"ZRANGE z +inf -inf BYSCORE REV WITHSCORES LIMIT 1 2", `["d", "4", "c", "3"]`},
			{"ZRANGE z (2 +inf BYSCORE LIMIT 1 -1", `["d", "e"]`},
			{"ZRANGE z -inf +inf BYSCORE LIMIT -1 2", "[]"},
			{"ZRANGE z -inf +inf BYSCORE LIMIT 10 2", "[]"},
			{"ZRANGE z -inf +inf BYSCORE LIMIT 0 0", "[]"},
			{"ZRANGE z -inf +inf BYSCORE LIMIT a 1", "(error) ERR value is not an integer or out of range"},
			{"ZRANGE z -inf +inf BYSCORE LIMIT 0 b", "(error) ERR value is not an integer or out of range"},
			{"ZRANGE z x 1 BYSCORE", "(error) ERR min or max is not a float"},
			{"ZRANGE z 5 1 BYSCORE", "[]"},
			{"ZRANGE z 1 5 BYSCORE REV", "[]"},
			{"ZRANGEBYSCORE z -inf +inf WITHSCORES LIMIT 0 2", `["a", "1", "b", "2"]`},
			{"ZRANGEBYSCORE z -inf +inf REV", "(error) ERR syntax error"},
			{"ZRANGEBYSCORE z (1 3", `["b", "c"]`},
			{"ZRANGEBYSCORE z 1 x", "(error) ERR min or max is not a float"},
			{"ZRANGEBYSCORE z 1 2 LIMIT 0", "(error) ERR syntax error"},
			{"ZREVRANGEBYSCORE z +inf -inf WITHSCORES", `["e", "5", "d", "4", "c", "3", "b", "2", "a", "1"]`},
			{"ZREVRANGEBYSCORE z 4 (2", `["d", "c"]`},
			{"ZREVRANGEBYSCORE z +inf -inf LIMIT 1 2 WITHSCORES", `["d", "4", "c", "3"]`},
			{"ZRANGEBYSCORE nokey a b", "(error) ERR min or max is not a float"},
			{"ZRANGEBYSCORE nokey 1 2", "[]"},
		}},
		{name: "zrange by lex", steps: []step{
			{"ZADD z 0 a 0 b 0 c 0 d 0 e", "(integer) 5"},
			{"ZRANGE z - + BYLEX", `["a", "b", "c", "d", "e"]`},
			{"ZRANGE z - + BYLEX WITHSCORES", "(error) ERR syntax error, WITHSCORES not supported in combination with BYLEX"},
			{"ZRANGE z - + BYLEX LIMIT 1 1", `["b"]`},
			{"ZRANGE z [e - BYLEX REV", `["e", "d", "c", "b", "a"]`},
			{"ZRANGE z [e (b BYLEX REV LIMIT 1 10", `["d", "c"]`},
			{"ZRANGE z a b BYLEX", "(error) ERR min or max not valid string range item"},
			{"ZRANGE z [b [d BYLEX", `["b", "c", "d"]`},
			{"ZRANGEBYLEX z - + WITHSCORES", "(error) ERR syntax error, WITHSCORES not supported in combination with BYLEX"},
			{"ZRANGEBYLEX z - + LIMIT 0 -1", `["a", "b", "c", "d", "e"]`},
			{"ZRANGEBYLEX z a +", "(error) ERR min or max not valid string range item"},
			{"ZRANGEBYLEX z (a [c", `["b", "c"]`},
			{"ZREVRANGEBYLEX z + -", `["e", "d", "c", "b", "a"]`},
			{"ZREVRANGEBYLEX z (d - LIMIT 1 2", `["b", "a"]`},
			{"ZRANGEBYLEX nokey a b", "(error) ERR min or max not valid string range item"},
			{"ZRANGEBYLEX nokey - +", "[]"},
		}},
		{name: "zremrange", steps: []step{
			{"ZADD z 1 a 2 b 3 c 4 d 5 e", "(integer) 5"},
			{"ZREMRANGEBYRANK z 0 0", "(integer) 1"},
			{"ZREMRANGEBYRANK z -1 -1", "(integer) 1"},
			{"ZREMRANGEBYRANK z 5 10", "(integer) 0"},
			{"ZREMRANGEBYRANK z a 1", "(error) ERR value is not an integer or out of range"},
			{"ZRANGE z 0 -1", `["b", "c", "d"]`},
			{"ZREMRANGEBYSCORE z (2 3", "(integer) 1"},
			{"ZREMRANGEBYSCORE z 1 x", "(error) ERR min or max is not a float"},
			{"ZREMRANGEBYSCORE z 10 20", "(integer) 0"},
			{"ZRANGE z 0 -1", `["b", "d"]`},
			{"ZREMRANGEBYLEX z - +", "(integer) 2"},
			{"EXISTS z", "(integer) 0"},
			{"ZADD z 0 a 0 b 0 c", "(integer) 3"},
			{"ZREMRANGEBYLEX z (a +", "(integer) 2"},
			{"ZREMRANGEBYLEX z a b", "(error) ERR min or max not valid string range item"},
			{"ZRANGE z 0 -1", `["a"]`},
			{"ZREMRANGEBYSCORE z -inf +inf", "(integer) 1"},
			{"EXISTS z", "(integer) 0"},
			{"ZREMRANGEBYRANK nokey 0 -1", "(integer) 0"},
			{"ZREMRANGEBYRANK nokey a 1", "(error) ERR value is not an integer or out of range"},
			{"ZREMRANGEBYSCORE nokey 1 x", "(error) ERR min or max is not a float"},
			{"ZREMRANGEBYLEX nokey a b", "(error) ERR min or max not valid string range item"},
			{"ZREMRANGEBYRANK z 0", "(error) ERR wrong number of arguments for 'zremrangebyrank' command"},
			{"SET s x", "OK"},
			{"ZREMRANGEBYRANK s 0 -1", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZREMRANGEBYSCORE s 0 1", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZREMRANGEBYLEX s - +", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zpopmin zpopmax", steps: []step{
			{"ZADD z 1 a 2 b 3 c 4 d", "(integer) 4"},
			{"ZPOPMIN z", `["a", "1"]`},
			{"ZPOPMAX z 2", `["d", "4", "c", "3"]`},
			{"ZPOPMIN z -1", "(error) ERR value is out of range, must be positive"},
			{"ZPOPMIN z 0", "[]"},
			{"ZPOPMIN z a", "(error) ERR value is out of range, must be positive"},
			{"ZPOPMIN z 1 2", "(error) ERR syntax error"},
			{"ZPOPMIN nokey 3", "[]"},
			{"ZPOPMIN nokey", "[]"},
			{"ZPOPMAX z 10", `["b", "2"]`},
			{"EXISTS z", "(integer) 0"},
			{"ZPOPMIN", "(error) ERR wrong number of arguments for 'zpopmin' command"},
			{"SET s x", "OK"},
			{"ZPOPMIN s", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZPOPMAX s 2", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zrangestore", steps: []step{
			{"ZADD src 1 a 2 b 3 c", "(integer) 3"},
			{"ZRANGESTORE d src 0 -1 WITHSCORES", "(error) ERR syntax error"},
			{"ZRANGESTORE d src 0 -1 LIMIT 0 1", "(error) ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"},
			{"SET d x", "OK"},
			{"ZRANGESTORE d src 0 0", "(integer) 1"},
			{"TYPE d", "zset"},
			{"ZRANGE d 0 -1 WITHSCORES", `["a", "1"]`},
			{"ZRANGESTORE d nokey 0 -1", "(integer) 0"},
			{"EXISTS d", "(integer) 0"},
			{"ZRANGESTORE d src - + BYLEX WITHSCORES", "(error) ERR syntax error"},
			{"ZRANGESTORE d src (1 +inf BYSCORE", "(integer) 2"},
			{"ZRANGE d 0 -1 WITHSCORES", `["b", "2", "c", "3"]`},
			{"ZRANGESTORE d src [c - BYLEX REV LIMIT 0 1", "(integer) 1"},
			{"ZRANGE d 0 -1 WITHSCORES", `["c", "3"]`},
			{"ZRANGESTORE d src x 1 BYSCORE", "(error) ERR min or max is not a float"},
			{"ZRANGESTORE d src 0", "(error) ERR wrong number of arguments for 'zrangestore' command"},
			{"SET s x", "OK"},
			{"ZRANGESTORE d s 0 -1", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zmpop", steps: []step{
			{"ZADD src 1 a 2 b 3 c", "(integer) 3"},
			{"ZMPOP 0 MIN", "(error) ERR wrong number of arguments for 'zmpop' command"},
			{"ZMPOP 1 src foo", "(error) ERR syntax error"},
			{"ZMPOP 1 src MIN COUNT 0", "(error) ERR count should be greater than 0"},
			{"ZMPOP 1 src MIN COUNT -1", "(error) ERR count should be greater than 0"},
			{"ZMPOP 1 src MIN COUNT a", "(error) ERR count should be greater than 0"},
			{"ZMPOP a src MIN", "(error) ERR numkeys should be greater than 0"},
			{"ZMPOP -1 src MIN", "(error) ERR numkeys should be greater than 0"},
			{"ZMPOP 2 src MIN", "(error) ERR syntax error"},
			{"ZMPOP 1 src MIN COUNT 1 COUNT 2", "(error) ERR syntax error"},
			{"ZMPOP 1 src MIN COUNT", "(error) ERR syntax error"},
			{"ZMPOP 1 nokey MAX", "(nil array)"},
			{"ZMPOP 2 nokey src MAX COUNT 2", `["src", [["c", "3"], ["b", "2"]]]`},
			{"ZMPOP 2 nokey src min COUNT 2", `["src", [["a", "1"]]]`},
			{"EXISTS src", "(integer) 0"},
			{"SET s x", "OK"},
			{"ZMPOP 1 s MIN", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZMPOP 2 nokey s MIN", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zrandmember errors", steps: []step{
			{"ZADD src 1 a", "(integer) 1"},
			{"ZRANDMEMBER src a", "(error) ERR value is not an integer or out of range"},
			{"ZRANDMEMBER src 1 foo", "(error) ERR syntax error"},
			{"ZRANDMEMBER src 1 WITHSCORES x", "(error) ERR syntax error"},
			{"ZRANDMEMBER src 0", "[]"},
			{"ZRANDMEMBER src 0 WITHSCORES", "[]"},
			{"ZRANDMEMBER src", `"a"`},
			{"ZRANDMEMBER src 5 WITHSCORES", `["a", "1"]`},
			{"ZRANDMEMBER src -3", `["a", "a", "a"]`},
			{"ZRANDMEMBER nokey", "(nil)"},
			{"ZRANDMEMBER nokey 2", "[]"},
			{"ZRANDMEMBER src -9223372036854775808", "(error) ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"},
			{"ZRANDMEMBER", "(error) ERR wrong number of arguments for 'zrandmember' command"},
			{"SET s x", "OK"},
			{"ZRANDMEMBER s", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZRANDMEMBER s 2", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "set operations", steps: []step{
			{"SADD st a b c", "(integer) 3"},
			{"ZADD src 1 a 2 b", "(integer) 2"},
			{"ZUNIONSTORE d 0 src", "(error) ERR at least 1 input key is needed for 'zunionstore' command"},
			{"ZUNION 0 src", "(error) ERR at least 1 input key is needed for 'zunion' command"},
			{"ZUNION a src", "(error) ERR value is not an integer or out of range"},
			{"ZUNION -1 src", "(error) ERR at least 1 input key is needed for 'zunion' command"},
			{"ZUNION 3 src", "(error) ERR syntax error"},
			{"ZUNION 1 src WEIGHTS", "(error) ERR syntax error"},
			{"ZUNION 1 src WEIGHTS x", "(error) ERR weight value is not a float"},
			{"ZUNION 1 src WEIGHTS 1 2", "(error) ERR syntax error"},
			{"ZUNION 1 src AGGREGATE foo", "(error) ERR syntax error"},
			{"ZUNION 1 src AGGREGATE", "(error) ERR syntax error"},
			{"ZUNION 2 src st WITHSCORES", `["c", "1", "a", "2", "b", "3"]`},
			{"ZINTER 2 src st WITHSCORES AGGREGATE MAX WEIGHTS 2 3", `["a", "3", "b", "4"]`},
			{"ZINTER 2 src st WITHSCORES AGGREGATE MIN", `["a", "1", "b", "1"]`},
			{"ZINTER 2 st src WITHSCORES", `["a", "2", "b", "3"]`},
			{"ZDIFF 1 src WEIGHTS 1", "(error) ERR syntax error"},
			{"ZDIFF 1 src AGGREGATE SUM", "(error) ERR syntax error"},
			{"ZDIFF 2 st src WITHSCORES", `["c", "1"]`},
			{"ZDIFF 2 src st", "[]"},
			{"ZDIFF 0 src", "(error) ERR at least 1 input key is needed for 'zdiff' command"},
			{"ZDIFFSTORE d 0 src", "(error) ERR at least 1 input key is needed for 'zdiffstore' command"},
			{"ZDIFFSTORE d 2 st src", "(integer) 1"},
			{"ZRANGE d 0 -1 WITHSCORES", `["c", "1"]`},
			{"ZDIFFSTORE d 2 src st", "(integer) 0"},
			{"EXISTS d", "(integer) 0"},
			{"ZUNION 1 src WITHSCORES WITHSCORES", `["a", "1", "b", "2"]`},
			{"ZUNIONSTORE d 1 src WITHSCORES", "(error) ERR syntax error"},
			{"ZUNIONSTORE d 2 src st WEIGHTS 2 3 AGGREGATE SUM", "(integer) 3"},
			{"ZRANGE d 0 -1 WITHSCORES", `["c", "3", "a", "5", "b", "7"]`},
			{"ZINTERSTORE d 2 src st", "(integer) 2"},
			{"ZRANGE d 0 -1 WITHSCORES", `["a", "2", "b", "3"]`},
			{"ZINTERSTORE d 2 src nokey", "(integer) 0"},
			{"EXISTS d", "(integer) 0"},
			{"ZUNIONSTORE d 1 nokey", "(integer) 0"},
			{"ZINTER 2 src nokey", "[]"},
			{"ZUNION 2 src st AGGREGATE MAX AGGREGATE MIN WITHSCORES", `["a", "1", "b", "1", "c", "1"]`},
			{"ZINTER 1 src WEIGHTS 2 WEIGHTS 3 WITHSCORES", `["a", "3", "b", "6"]`},
			{"ZUNION 1 src WEIGHTS inf AGGREGATE SUM WITHSCORES", `["a", "inf", "b", "inf"]`},
			{"ZADD z0 0 a", "(integer) 1"},
			{"ZUNION 2 z0 z0 WEIGHTS inf 1 WITHSCORES", `["a", "0"]`},
			{"ZADD zi inf a", "(integer) 1"},
			{"ZUNION 2 zi zi WEIGHTS 1 -1 WITHSCORES", `["a", "0"]`},
			{"ZUNION 2 zi zi WEIGHTS 1 -1 AGGREGATE MAX WITHSCORES", `["a", "inf"]`},
			{"ZUNION 1", "(error) ERR wrong number of arguments for 'zunion' command"},
			{"ZUNIONSTORE d 1", "(error) ERR wrong number of arguments for 'zunionstore' command"},
			{"SET s x", "OK"},
			{"ZUNION 1 s", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZINTER 2 src s", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZDIFF 2 src s", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZUNIONSTORE d 2 src s", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
			{"ZUNIONSTORE s 1 src", "(integer) 2"},
			{"TYPE s", "zset"},
		}},
		{name: "zintercard", steps: []step{
			{"SADD st a b c", "(integer) 3"},
			{"ZADD src 1 a 2 b", "(integer) 2"},
			{"ZINTERCARD 0 src", "(error) ERR at least 1 input key is needed for 'zintercard' command"},
			{"ZINTERCARD 1 src LIMIT -1", "(error) ERR LIMIT can't be negative"},
			{"ZINTERCARD 1 src LIMIT x", "(error) ERR LIMIT can't be negative"},
			{"ZINTERCARD 1 src LIMIT", "(error) ERR syntax error"},
			{"ZINTERCARD 2 src st", "(integer) 2"},
			{"ZINTERCARD 2 src st LIMIT 1", "(integer) 1"},
			{"ZINTERCARD 2 src st LIMIT 0", "(integer) 2"},
			{"ZINTERCARD 2 src nokey", "(integer) 0"},
			{"ZINTERCARD 1 src foo", "(error) ERR syntax error"},
			{"ZINTERCARD 3 src st", "(error) ERR syntax error"},
			{"ZINTERCARD 1", "(error) ERR wrong number of arguments for 'zintercard' command"},
			{"SET s x", "OK"},
			{"ZINTERCARD 2 src s", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "zscan", steps: []step{
			{"ZADD src 1 a 2 b 3 c", "(integer) 3"},
			{"ZSCAN src 0", `["0", ["a", "1", "b", "2", "c", "3"]]`},
			{"ZSCAN src x", "(error) ERR invalid cursor"},
			{"ZSCAN src 0 COUNT 0", "(error) ERR syntax error"},
			{"ZSCAN src 0 COUNT x", "(error) ERR value is not an integer or out of range"},
			{"ZSCAN src 0 foo", "(error) ERR syntax error"},
			{"ZSCAN src 0 MATCH b*", `["0", ["b", "2"]]`},
			{"ZSCAN src 0 MATCH", "(error) ERR syntax error"},
			{"ZSCAN nokey 0", `["0", []]`},
			{"ZSCAN src", "(error) ERR wrong number of arguments for 'zscan' command"},
			{"SET s x", "OK"},
			{"ZSCAN s 0", "(error) WRONGTYPE Operation against a key holding the wrong kind of value"},
		}},
		{name: "resp3 shapes", steps: []step{
			{"HELLO 3", anyReply},
			{"ZADD z 1 a 2.5 b", "(integer) 2"},
			{"ZSCORE z b", "(double) 2.5"},
			{"ZMSCORE z a x", "[(double) 1, (nil)]"},
			{"ZADD z INCR 1 a", "(double) 2"},
			{"ZINCRBY z 1 a", "(double) 3"},
			{"ZRANGE z 0 -1 WITHSCORES", `[["b", (double) 2.5], ["a", (double) 3]]`},
			{"ZRANGE z 0 -1", `["b", "a"]`},
			{"ZRANGEBYSCORE z -inf +inf WITHSCORES", `[["b", (double) 2.5], ["a", (double) 3]]`},
			{"ZREVRANGE z 0 -1 WITHSCORES", `[["a", (double) 3], ["b", (double) 2.5]]`},
			{"ZUNION 1 z WITHSCORES", `[["b", (double) 2.5], ["a", (double) 3]]`},
			{"ZRANDMEMBER nokey", "(nil)"},
			{"ZPOPMIN z", `["b", (double) 2.5]`},
			{"ZADD z 1 a", "(integer) 0"},
			{"ZPOPMAX z 1", `[["a", (double) 1]]`},
			{"ZPOPMIN nokey", "[]"},
			{"ZMPOP 1 nokey MIN", "(nil)"},
			{"ZMPOP 1 z MIN", "(nil)"},
			{"ZADD z XX INCR 1 a", "(nil)"},
			{"ZADD z 3 a", "(integer) 1"},
			{"ZSCAN z 0", `["0", ["a", "3"]]`},
		}},
		{name: "encodings", steps: []step{
			{"CONFIG SET zset-max-listpack-entries 3", "OK"},
			{"CONFIG SET zset-max-listpack-value 5", "OK"},
			{"ZADD z 1 a 2 b 3 c", "(integer) 3"},
			{"OBJECT ENCODING z", `"listpack"`},
			{"ZADD z 1 a", "(integer) 0"},
			{"OBJECT ENCODING z", `"listpack"`},
			{"ZADD z 4 d", "(integer) 1"},
			{"OBJECT ENCODING z", `"skiplist"`},
			{"ZREM z a b c", "(integer) 3"},
			{"OBJECT ENCODING z", `"skiplist"`},
			{"ZADD y 1 abcde", "(integer) 1"},
			{"OBJECT ENCODING y", `"listpack"`},
			{"ZADD y 1 abcdef", "(integer) 1"},
			{"OBJECT ENCODING y", `"skiplist"`},
			{"ZADD x 1 abcdef", "(integer) 1"},
			{"OBJECT ENCODING x", `"skiplist"`},
			{"ZINCRBY w 1 abcdef", `"1"`},
			{"OBJECT ENCODING w", `"skiplist"`},
			{"ZADD v 1 a 2 b", "(integer) 2"},
			{"ZUNIONSTORE u 1 v", "(integer) 2"},
			{"OBJECT ENCODING u", `"listpack"`},
			{"ZUNIONSTORE u 2 v z", "(integer) 3"},
			{"OBJECT ENCODING u", `"listpack"`},
			{"ZRANGESTORE t z 0 0", "(integer) 1"},
			{"OBJECT ENCODING t", `"listpack"`},
			{"ZADD n -0 a", "(integer) 1"},
			{"ZSCORE n a", `"0"`},
			{"ZADD x -0 a", "(integer) 1"},
			{"ZSCORE x a", `"-0"`},
			{"CONFIG SET zset-max-listpack-entries 0", "OK"},
			{"ZADD e 1 a", "(integer) 1"},
			{"OBJECT ENCODING e", `"skiplist"`},
			{"CONFIG SET zset-max-listpack-entries 128", "OK"},
			{"CONFIG SET zset-max-listpack-value 64", "OK"},
			{"OBJECT ENCODING e", `"skiplist"`},
			{"ZADD l 1 a", "(integer) 1"},
			{"OBJECT ENCODING l", `"listpack"`},
		}},
		{name: "arity", steps: []step{
			{"ZADD z 1", errArity("zadd")},
			{"ZADD z", errArity("zadd")},
			{"ZINCRBY z 1", errArity("zincrby")},
			{"ZREM z", errArity("zrem")},
			{"ZCARD", errArity("zcard")},
			{"ZSCORE z", errArity("zscore")},
			{"ZMSCORE z", errArity("zmscore")},
			{"ZCOUNT z 1", errArity("zcount")},
			{"ZLEXCOUNT z -", errArity("zlexcount")},
			{"ZRANK z", errArity("zrank")},
			{"ZREVRANK z", errArity("zrevrank")},
			{"ZRANGE z 0", errArity("zrange")},
			{"ZRANGESTORE d z 0", errArity("zrangestore")},
			{"ZRANGEBYSCORE z 0", errArity("zrangebyscore")},
			{"ZREVRANGEBYSCORE z 0", errArity("zrevrangebyscore")},
			{"ZRANGEBYLEX z -", errArity("zrangebylex")},
			{"ZREVRANGEBYLEX z +", errArity("zrevrangebylex")},
			{"ZREVRANGE z 0", errArity("zrevrange")},
			{"ZREMRANGEBYRANK z 0", errArity("zremrangebyrank")},
			{"ZREMRANGEBYSCORE z 0", errArity("zremrangebyscore")},
			{"ZREMRANGEBYLEX z -", errArity("zremrangebylex")},
			{"ZPOPMIN", errArity("zpopmin")},
			{"ZPOPMAX", errArity("zpopmax")},
			{"ZMPOP 1 z", errArity("zmpop")},
			{"ZRANDMEMBER", errArity("zrandmember")},
			{"ZUNION 1", errArity("zunion")},
			{"ZINTER 1", errArity("zinter")},
			{"ZDIFF 1", errArity("zdiff")},
			{"ZUNIONSTORE d 1", errArity("zunionstore")},
			{"ZINTERSTORE d 1", errArity("zinterstore")},
			{"ZDIFFSTORE d 1", errArity("zdiffstore")},
			{"ZINTERCARD 1", errArity("zintercard")},
			{"ZSCAN z", errArity("zscan")},
		}},
		// Valkey 8 prints the shortest round-trip double; 7.0 used %.17g.
		{name: "shortest doubles", valkeyOnly: true, steps: []step{
			{"ZADD z 0.1 a 1e300 b 1.5 c", "(integer) 3"},
			{"ZRANGE z 0 -1 WITHSCORES", `["a", "0.1", "c", "1.5", "b", "1e+300"]`},
			{"ZSCORE z a", `"0.1"`},
			{"ZINCRBY z 0.2 a", `"0.30000000000000004"`},
		}},
		// Valkey 8 (Redis 7.2) sizes a new set from all the pairs of ZADD,
		// repeated members included; 7.0 looked at the first member only.
		{name: "zadd presizing", valkeyOnly: true, steps: []step{
			{"CONFIG SET zset-max-listpack-entries 2", "OK"},
			{"ZADD z 1 a 2 a 3 a", "(integer) 1"},
			{"OBJECT ENCODING z", `"skiplist"`},
			{"ZADD y 1 a 2 b", "(integer) 2"},
			{"OBJECT ENCODING y", `"listpack"`},
			{"ZADD x 1 a 2 abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "(integer) 2"},
			{"OBJECT ENCODING x", `"skiplist"`},
		}},
	}
}

// TestZSetEncodingDefaults checks the conversions at the default
// thresholds (128 entries, 64 bytes).
func TestZSetEncodingDefaults(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	for i := 0; i < 128; i++ {
		c.Do("ZADD", "z", strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	if got := c.Do("OBJECT", "ENCODING", "z"); got != `"listpack"` {
		t.Fatalf("128 members: %s", got)
	}
	c.Do("ZADD", "z", "500", "last")
	if got := c.Do("OBJECT", "ENCODING", "z"); got != `"skiplist"` {
		t.Fatalf("129 members: %s", got)
	}
	if got := c.Do("ZRANK", "z", "last"); got != "(integer) 128" {
		t.Fatalf("rank: %s", got)
	}
	c.Do("ZADD", "long", "1", strings.Repeat("x", 64))
	if got := c.Do("OBJECT", "ENCODING", "long"); got != `"listpack"` {
		t.Fatalf("64 bytes: %s", got)
	}
	c.Do("ZADD", "long", "1", strings.Repeat("x", 65))
	if got := c.Do("OBJECT", "ENCODING", "long"); got != `"skiplist"` {
		t.Fatalf("65 bytes: %s", got)
	}
}

// TestZRandMember checks the random replies by their properties.
func TestZRandMember(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	c.Do("ZADD", "z", "1", "a", "2", "b", "3", "c")
	members := map[string]bool{`"a"`: true, `"b"`: true, `"c"`: true}
	for i := 0; i < 20; i++ {
		if got := c.Do("ZRANDMEMBER", "z"); !members[got] {
			t.Fatalf("ZRANDMEMBER: %s", got)
		}
	}
	got := c.Do("ZRANDMEMBER", "z", "3")
	for _, m := range []string{`"a"`, `"b"`, `"c"`} {
		if !strings.Contains(got, m) {
			t.Fatalf("ZRANDMEMBER z 3 = %s, missing %s", got, m)
		}
	}
	if got := c.Do("ZRANDMEMBER", "z", "2"); strings.Count(got, ",") != 1 {
		t.Fatalf("ZRANDMEMBER z 2 = %s", got)
	}
	if got := c.Do("ZRANDMEMBER", "z", "-10"); strings.Count(got, ",") != 9 {
		t.Fatalf("ZRANDMEMBER z -10 = %s", got)
	}
	if got := c.Do("ZRANDMEMBER", "z", "-4", "WITHSCORES"); strings.Count(got, ",") != 7 {
		t.Fatalf("ZRANDMEMBER z -4 WITHSCORES = %s", got)
	}
}

// TestZScanLarge walks a skiplist-encoded set with a cursor.
func TestZScanLarge(t *testing.T) {
	addr := testkit.StartTrove(t)
	c := testkit.Dial(t, addr)
	for i := 0; i < 300; i++ {
		c.Do("ZADD", "z", strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	ctx := context.Background()
	seen := map[string]bool{}
	var cursor uint64
	for calls := 0; ; calls++ {
		keys, next, err := rdb.ZScan(ctx, "z", cursor, "", 50).Result()
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(keys); i += 2 {
			seen[keys[i]] = true
		}
		if cursor = next; cursor == 0 || calls > 100 {
			break
		}
	}
	if len(seen) != 300 {
		t.Fatalf("saw %d members", len(seen))
	}
}

// TestZSetGoRedis exercises the family through a client library.
func TestZSetGoRedis(t *testing.T) {
	addr := testkit.StartTrove(t)
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("resp%d", proto), func(t *testing.T) {
			rdb := redis.NewClient(&redis.Options{Addr: addr, Protocol: proto})
			defer rdb.Close()
			ctx := context.Background()
			key := fmt.Sprintf("gz%d", proto)
			if n, err := rdb.ZAdd(ctx, key, redis.Z{Score: 1.5, Member: "a"}, redis.Z{Score: 2, Member: "b"}).Result(); err != nil || n != 2 {
				t.Fatalf("ZAdd = %d, %v", n, err)
			}
			if s, err := rdb.ZIncrBy(ctx, key, 1, "a").Result(); err != nil || s != 2.5 {
				t.Fatalf("ZIncrBy = %v, %v", s, err)
			}
			zs, err := rdb.ZRangeWithScores(ctx, key, 0, -1).Result()
			if err != nil || len(zs) != 2 || zs[0].Member != "b" || zs[1].Score != 2.5 {
				t.Fatalf("ZRangeWithScores = %v, %v", zs, err)
			}
			pop, err := rdb.ZPopMax(ctx, key, 1).Result()
			if err != nil || len(pop) != 1 || pop[0].Member != "a" {
				t.Fatalf("ZPopMax = %v, %v", pop, err)
			}
			k, mz, err := rdb.ZMPop(ctx, "min", 1, "nokey", key).Result()
			if err != nil || k != key || len(mz) != 1 || mz[0].Score != 2 {
				t.Fatalf("ZMPop = %s %v %v", k, mz, err)
			}
			if n, _ := rdb.Exists(ctx, key).Result(); n != 0 {
				t.Fatalf("emptied key still exists")
			}
		})
	}
}

// TestZSetRandomDifferential runs random sorted-set commands against trove
// and the reference server and compares every reply. Scores are small
// integers and halves so that both servers print them the same way.
func TestZSetRandomDifferential(t *testing.T) {
	if _, ok := testkit.ReferenceBinary(); !ok {
		t.Skip("redis-server not installed")
	}
	tc := testkit.Dial(t, testkit.StartTrove(t, "zset-max-listpack-entries 16"))
	rc := testkit.Dial(t, testkit.StartReference(t, "--zset-max-listpack-entries", "16"))
	rng := rand.New(rand.NewPCG(7, 11))
	keys := []string{"k1", "k2", "k3"}
	member := func() string { return string(rune('a' + rng.IntN(30))) }
	score := func() string {
		switch rng.IntN(10) {
		case 0:
			return "-inf"
		case 1:
			return "+inf"
		}
		return strconv.FormatFloat(float64(rng.IntN(40)-20)/2, 'f', -1, 64)
	}
	bound := func() string {
		s := score()
		if rng.IntN(3) == 0 {
			return "(" + s
		}
		return s
	}
	lex := func() string {
		switch rng.IntN(6) {
		case 0:
			return "-"
		case 1:
			return "+"
		case 2:
			return "(" + member()
		}
		return "[" + member()
	}
	rank := func() string { return strconv.Itoa(rng.IntN(40) - 20) }
	key := func() string { return keys[rng.IntN(len(keys))] }
	gens := []func() []string{
		func() []string {
			args := []string{"ZADD", key()}
			for _, o := range []string{"NX", "XX", "GT", "LT", "CH"} {
				if rng.IntN(6) == 0 {
					args = append(args, o)
				}
			}
			for n := 1 + rng.IntN(4); n > 0; n-- {
				args = append(args, score(), member())
			}
			return args
		},
		func() []string { return []string{"ZINCRBY", key(), score(), member()} },
		func() []string { return []string{"ZREM", key(), member(), member()} },
		func() []string { return []string{"ZSCORE", key(), member()} },
		func() []string { return []string{"ZRANK", key(), member()} },
		func() []string { return []string{"ZREVRANK", key(), member()} },
		func() []string { return []string{"ZCOUNT", key(), bound(), bound()} },
		func() []string { return []string{"ZRANGE", key(), rank(), rank(), "WITHSCORES"} },
		func() []string {
			return []string{"ZRANGE", key(), bound(), bound(), "BYSCORE", "LIMIT", rank(), rank()}
		},
		func() []string { return []string{"ZRANGE", key(), bound(), bound(), "BYSCORE", "REV", "WITHSCORES"} },
		func() []string {
			return []string{"ZREVRANGEBYSCORE", key(), bound(), bound(), "WITHSCORES", "LIMIT", "1", "3"}
		},
		func() []string { return []string{"ZREMRANGEBYRANK", key(), rank(), rank()} },
		func() []string { return []string{"ZREMRANGEBYSCORE", key(), bound(), bound()} },
		func() []string { return []string{"ZPOPMIN", key(), strconv.Itoa(rng.IntN(3))} },
		func() []string { return []string{"ZPOPMAX", key()} },
		func() []string { return []string{"ZCARD", key()} },
		func() []string {
			return []string{"ZUNIONSTORE", key(), "2", key(), key(), "WEIGHTS", "1", "2", "AGGREGATE", []string{"SUM", "MIN", "MAX"}[rng.IntN(3)]}
		},
		func() []string { return []string{"ZINTER", "2", key(), key(), "WITHSCORES"} },
		func() []string { return []string{"ZDIFF", "2", key(), key(), "WITHSCORES"} },
		func() []string { return []string{"ZINTERCARD", "2", key(), key()} },
		func() []string { return []string{"ZRANGESTORE", key(), key(), rank(), rank()} },
		func() []string { return []string{"ZMPOP", "2", key(), key(), "MAX", "COUNT", "2"} },
		func() []string { return []string{"ZRANGE", key(), "0", "-1", "WITHSCORES"} },
		func() []string { return []string{"OBJECT", "ENCODING", key()} },
	}
	// Lex commands on a set whose scores are all 0.
	lexGens := []func() []string{
		func() []string { return []string{"ZADD", "lex", "0", member(), "0", member()} },
		func() []string { return []string{"ZLEXCOUNT", "lex", lex(), lex()} },
		func() []string { return []string{"ZRANGEBYLEX", "lex", lex(), lex()} },
		func() []string { return []string{"ZREVRANGEBYLEX", "lex", lex(), lex(), "LIMIT", "0", "3"} },
		func() []string { return []string{"ZRANGE", "lex", lex(), lex(), "BYLEX", "REV"} },
		func() []string { return []string{"ZREMRANGEBYLEX", "lex", lex(), lex()} },
	}
	for i := 0; i < 3000; i++ {
		var args []string
		if rng.IntN(4) == 0 {
			args = lexGens[rng.IntN(len(lexGens))]()
		} else {
			args = gens[rng.IntN(len(gens))]()
		}
		got, want := tc.Do(args...), rc.Do(args...)
		if got != want {
			t.Fatalf("step %d %q:\n trove     %s\n reference %s", i, args, got, want)
		}
	}
}

// TestZSetEvents checks the keyspace events, named as the reference
// server names them (observed with PSUBSCRIBE __keyevent@0__:*).
func TestZSetEvents(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		cmd   string
		want  []string
	}{
		{"zadd", nil, "ZADD z 1 a", []string{"z zadd z"}},
		{"zadd no change", []string{"ZADD z 1 a"}, "ZADD z 1 a", nil},
		{"zadd xx missing", nil, "ZADD z XX 1 a", nil},
		{"zadd incr", []string{"ZADD z 1 a"}, "ZADD z INCR 1 a", []string{"z zincr z"}},
		{"zincrby", nil, "ZINCRBY z 1 a", []string{"z zincr z"}},
		{"zrem", []string{"ZADD z 1 a 2 b"}, "ZREM z a", []string{"z zrem z"}},
		{"zrem last", []string{"ZADD z 1 a"}, "ZREM z a", []string{"z zrem z", "g del z"}},
		{"zrem none", []string{"ZADD z 1 a"}, "ZREM z b", nil},
		{"zremrangebyrank", []string{"ZADD z 1 a 2 b"}, "ZREMRANGEBYRANK z 0 0", []string{"z zremrangebyrank z"}},
		{"zremrangebyscore", []string{"ZADD z 1 a 2 b"}, "ZREMRANGEBYSCORE z 0 5", []string{"z zremrangebyscore z", "g del z"}},
		{"zremrangebylex", []string{"ZADD z 0 a 0 b"}, "ZREMRANGEBYLEX z [a [a", []string{"z zremrangebylex z"}},
		{"zpopmin", []string{"ZADD z 1 a 2 b"}, "ZPOPMIN z", []string{"z zpopmin z"}},
		{"zpopmax last", []string{"ZADD z 1 a"}, "ZPOPMAX z", []string{"z zpopmax z", "g del z"}},
		{"zmpop", []string{"ZADD z 1 a 2 b"}, "ZMPOP 1 z MAX", []string{"z zpopmax z"}},
		{"zrangestore", []string{"ZADD z 1 a"}, "ZRANGESTORE d z 0 -1", []string{"z zrangestore d"}},
		{"zrangestore empty", []string{"ZADD z 1 a", "ZADD d 1 a"}, "ZRANGESTORE d z 5 6", []string{"g del d"}},
		{"zunionstore", []string{"ZADD z 1 a"}, "ZUNIONSTORE d 1 z", []string{"z zunionstore d"}},
		{"zinterstore", []string{"ZADD z 1 a"}, "ZINTERSTORE d 1 z", []string{"z zinterstore d"}},
		{"zdiffstore", []string{"ZADD z 1 a"}, "ZDIFFSTORE d 1 z", []string{"z zdiffstore d"}},
		{"zdiffstore empty no key", []string{"ZADD z 1 a"}, "ZDIFFSTORE d 2 z z", nil},
		{"reads", []string{"ZADD z 1 a"}, "ZRANGE z 0 -1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.ctx.Settings.ZSetMaxListpackEntries, h.ctx.Settings.ZSetMaxListpackValue = 128, 64
			for _, s := range tt.setup {
				h.run(s)
			}
			h.events = nil
			h.run(tt.cmd)
			got := make([]string, len(h.events))
			for i, e := range h.events {
				got[i] = strings.Replace(e, fmt.Sprint(keyspace.EventZSet)+" ", "z ", 1)
			}
			if strings.Join(got, ", ") != strings.Join(tt.want, ", ") {
				t.Errorf("events %q, want %q", got, tt.want)
			}
		})
	}
}

// TestZSetReplyContract replays the scripts through the handlers directly,
// which checks that each writes exactly one reply or returns an error.
func TestZSetReplyContract(t *testing.T) {
	for _, sc := range zsetScripts() {
		if sc.name == "encodings" || sc.name == "resp3 shapes" || sc.name == "zadd presizing" {
			continue // need CONFIG SET or HELLO, which the server implements
		}
		t.Run(sc.name, func(t *testing.T) {
			h := newHarness(t)
			h.ctx.Settings.ZSetMaxListpackEntries, h.ctx.Settings.ZSetMaxListpackValue = 128, 64
			for _, st := range sc.steps {
				args := fields(t, st.cmd)
				if !h.has(args[0]) {
					continue
				}
				if got := h.do(args...); !matches(got, st.want) {
					t.Errorf("%s: got %s, want %s", st.cmd, got, st.want)
				}
			}
		})
	}
}

// ZRANK and ZREVRANK take WITHSCORE since Redis 7.2 / Valkey 8; the 7.0
// reference does not have it, so these replies are Valkey's documented
// shapes: the rank and the score, or nil for a missing member.
func TestZRankWithScore(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	for _, r := range []struct {
		args []string
		want string
	}{
		{[]string{"ZADD", "z", "1", "a", "2.5", "b"}, "(integer) 2"},
		{[]string{"ZRANK", "z", "b", "WITHSCORE"}, `[(integer) 1, "2.5"]`},
		{[]string{"ZREVRANK", "z", "b", "withscore"}, `[(integer) 0, "2.5"]`},
		{[]string{"ZRANK", "z", "nope", "WITHSCORE"}, "(nil array)"},
		{[]string{"ZRANK", "z", "a", "WITHSCORES"}, "(error) ERR syntax error"},
		{[]string{"ZRANK", "z", "a", "WITHSCORE", "x"}, "(error) ERR wrong number of arguments for 'zrank' command"},
		{[]string{"HELLO", "3"}, ""},
		{[]string{"ZRANK", "z", "a", "WITHSCORE"}, "[(integer) 0, (double) 1]"},
	} {
		got := c.Do(r.args...)
		if r.want != "" && got != r.want {
			t.Errorf("%q = %s, want %s", r.args, got, r.want)
		}
	}
}
