package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/atomicfile"
	"github.com/hdsctl/hdsctl/report"
)

type guaranteesOptions struct {
	format string
	lang   string
	out    string
}

func newGuaranteesCmd(g *globals) *cobra.Command {
	var opts guaranteesOptions
	cmd := &cobra.Command{
		Use:   "guarantees ACTORS.yaml --format html|markdown",
		Short: "Write the presentation of guarantees (chapter 8) and the EXI 31 public page",
		Long: `guarantees reads an actors file, which describes the hosting service and every
actor taking part in it (legal name, role, HDS certification, SecNumCloud 3.2
qualification, hosting activities, remote access from outside the EEA,
exposure to non-European law), and writes the page HDS v2 asks the host to
publish:

  - the statement EXI 31 mandates, chosen from the data, word for word: when
    every activity is SecNumCloud 3.2 qualified, « aucun risque d'accès imposé
    par la législation d'un pays tiers en violation du droit de l'Union »;
    otherwise, when no health data leaves the EEA, « aucun transfert de
    données de santé à caractère personnel vers un pays tiers à l'espace
    économique européen »; otherwise the map of transfers (EXI 29) and the
    risks of non-European law (EXI 30);
  - the chapter 8 table of guarantees, one row per actor.

The page is in French by default. An invalid actors file gives every problem
with its file:line and exit code 2. See examples/actors.yaml.`,
		Example: `  hdsctl guarantees actors.yaml --format html --out garanties.html
  hdsctl guarantees actors.yaml --format markdown --lang en`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGuarantees(g, opts, args[0])
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", "html or markdown (required)")
	cmd.Flags().StringVar(&opts.lang, "lang", framework.French, "language: fr or en")
	cmd.Flags().StringVar(&opts.out, "out", "", "file, or existing folder, to write to instead of stdout")
	return cmd
}

var guaranteesWriters = map[string]struct {
	ext   string
	write func(io.Writer, *report.Service, string) error
}{
	"html":     {"html", report.GuaranteesHTML},
	"markdown": {"md", report.GuaranteesMarkdown},
}

func runGuarantees(g *globals, opts guaranteesOptions, file string) error {
	w, ok := guaranteesWriters[opts.format]
	if !ok {
		return usagef("unknown or missing --format %q: use html or markdown", opts.format)
	}
	if !framework.ValidLang(opts.lang) {
		return usagef("unknown language %q: use fr or en", opts.lang)
	}
	s, err := report.LoadActors(file)
	var invalid *report.InvalidError
	switch {
	case errors.As(err, &invalid):
		g.printDiagnostics(invalid.Diagnostics)
		return err
	case err != nil:
		return usagef("reading the actors file: %v", err)
	}
	g.log.Debug("actors read", "file", file, "actors", len(s.Actors), "exi31", s.EXI31Case())

	write := func(out io.Writer) error { return w.write(out, s, opts.lang) }
	if opts.out == "" {
		return write(g.stdout)
	}
	name := outputPath(opts.out, fmt.Sprintf("guarantees.%s.%s", opts.lang, w.ext))
	if err := atomicfile.WriteFile(name, write); err != nil {
		return err
	}
	fmt.Fprintln(g.stderr, "wrote", name)
	return nil
}
