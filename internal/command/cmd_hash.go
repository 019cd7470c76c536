package command

var hashCommands = []*Spec{}
