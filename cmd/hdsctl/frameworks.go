package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/frameworks"
)

func newFrameworksCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "frameworks",
		Short: "List the frameworks embedded in hdsctl",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFrameworks(g)
		},
	}
}

func runFrameworks(g *globals) error {
	w := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tVERSION\tSETS\tCONTROLS\tTITLE")
	for _, name := range frameworks.Names() {
		fw, diags, err := framework.Open(name)
		if err != nil || fw == nil || diags.HasErrors() {
			return fmt.Errorf("embedded framework %s does not load: %w", name, err)
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\n", fw.ID, fw.Version, len(fw.ControlSets), len(fw.Controls()), fw.Name.Get(framework.English))
	}
	return w.Flush()
}
