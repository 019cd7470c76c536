package keyspace

import (
	"strconv"
	"testing"

	"github.com/trove-db/trove/internal/types"
)

func TestRehashStepFinishesResizeWithoutWrites(t *testing.T) {
	ks := New(1, nil)
	db := ks.DB(0)
	for i := range 5000 {
		db.Add([]byte("key:"+strconv.Itoa(i)), types.NewString([]byte("v")))
	}
	for i := range 4990 {
		db.Delete([]byte("key:" + strconv.Itoa(i)))
	}
	// The deletes asked for a shrink; without writes only the cron's
	// steps can carry it out.
	if main, rehashing := db.dict.Buckets(); main <= 64 && rehashing == 0 {
		t.Fatalf("the table already shrank to %d buckets; the test needs a pending resize", main)
	}
	steps := 0
	for ks.RehashStep() {
		steps++
		if steps > 10000 {
			t.Fatal("RehashStep never finished")
		}
	}
	if main, rehashing := db.dict.Buckets(); rehashing != 0 || main > 64 {
		t.Errorf("after rehashing: main table %d buckets, second table %d; want a small single table", main, rehashing)
	}
	if db.Len() != 10 {
		t.Errorf("Len = %d, want 10", db.Len())
	}
}
