// Package sandbox is a local emulator of the AWS APIs that hdsctl writes to
// and reads from, served over HTTP so that the unmodified aws-sdk-go-v2
// clients can talk to it: AWS Audit Manager (controls, assessment
// frameworks, assessments, tags, account status, data-source keywords), the
// AWS Config conformance-pack API (single-account and organization packs,
// their compliance and tags) and AWS STS (GetCallerIdentity, AssumeRole).
//
// It validates requests the way AWS does, answers with AWS's error types and
// status codes, paginates, enforces AWS's quotas, throttles above AWS's
// request rates, and can add latency and random faults. State lives in memory
// or in a JSON file guarded by a lock, so that successive processes see one
// account.
//
// A client reaches it by pointing the SDK's BaseEndpoint (or
// AWS_ENDPOINT_URL) at the server's URL with any static credentials. The
// request's SigV4 credential scope tells the service and the Region; the
// access key tells the account.
//
// The keyword lists in keywords_gen.go come from the project's AWS reference
// data:
//
//	go generate ./sandbox
package sandbox

//go:generate go run ../awsref/internal/gen/cmd -ref ../../shared/reference/aws -keywords keywords_gen.go
