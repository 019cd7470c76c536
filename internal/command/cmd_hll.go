package command

var hllCommands = []*Spec{}
