package command

// DataCommands returns the specs of every command implemented in this
// package, one family per file. The server adds its own server-state
// commands to the same table.
func DataCommands() []*Spec {
	var all []*Spec
	for _, family := range [][]*Spec{
		connectionCommands,
		stringCommands,
		bitmapCommands,
		keyCommands,
		expireCommands,
		listCommands,
		hashCommands,
		setCommands,
		zsetCommands,
		hllCommands,
		geoCommands,
	} {
		all = append(all, family...)
	}
	return all
}
