// Package sandbox is a local emulator of the AWS APIs that hdsctl writes to
// and reads from, served over HTTP so that the unmodified aws-sdk-go-v2
// clients can talk to it: AWS Audit Manager (controls, assessment
// frameworks, assessments, tags, account status, data-source keywords), the
// AWS Config conformance-pack API (single-account and organization packs,
// their compliance and tags), AWS STS (GetCallerIdentity, AssumeRole) and the
// Account Management API's Region listing (ListRegions, GetRegionOptStatus).
//
// It also serves what an assessment reads: AWS Config rules, their
// compliance, configuration recorders, configuration items and aggregators
// (with a small subset of the SQL of SelectResourceConfig, config_select.go);
// Security Hub's hub, standards and findings; AWS Artifact's reports, terms
// and documents; IAM's account summary and password policy; KMS keys and
// their rotation; EC2's Regions, EBS encryption by default and snapshots;
// S3 Control's account Block Public Access; CloudTrail's trails and their
// status; and AWS Organizations' accounts. The sandbox evaluates nothing:
// tests put configuration items (PutConfigurationItem, PutResource with the
// builders of config_shapes.go, which give AWS's recorded shapes), rules
// and their results (PutConfigRule, SetEvaluation), findings
// (EnableSecurityHub, PutControlFinding, PutFinding) and service settings
// (SetIAMSettings, PutKMSKey, SetEBSEncryptionByDefault, PutEBSSnapshot,
// SetAccountPublicAccessBlock). With Options.Demo, an empty state receives
// the demo organization of demo.go, a health-data host with some controls
// passing and some failing.
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
