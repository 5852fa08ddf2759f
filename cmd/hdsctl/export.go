package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/export"
	"github.com/hdsctl/hdsctl/framework"
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
		Use:   "export FRAMEWORK --format csv|markdown|json|oscal-catalog",
		Short: "Write a framework as CSV, Markdown, JSON or an OSCAL catalog",
		Long: `export writes a framework in the chosen format, to stdout or, with --out, to a
file named after the framework in that folder.

oscal-catalog writes an OSCAL 1.2.1 catalog in JSON: one group per control set,
one control per control with its statement, guidance and assessment method.
OSCAL holds one language per document: --lang picks it, and the catalog's
metadata says which.`,
		Example: `  hdsctl export hds-v2 --format markdown --lang fr > hds-v2.fr.md
  hdsctl export hds-v2 --format csv --separator ';' --out docs/
  hdsctl export hds-v2 --format oscal-catalog --lang fr --out oscal/`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(g, opts, args[0])
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", "csv, markdown, json or oscal-catalog (required)")
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

func runExport(g *globals, opts exportOptions, ref string) error {
	format := export.Format(opts.format)
	ext, ok := exportExtensions[format]
	if !ok {
		return usagef("unknown or missing --format %q: use csv, markdown, json or oscal-catalog", opts.format)
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
	if err := writeFile(name, func(w io.Writer) error { return export.Write(w, fw, format, xopts) }); err != nil {
		return err
	}
	fmt.Fprintln(g.stderr, "wrote", name)
	return nil
}

// writeFile writes a file through a temporary file renamed into place, so
// that an interrupted run never leaves half a document.
func writeFile(name string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(name), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".hdsctl-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
