// Command gen writes awsref's tables from the project's AWS reference data.
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
	flag.Parse()

	src, err := gen.Generate(*ref)
	if err != nil {
		log.Fatalf("gen: %v", err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatalf("gen: %v", err)
	}
}
