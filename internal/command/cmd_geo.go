package command

var geoCommands = []*Spec{}
