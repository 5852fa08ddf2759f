// Package awsref holds the AWS identifier lists hdsctl checks frameworks
// against: AWS Config managed rule identifiers, Security Hub control IDs,
// Audit Manager API-call keywords and the AWS Regions with their European
// Economic Area status.
//
// The tables are facts taken from the project's reference data and compiled
// into the binary by a go generate step, so that validation never needs the
// network or a file beside the binary:
//
//	go generate ./awsref
//
// reads ../shared/reference/aws (the folder may be moved with -ref) and
// rewrites tables_gen.go. TestTablesUpToDate fails when the committed tables
// and the reference data disagree.
package awsref

//go:generate go run ./internal/gen/cmd -ref ../../shared/reference/aws -out tables_gen.go
