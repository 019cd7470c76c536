package keyspace

// Active expiry: keys nobody reads again would stay in memory forever with
// lazy expiry alone, so the server's cron samples keys with a TTL and
// deletes the expired ones. The sampling repeats while a good share of the
// sample was expired, which keeps the fraction of dead keys low.

const (
	// expireSample is how many keys with a TTL one round looks at.
	expireSample = 20
	// expireAcceptable is the percentage of expired keys in a sample below
	// which a database is considered clean enough to move on.
	expireAcceptable = 10
)

// ExpireStep runs one bounded round of active expiry over every database
// and reports whether another round looks worthwhile. The caller holds the
// keyspace lock only for one step, so clients are never stalled for long.
func (ks *Keyspace) ExpireStep() (more bool) {
	if !ks.ActiveExpire {
		return false
	}
	ks.Tick()
	var sampled, expired int
	for _, db := range ks.dbs {
		s, x := db.expireRound()
		sampled += s
		expired += x
		if s > 0 && x*100 > s*expireAcceptable {
			more = true
		}
	}
	ks.Stats.ExpiredStaleKeys += int64(expired)
	if sampled > 0 {
		// An exponential moving average like Valkey's expired_stale_perc.
		perc := float64(expired) / float64(sampled)
		ks.stalePerc = ks.stalePerc*0.95 + perc*0.05
	}
	return more
}

// StalePercent estimates the share of keys with a TTL that are expired but
// still present, for INFO's expired_stale_perc.
func (ks *Keyspace) StalePercent() float64 { return ks.stalePerc * 100 }

// expireRound samples keys with a TTL, deletes the expired ones and updates
// the average TTL estimate.
func (db *DB) expireRound() (sampled, expired int) {
	n := min(db.expires.Len(), expireSample)
	if n == 0 {
		db.avgTTL = 0
		return 0, 0
	}
	var ttlSum, ttlCount int64
	for range n {
		key, _, ok := db.expires.Random(db.ks.rng)
		if !ok {
			break
		}
		sampled++
		e := db.dict.FindString(key)
		if e == nil {
			continue // cannot happen: expires mirrors the dictionary
		}
		if e.ExpireAt <= db.ks.now {
			db.expire([]byte(key))
			expired++
			continue
		}
		ttlSum += e.ExpireAt - db.ks.now
		ttlCount++
	}
	if ttlCount > 0 {
		avg := ttlSum / ttlCount
		if db.avgTTL == 0 {
			db.avgTTL = avg
		} else {
			db.avgTTL = (db.avgTTL*49 + avg) / 50
		}
	}
	return sampled, expired
}
