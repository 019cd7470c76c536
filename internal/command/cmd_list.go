package command

var listCommands = []*Spec{}
