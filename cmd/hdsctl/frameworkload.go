package main

import (
	"fmt"

	"github.com/hdsctl/hdsctl/framework"
)

// readFramework opens and validates the framework ref names, for target. It
// prints every diagnostic on stderr; warnings alone do not stop the command.
func (g *globals) readFramework(ref string, target framework.Target) (*framework.Framework, error) {
	fw, diags, err := framework.Read(ref, framework.ValidateOptions{Target: target})
	g.printDiagnostics(diags)
	if err != nil {
		return nil, err
	}
	g.log.Debug("framework loaded", "ref", ref, "format", fw.Origin.Format,
		"sets", len(fw.ControlSets), "controls", len(fw.Controls()))
	return fw, nil
}

func (g *globals) printDiagnostics(diags framework.Diagnostics) {
	for _, d := range diags {
		fmt.Fprintln(g.stderr, d)
	}
}
