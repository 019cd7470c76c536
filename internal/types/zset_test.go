package types

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
)

// TestZSetModel checks ZSet against a plain map under random operations,
// in both encodings.
func TestZSetModel(t *testing.T) {
	for _, skiplist := range []bool{false, true} {
		t.Run(strconv.FormatBool(skiplist), func(t *testing.T) {
			z := NewZSet(skiplist)
			model := map[string]float64{}
			rng := rand.New(rand.NewPCG(1, 2))
			for i := 0; i < 5000; i++ {
				m := []byte("m" + strconv.Itoa(rng.IntN(60)))
				switch rng.IntN(4) {
				case 0:
					if z.Remove(m) != (func() bool { _, ok := model[string(m)]; delete(model, string(m)); return ok })() {
						t.Fatalf("step %d: Remove(%s) disagrees", i, m)
					}
				default:
					s := float64(rng.IntN(20))
					_, had := model[string(m)]
					if z.Set(m, s) == had {
						t.Fatalf("step %d: Set(%s) added=%v with had=%v", i, m, !had, had)
					}
					model[string(m)] = s
				}
				if i%250 == 0 && rng.IntN(2) == 0 && z.IsListpack() {
					z.Convert()
				}
			}
			if z.Len() != len(model) {
				t.Fatalf("Len %d, want %d", z.Len(), len(model))
			}
			want := make([]ZEntry, 0, len(model))
			for m, s := range model {
				want = append(want, ZEntry{m, s})
			}
			sort.Slice(want, func(i, j int) bool { return zless(want[i].Score, want[i].Member, want[j].Score, want[j].Member) })
			for i, e := range want {
				if z.At(i) != e {
					t.Fatalf("rank %d: %v, want %v", i, z.At(i), e)
				}
				if r, ok := z.Rank([]byte(e.Member)); !ok || r != i {
					t.Fatalf("Rank(%s) = %d %v, want %d", e.Member, r, ok, i)
				}
				if s, ok := z.Score([]byte(e.Member)); !ok || s != e.Score {
					t.Fatalf("Score(%s) = %v %v", e.Member, s, ok)
				}
			}
			r := ScoreRange{Min: 5, Max: 10, MinEx: true}
			lo, hi := z.ScoreBounds(&r)
			for i := 0; i < z.Len(); i++ {
				in := z.At(i).Score > 5 && z.At(i).Score <= 10
				if in != (i >= lo && i < hi) {
					t.Fatalf("ScoreBounds: rank %d score %v in=%v, bounds [%d,%d)", i, z.At(i).Score, in, lo, hi)
				}
			}
			c := z.Copy().(*ZSet)
			if c.Len() != z.Len() || c.Encoding() != z.Encoding() {
				t.Fatalf("Copy differs")
			}
			z.RemoveRange(0, z.Len())
			if z.Len() != 0 || c.Len() == 0 {
				t.Fatalf("RemoveRange or Copy aliasing")
			}
		})
	}
}

func TestZSetLexBounds(t *testing.T) {
	z := NewZSet(false)
	for _, m := range []string{"a", "b", "c", "d"} {
		z.Set([]byte(m), 0)
	}
	for _, tc := range []struct {
		r      LexRange
		lo, hi int
	}{
		{LexRange{MinNegInf: true, MaxPosInf: true}, 0, 4},
		{LexRange{Min: "b", Max: "c"}, 1, 3},
		{LexRange{Min: "b", Max: "c", MinEx: true}, 2, 3},
		{LexRange{Min: "b", Max: "b", MaxEx: true}, 0, 0},
		{LexRange{MinPosInf: true, MaxPosInf: true}, 0, 0},
		{LexRange{Min: "e", MaxPosInf: true}, 0, 0},
	} {
		if lo, hi := z.LexBounds(&tc.r); hi-lo != tc.hi-tc.lo || (hi > lo && lo != tc.lo) {
			t.Errorf("%+v: [%d,%d), want [%d,%d)", tc.r, lo, hi, tc.lo, tc.hi)
		}
	}
}

func TestZSetNegativeZero(t *testing.T) {
	lp := NewZSet(false)
	lp.Set([]byte("a"), negZero())
	if s, _ := lp.Score([]byte("a")); 1/s < 0 {
		t.Fatalf("listpack kept -0")
	}
}

func negZero() float64 { z := 0.0; return -z }
