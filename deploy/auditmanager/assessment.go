package auditmanager

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hdsctl/hdsctl/framework"
)

// AssessmentOptions describes the assessment hdsctl keeps on the deployed
// framework: where the sample stops and users click through the console.
type AssessmentOptions struct {
	// Name of the assessment.
	Name string
	// Accounts are the IDs of the AWS accounts in scope; empty means the
	// account hdsctl runs in. The services in scope are not chosen: Audit
	// Manager ignores those a request names and infers them from the
	// controls (the API reference deprecates Scope.awsServices).
	Accounts []string
	// Owners are the IAM role ARNs of the assessment's process owners.
	Owners []string
	// ReportsDestination is the S3 URI assessment reports are written to,
	// such as s3://my-audit-bucket/hds.
	ReportsDestination string
}

// Patterns of the CreateAssessment request (Audit Manager API reference).
var (
	accountIDRe = regexp.MustCompile(`^[0-9]{12}$`)
	roleARNRe   = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$`)
	s3URIRe     = regexp.MustCompile(`^(S|s)3://[a-zA-Z0-9\-\.\(\)'\*_!/]+$`)
)

// Validate checks the options as Audit Manager would, before any call, and
// reports every problem at once.
func (a *AssessmentOptions) Validate() error {
	var errs []error
	switch n := utf8.RuneCountInString(a.Name); {
	case n == 0:
		errs = append(errs, errors.New("the assessment needs a name"))
	case n > framework.MaxNameLength || strings.Contains(a.Name, `\`):
		errs = append(errs, fmt.Errorf("assessment name %q must be at most %d characters, without backslash",
			a.Name, framework.MaxNameLength))
	}
	for _, id := range a.Accounts {
		if !accountIDRe.MatchString(id) {
			errs = append(errs, fmt.Errorf("account %q is not a 12-digit AWS account ID", id))
		}
	}
	if len(a.Owners) == 0 {
		errs = append(errs, errors.New("the assessment needs at least one process owner: "+
			"an IAM role ARN (--assessment-owner)"))
	}
	for _, r := range a.Owners {
		if !roleARNRe.MatchString(r) {
			errs = append(errs, fmt.Errorf("process owner %q is not an IAM role ARN "+
				"such as arn:aws:iam::123456789012:role/Auditor", r))
		}
	}
	if !s3URIRe.MatchString(a.ReportsDestination) || len(a.ReportsDestination) > 1024 {
		errs = append(errs, fmt.Errorf("reports destination %q is not an S3 URI "+
			"such as s3://my-audit-bucket/hds (--assessment-reports)", a.ReportsDestination))
	}
	return errors.Join(errs...)
}

// assessmentSpec is the content of the assessment: what CreateAssessment
// and UpdateAssessment send.
type assessmentSpec struct {
	FrameworkID string
	Lang        string
	Name        string
	Description string
	Accounts    []string
	Owners      []string
	Destination string
	Tags        map[string]string
}

// canonicalAssessment is what the assessment's hash covers.
type canonicalAssessment struct {
	Name, Description string
	Accounts, Owners  []string
	Destination       string
}

func (t *Target) assessmentSpecOf(fw *framework.Framework, lang string) *assessmentSpec {
	a := t.opts.Assessment
	accounts := slices.Clone(a.Accounts)
	if len(accounts) == 0 && t.callerAccount() != "" {
		accounts = []string{t.callerAccount()}
	}
	format := "Assessment of %s, deployed by hdsctl from %s."
	if lang == framework.French {
		format = "Évaluation de %s, déployée par hdsctl depuis %s."
	}
	desc := fmt.Sprintf(format, fw.Name.Get(lang), fw.ID)
	return &assessmentSpec{
		FrameworkID: fw.ID,
		Lang:        lang,
		Name:        a.Name,
		Description: clip(desc, framework.MaxDescriptionLength),
		Accounts:    accounts,
		Owners:      slices.Clone(a.Owners),
		Destination: a.ReportsDestination,
		Tags:        userTags(fw, nil),
	}
}

func (s *assessmentSpec) canonical() canonicalAssessment {
	return canonicalAssessment{Name: s.Name, Description: s.Description, Accounts: s.Accounts,
		Owners: s.Owners, Destination: s.Destination}.normalize()
}

func (c canonicalAssessment) normalize() canonicalAssessment {
	c.Accounts = slices.Sorted(slices.Values(c.Accounts))
	c.Owners = slices.Sorted(slices.Values(c.Owners))
	return c
}

func (s *assessmentSpec) hash() string { return digest(s.canonical()) }
