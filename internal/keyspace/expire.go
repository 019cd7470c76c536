package keyspace

// Active expiry: keys nobody reads again would stay in memory forever with
// lazy expiry alone, so the server's cron sweeps the keys with a TTL and
// deletes the expired ones. Each database keeps a cursor into its expiry
// index, so successive rounds walk the whole index (a resize does not make
// the sweep miss keys) rather than sampling at random, and the sweep goes
// on while a good share of what it sees is expired. That keeps the share
// of expired-but-present keys around expireAcceptable percent or below.

const (
	// expireSample is how many keys with a TTL one round looks at in each
	// database.
	expireSample = 20
	// expireMaxBuckets bounds the buckets one round visits, so a sparse
	// index (after mass deletion) cannot make a round long.
	expireMaxBuckets = expireSample * 20
	// expireAcceptable is the percentage of expired keys in a round's
	// sample at or below which a database is clean enough to stop.
	expireAcceptable = 10
)

// ExpireStep runs one bounded round of active expiry over every database
// and reports whether another round looks worthwhile: some database had
// more than expireAcceptable percent of its sample expired. One step
// examines at most expireSample keys and expireMaxBuckets buckets per
// database, so the caller can hold the keyspace lock for a step and release
// it between steps. The step refreshes the frozen clock.
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

// expireRound continues the sweep of the expiry index from the database's
// cursor until it has seen expireSample keys (or the whole index, or
// expireMaxBuckets buckets), deletes the expired ones and updates the
// average TTL estimate.
func (db *DB) expireRound() (sampled, expired int) {
	if db.expires.Len() == 0 {
		db.avgTTL = 0
		db.expireCursor = 0
		return 0, 0
	}
	now := db.ks.now
	due := db.ks.expireKeys[:0]
	var ttlSum, ttlCount int64
	cursor := db.expireCursor
	for visits := 0; sampled < expireSample && visits < expireMaxBuckets; visits++ {
		cursor = db.expires.Scan(cursor, func(key string, _ *struct{}) {
			sampled++
			e := db.dict.FindString(key)
			if e == nil || e.ExpireAt <= now {
				// Expired, or (not expected) an index entry whose key
				// lost its TTL: both are dealt with after the scan.
				due = append(due, key)
				return
			}
			ttlSum += e.ExpireAt - now
			ttlCount++
		})
		if cursor == 0 {
			break // a full sweep: going on would only repeat keys
		}
	}
	db.expireCursor = cursor
	for i, key := range due {
		due[i] = "" // do not keep deleted keys reachable from the scratch list
		e := db.dict.FindString(key)
		if e == nil || e.ExpireAt == 0 {
			db.expires.DeleteString(key) // repair the invariant
			continue
		}
		db.expireKey(view(key))
		expired++
	}
	db.ks.expireKeys = due[:0]
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
