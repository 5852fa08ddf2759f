// Command gen writes awsref's tables from the project's AWS reference data.
// With -keywords it writes package sandbox's keyword lists instead.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hdsctl/hdsctl/awsref/internal/gen"
)

func main() {
	ref := flag.String("ref", "../../shared/reference/aws", "folder holding the reference TSV files")
	out := flag.String("out", "tables_gen.go", "Go file to write")
	keywords := flag.String("keywords", "", "write package sandbox's keyword lists to this Go file instead of awsref's tables")
	flag.Parse()

	generate, path := gen.Generate, *out
	if *keywords != "" {
		generate, path = gen.GenerateSandboxKeywords, *keywords
	}
	src, err := generate(*ref)
	if err != nil {
		log.Fatalf("gen: %v", err)
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		log.Fatalf("gen: %v", err)
	}
}
