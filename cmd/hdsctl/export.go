package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/deploy/conformance"
	"github.com/hdsctl/hdsctl/export"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/atomicfile"
)

type exportOptions struct {
	format    string
	lang      string
	out       string
	separator string
}

func newExportCmd(g *globals) *cobra.Command {
	var opts exportOptions
	cmd := &cobra.Command{
		Use:   "export FRAMEWORK --format csv|markdown|json|oscal-catalog|conformance-pack",
		Short: "Write a framework as CSV, Markdown, JSON, an OSCAL catalog or AWS Config conformance packs",
		Long: `export writes a framework in the chosen format, to stdout or, with --out, to a
file named after the framework in that folder.

oscal-catalog writes an OSCAL 1.2.1 catalog in JSON: one group per control set,
one control per control with its statement, guidance and assessment method.
OSCAL holds one language per document: --lang picks it, and the catalog's
metadata says which.

conformance-pack writes the AWS Config conformance-pack templates that
hdsctl apply --target config deploys: one CloudFormation template of AWS
Config managed rules per pack, built from the framework's AWS_Config sources.
With --out, each pack goes to its own file, <pack name>.yaml, ready for the
AWS Config console or aws configservice put-conformance-pack. Without it, a
single pack is written to stdout as it is; several packs are written as one
YAML stream, one document (one template) each, separated by "---" lines.
With -v, the sources the packs leave out (those that are not AWS Config
rules) are listed on stderr, as hdsctl plan --target config lists them.`,
		Example: `  hdsctl export hds-v2 --format markdown --lang fr > hds-v2.fr.md
  hdsctl export hds-v2 --format csv --separator ';' --out docs/
  hdsctl export hds-v2 --format oscal-catalog --lang fr --out oscal/
  hdsctl export hds-v2 --format conformance-pack --out packs/`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(g, opts, args[0])
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", "csv, markdown, json, oscal-catalog or conformance-pack (required)")
	cmd.Flags().StringVar(&opts.lang, "lang", "en", "language: fr or en")
	cmd.Flags().StringVar(&opts.out, "out", "", "folder to write the file into, instead of stdout")
	cmd.Flags().StringVar(&opts.separator, "separator", ",", "CSV field separator; ';' suits French spreadsheets")
	return cmd
}

var exportExtensions = map[export.Format]string{
	export.FormatCSV:      ".csv",
	export.FormatMarkdown: ".md",
	export.FormatJSON:     ".json",
	// The OSCAL catalog is JSON too; its name tells it apart.
	export.FormatOSCALCatalog: ".oscal.json",
}

// formatConformancePack names the AWS Config conformance-pack templates,
// which package conformance writes rather than package export.
const formatConformancePack = "conformance-pack"

func runExport(g *globals, opts exportOptions, ref string) error {
	if opts.format == formatConformancePack {
		return runExportPacks(g, opts, ref)
	}
	format := export.Format(opts.format)
	ext, ok := exportExtensions[format]
	if !ok {
		return usagef("unknown or missing --format %q: use csv, markdown, json, oscal-catalog or conformance-pack", opts.format)
	}
	if !framework.ValidLang(opts.lang) {
		return usagef("unknown language %q: use fr or en", opts.lang)
	}
	sep := []rune(opts.separator)
	if len(sep) != 1 {
		return usagef("--separator must be one character, got %q", opts.separator)
	}
	fw, err := g.readFramework(ref, framework.TargetAny)
	if err != nil {
		return err
	}
	xopts := export.Options{Lang: opts.lang, Separator: sep[0]}
	if opts.out == "" {
		return export.Write(g.stdout, fw, format, xopts)
	}
	name := filepath.Join(opts.out, fmt.Sprintf("%s.%s%s", fw.ID, opts.lang, ext))
	if err := atomicfile.WriteFile(name, func(w io.Writer) error { return export.Write(w, fw, format, xopts) }); err != nil {
		return err
	}
	fmt.Fprintln(g.stderr, "wrote", name)
	return nil
}

// runExportPacks writes the conformance-pack templates of a framework: one
// file per pack with --out, else to stdout, as a YAML stream when there are
// several.
func runExportPacks(g *globals, opts exportOptions, ref string) error {
	fw, err := g.readFramework(ref, framework.TargetConfig)
	if err != nil {
		return err
	}
	r, err := conformance.Render(fw, conformance.RenderOptions{})
	if err != nil {
		return &usageError{err}
	}
	for _, n := range r.Notes {
		g.log.Debug("left out of the conformance packs", "control", n.Key, "why", n.Message)
	}
	rules := 0
	for _, p := range r.Packs {
		rules += len(p.Rules)
	}
	packs := "conformance packs"
	if len(r.Packs) == 1 {
		packs = "conformance pack"
	}
	fmt.Fprintf(g.stderr, "%d AWS Config rules in %d %s; %d notes on the sources left out (-v lists them)\n",
		rules, len(r.Packs), packs, len(r.Notes))
	if opts.out == "" {
		for _, p := range r.Packs {
			if len(r.Packs) > 1 {
				fmt.Fprintf(g.stdout, "--- # %s, part %d of %d\n", p.Name, p.Part, p.Parts)
			}
			if _, err := io.WriteString(g.stdout, p.Template); err != nil {
				return err
			}
		}
		return nil
	}
	for _, p := range r.Packs {
		name := filepath.Join(opts.out, p.Name+".yaml")
		if err := atomicfile.WriteFile(name, func(w io.Writer) error { _, err := io.WriteString(w, p.Template); return err }); err != nil {
			return err
		}
		fmt.Fprintln(g.stderr, "wrote", name)
	}
	return nil
}
