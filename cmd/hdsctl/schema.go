package main

import (
	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/framework"
)

func newSchemaCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the catalog framework files",
		Long: `schema prints the JSON Schema that describes framework.yaml, control-set files
and control files. Save it and point your editor at it, for completion and
checks while you write a framework:

  hdsctl schema > catalog.schema.json
  # first line of each YAML file:
  # yaml-language-server: $schema=catalog.schema.json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := g.stdout.Write(framework.Schema())
			return err
		},
	}
}
