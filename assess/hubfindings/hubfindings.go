// Package hubfindings reads AWS Security Hub control findings, the
// AWS_Security_Hub evidence of a framework, whose keywords are security
// control IDs (S3.1, IAM.6).
//
// Reader visits each account and Region: securityhub DescribeHub, to know
// whether Security Hub is enabled there, then GetFindings for the active
// control findings of the account in that Region whose
// ComplianceSecurityControlId is one of the keywords (20 a call, the
// filter's limit), at most 3 calls a second per account and Region, the
// quota of GetFindings. Filtering on the account and Region keeps each
// finding once, even where an administrator account or an aggregation
// Region sees the findings of others.
//
// Each finding gives one finding of the results, by its compliance status:
// FAILED fails, PASSED passes, WARNING (Security Hub could not decide) is
// MANUAL, NOT_AVAILABLE (no resource in scope, or the check could not run) is
// NOT_APPLICABLE. A FAILED finding whose workflow status is SUPPRESSED (the
// risk was reviewed and accepted in Security Hub) is MANUAL: it neither
// passes nor fails, and the auditor sees the justification in Security Hub.
//
// A control with no active finding in an account gives a NOT_APPLICABLE
// finding saying so (no resource in scope, or the control or its standard
// is disabled). An account where Security Hub is enabled in no Region read
// gives an ERROR finding per control; one where it is enabled in some
// Regions only, a MANUAL finding naming the others.
package hubfindings

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/awserr"
	"github.com/hdsctl/hdsctl/internal/pace"
	"github.com/hdsctl/hdsctl/results"
)

// Options tunes a Reader.
type Options struct {
	// Accounts is how many accounts are read at once; 4 when zero.
	Accounts int
	// RPS bounds GetFindings calls per account and Region; 3 when zero,
	// Security Hub's quota.
	RPS float64
	// Progress counts one unit per account; nil counts nothing.
	Progress estate.Progress
	Logger   *slog.Logger
}

// Reader reads Security Hub control findings in every account and Region of
// an estate. It implements assess.Collector.
type Reader struct {
	accounts []estate.Account
	regions  []string
	opts     Options
}

// New returns a reader of the given accounts, in the given Regions.
func New(accounts []estate.Account, regions []string, opts Options) *Reader {
	if opts.Accounts <= 0 {
		opts.Accounts = 4
	}
	if opts.RPS <= 0 {
		opts.RPS = 3
	}
	if opts.Progress == nil {
		opts.Progress = estate.NoProgress{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Reader{accounts: accounts, regions: slices.Clone(regions), opts: opts}
}

// maxFilterValues is how many values one GetFindings filter takes.
const maxFilterValues = 20

// regionState is what one account and Region gave.
type regionState struct {
	account, region string
	enabled         bool
	// op and err say which call failed, if one did.
	op       string
	err      error
	findings []results.Finding
	// controls lists the keywords that had a finding.
	controls []string
}

// Collect reads the findings of the security controls named by keywords. It
// returns an error only when ctx ends.
func (r *Reader) Collect(ctx context.Context, keywords []string) (map[string][]results.Finding, error) {
	limits := pace.New(r.opts.RPS, 2*int(r.opts.RPS))
	var mu sync.Mutex
	var states []regionState
	estate.ForEachRegion(r.accounts, r.regions, r.opts.Accounts, r.opts.Progress,
		func(a estate.Account, region string) {
			st := readRegion(ctx, a, region, keywords, limits)
			mu.Lock()
			states = append(states, st)
			mu.Unlock()
		})
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reading Security Hub findings: %w", err)
	}
	slices.SortFunc(states, func(a, b regionState) int {
		return cmp.Or(cmp.Compare(a.account, b.account), cmp.Compare(a.region, b.region))
	})
	out := make(map[string][]results.Finding, len(keywords))
	for _, k := range keywords {
		out[k] = oncePerIAMResource(keywordFindings(k, states))
	}
	return out, nil
}

// readRegion reads one account and Region.
func readRegion(ctx context.Context, a estate.Account, region string, keywords []string, limits *pace.Limits,
) regionState {
	st := regionState{account: a.ID, region: region}
	client := securityhub.NewFromConfig(a.Config, func(o *securityhub.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, limits.APIOption(a.ID+"/"+region))
	})
	_, err := client.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	switch {
	case notEnabled(err):
		return st
	case err != nil:
		st.op, st.err = "DescribeHub", err
		return st
	}
	st.enabled = true
	for batch := range slices.Chunk(keywords, maxFilterValues) {
		pages := securityhub.NewGetFindingsPaginator(client, &securityhub.GetFindingsInput{
			Filters:    filters(a.ID, region, batch),
			MaxResults: aws.Int32(100),
		})
		for pages.HasMorePages() {
			out, err := pages.NextPage(ctx)
			if err != nil {
				st.op, st.err = "GetFindings", err
				return st
			}
			for _, f := range out.Findings {
				id := controlID(f)
				if !slices.Contains(batch, id) {
					continue
				}
				st.findings = append(st.findings, finding(f, id))
				if !slices.Contains(st.controls, id) {
					st.controls = append(st.controls, id)
				}
			}
		}
	}
	return st
}

// filters selects the active control findings of one account and Region
// for the given control IDs.
func filters(account, region string, controls []string) *shtypes.AwsSecurityFindingFilters {
	equals := func(values ...string) []shtypes.StringFilter {
		out := make([]shtypes.StringFilter, len(values))
		for i, v := range values {
			out[i] = shtypes.StringFilter{Comparison: shtypes.StringFilterComparisonEquals, Value: aws.String(v)}
		}
		return out
	}
	return &shtypes.AwsSecurityFindingFilters{
		ComplianceSecurityControlId: equals(controls...),
		RecordState:                 equals(string(shtypes.RecordStateActive)),
		AwsAccountId:                equals(account),
		Region:                      equals(region),
	}
}

// controlID returns the security control a finding is about.
func controlID(f shtypes.AwsSecurityFinding) string {
	if f.Compliance != nil && aws.ToString(f.Compliance.SecurityControlId) != "" {
		return aws.ToString(f.Compliance.SecurityControlId)
	}
	return f.ProductFields["ControlId"]
}

// finding turns a Security Hub finding into a finding of the results.
func finding(f shtypes.AwsSecurityFinding, control string) results.Finding {
	out := results.Finding{
		Account: aws.ToString(f.AwsAccountId),
		Region:  aws.ToString(f.Region),
		Source:  string(framework.SourceSecurityHub) + ":" + control,
	}
	resource := framework.Text{EN: "a resource", FR: "une ressource"}
	if len(f.Resources) > 0 {
		out.Resource = aws.ToString(f.Resources[0].Id)
		kind := aws.ToString(f.Resources[0].Type)
		resource.EN = cmp.Or(kind, "resource") + " " + out.Resource
		resource.FR = strings.TrimSpace("la ressource "+kind) + " " + out.Resource
	}
	status := shtypes.ComplianceStatus("")
	if f.Compliance != nil {
		status = f.Compliance.Status
	}
	title := strings.TrimSuffix(aws.ToString(f.Title), ".")
	msg := framework.Text{
		EN: fmt.Sprintf("Security Hub control %s is %s for %s: %s",
			control, cmp.Or(string(status), "without status"), resource.EN, title),
		FR: fmt.Sprintf("Le contrôle Security Hub %s a le statut %s pour %s : %s",
			control, status, resource.FR, title),
	}
	if status == "" {
		msg.FR = fmt.Sprintf("Le contrôle Security Hub %s n'a pas de statut pour %s : %s",
			control, resource.FR, title)
	}
	if f.Compliance != nil && len(f.Compliance.StatusReasons) > 0 {
		reason := strings.TrimSuffix(aws.ToString(f.Compliance.StatusReasons[0].Description), ".")
		msg.EN += "; " + reason
		msg.FR += " ; " + reason
	}
	switch status {
	case shtypes.ComplianceStatusFailed:
		out.Status = results.Fail
		if f.Workflow != nil && f.Workflow.Status == shtypes.WorkflowStatusSuppressed {
			out.Status = results.Manual
			msg.EN += "; the finding is suppressed in Security Hub (risk reviewed and accepted): " +
				"show the auditor why"
			msg.FR += " ; le résultat est supprimé dans Security Hub (risque examiné et accepté) : " +
				"présentez-en la justification à l'auditeur"
		} else if f.Remediation != nil && f.Remediation.Recommendation != nil {
			if url := aws.ToString(f.Remediation.Recommendation.Url); url != "" {
				msg.EN += "; how to fix it: " + url
				msg.FR += " ; pour y remédier : " + url
			}
		}
	case shtypes.ComplianceStatusPassed:
		out.Status = results.Pass
	case shtypes.ComplianceStatusWarning:
		out.Status = results.Manual
		msg.EN += "; Security Hub could not decide: check the resource by hand"
		msg.FR += " ; Security Hub n'a pas pu trancher : vérifiez la ressource manuellement"
	default:
		out.Status = results.NotApplicable
	}
	out.Say(msg)
	return out
}

// keywordFindings returns the findings of one control across the states
// read.
func keywordFindings(k string, states []regionState) []results.Finding {
	source := string(framework.SourceSecurityHub) + ":" + k
	var out []results.Finding
	type coverage struct{ enabled, disabled, seen []string }
	byAccount := map[string]*coverage{}
	var accounts []string
	for _, st := range states {
		c := byAccount[st.account]
		if c == nil {
			c = &coverage{}
			byAccount[st.account] = c
			accounts = append(accounts, st.account)
		}
		switch {
		case st.err != nil:
			f := results.Finding{Resource: accountResource(st.account), Account: st.account,
				Region: st.region, Status: results.Error, Source: source}
			f.Say(results.Sayf(
				"could not read Security Hub findings: securityhub %s failed: %v; allow hdsctl's identity "+
					"securityhub:DescribeHub and securityhub:GetFindings, then assess again",
				"Impossible de lire les résultats Security Hub : l'appel securityhub %s a échoué : %v ; "+
					"accordez à l'identité de hdsctl les autorisations securityhub:DescribeHub et "+
					"securityhub:GetFindings, puis relancez l'évaluation",
				st.op, awserr.Concise(st.err)))
			out = append(out, f)
		case !st.enabled:
			c.disabled = append(c.disabled, st.region)
		default:
			c.enabled = append(c.enabled, st.region)
			if slices.Contains(st.controls, k) {
				c.seen = append(c.seen, st.region)
			}
			for _, f := range st.findings {
				if f.Source == source {
					out = append(out, f)
				}
			}
		}
	}
	for _, account := range accounts {
		c := byAccount[account]
		switch {
		case len(c.enabled) == 0 && len(c.disabled) > 0:
			out = append(out, accountFinding(account, source, results.Error, results.Sayf(
				"Security Hub is not enabled in this account in the Regions read (%s), "+
					"so control %s is not evaluated: enable it with the AWS Foundational Security "+
					"Best Practices standard (aws securityhub enable-security-hub --enable-default-standards, "+
					"in each Region)",
				"Security Hub n'est activé dans ce compte dans aucune des Régions lues (%s), "+
					"si bien que le contrôle %s n'est pas évalué : activez-le avec la norme AWS Foundational "+
					"Security Best Practices (aws securityhub enable-security-hub --enable-default-standards, "+
					"dans chaque Région)",
				strings.Join(c.disabled, ", "), k)))
			continue
		case len(c.disabled) > 0:
			out = append(out, accountFinding(account, source, results.Manual, results.Sayf(
				"Security Hub is not enabled in %s, where control %s is not evaluated: enable it "+
					"there, or keep resources out of those Regions",
				"Security Hub n'est pas activé dans %s, où le contrôle %s n'est pas évalué : activez-le "+
					"dans ces Régions, ou n'y placez pas de ressources",
				strings.Join(c.disabled, ", "), k)))
		}
		if len(c.enabled) > 0 && len(c.seen) == 0 {
			out = append(out, accountFinding(account, source, results.NotApplicable, results.Sayf(
				"no active Security Hub finding for control %s in %s: no resource in its scope, "+
					"or the control or its standard is disabled (check in Security Hub: Controls)",
				"Aucun résultat Security Hub actif pour le contrôle %s dans %s : aucune ressource "+
					"n'est dans son périmètre, ou le contrôle est désactivé, ou sa norme l'est "+
					"(vérifiez dans Security Hub, rubrique Contrôles)",
				k, strings.Join(c.enabled, ", "))))
		}
	}
	return out
}

// oncePerIAMResource keeps one finding per account and IAM resource (an
// ARN of the iam service, which has no Region), the worst: Security Hub
// evaluates IAM, a global service, in every Region it runs in, and would
// otherwise list the same user once per Region.
func oncePerIAMResource(findings []results.Finding) []results.Finding {
	type key struct{ account, resource string }
	kept := map[key]int{} // index in out
	out := findings[:0]
	for _, f := range findings {
		if !isIAMResource(f.Resource) {
			out = append(out, f)
			continue
		}
		k := key{f.Account, f.Resource}
		i, seen := kept[k]
		switch {
		case !seen:
			kept[k] = len(out)
			out = append(out, f)
		case worse(f.Status, out[i].Status):
			out[i] = f
		}
	}
	return out
}

// isIAMResource reports whether a resource is named by an ARN of IAM.
func isIAMResource(resource string) bool {
	parts := strings.SplitN(resource, ":", 4)
	return len(parts) == 4 && parts[0] == "arn" && parts[2] == "iam"
}

// worse reports whether status a weighs more than b in a control's verdict.
func worse(a, b results.Status) bool {
	rank := map[results.Status]int{results.Fail: 4, results.Error: 3, results.Manual: 2, results.Pass: 1}
	return rank[a] > rank[b]
}

// notEnabled reports whether err says Security Hub is not enabled.
func notEnabled(err error) bool {
	return awserr.HasCode(err, "InvalidAccessException", "ResourceNotFoundException")
}

// accountFinding is a finding about an account as a whole.
func accountFinding(account, source string, status results.Status, m framework.Text) results.Finding {
	f := results.Finding{Resource: accountResource(account), Account: account, Status: status, Source: source}
	f.Say(m)
	return f
}

func accountResource(account string) string { return "AWS::::Account:" + account }
