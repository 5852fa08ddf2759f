package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/export"
	"github.com/hdsctl/hdsctl/framework"
)

type showOptions struct {
	lang     string
	output   string
	coverage bool
}

func newShowCmd(g *globals) *cobra.Command {
	var opts showOptions
	cmd := &cobra.Command{
		Use:   "show FRAMEWORK",
		Short: "Print a framework: every control, its references and its evidence",
		Long: `show prints a framework as a document, in French or in English: each control
with its description, how it is tested, its action plan, the requirements it
references, where it applies and the evidence that proves it.

--coverage prints instead, for each control set, how many controls have
automated evidence and how many rely on people only.`,
		Example: `  hdsctl show hds-v2 --lang fr
  hdsctl show hds-v2 --coverage
  hdsctl show ./HDS -o json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runShow(g, opts, args[0])
		},
	}
	cmd.Flags().StringVar(&opts.lang, "lang", "en", "language: fr or en")
	cmd.Flags().StringVarP(&opts.output, "output", "o", "text", "output: text or json")
	cmd.Flags().BoolVar(&opts.coverage, "coverage", false, "print the evidence coverage per control set")
	return cmd
}

func runShow(g *globals, opts showOptions, ref string) error {
	if !framework.ValidLang(opts.lang) {
		return usagef("unknown language %q: use fr or en", opts.lang)
	}
	if opts.output != "text" && opts.output != "json" {
		return usagef("unknown output %q: use text or json", opts.output)
	}
	fw, err := g.readFramework(ref, framework.TargetAny)
	if err != nil {
		return err
	}
	switch {
	case opts.coverage:
		return printCoverage(g, fw, opts.lang)
	case opts.output == "json":
		return export.JSON(g.stdout, fw)
	}
	return export.Text(g.stdout, fw, opts.lang)
}

func printCoverage(g *globals, fw *framework.Framework, lang string) error {
	sets, total := framework.Coverage(fw)
	w := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	header := "CONTROL SET\tCONTROLS\tAUTOMATED\tMANUAL ONLY\tCARRIED BY AWS\t"
	if lang == framework.French {
		header = "ENSEMBLE\tCONTRÔLES\tAUTOMATISÉS\tMANUELS SEULEMENT\tPORTÉS PAR AWS\t"
	}
	fmt.Fprintln(w, header)
	for _, s := range sets {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t\n", s.Set.Name.Get(lang), s.Controls, s.Automated, s.ManualOnly, s.AWS)
	}
	fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t\n", "Total", total.Controls, total.Automated, total.ManualOnly, total.AWS)
	return w.Flush()
}
