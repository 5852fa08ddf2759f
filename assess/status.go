package assess

import (
	"fmt"
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/assess/attest"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// SourceAttestation is the Source of the findings that record an
// attestation.
const SourceAttestation = "MANUAL:attestation"

// Decision is the status of a control and what explains it.
type Decision struct {
	Status results.Status
	// Reason explains a status the findings do not: what manual evidence is
	// awaited.
	Reason framework.Text
	// Attestation is the control's attestation, if any.
	Attestation *results.Attestation
	// Findings are added to the control's: the attestation, as a finding.
	Findings []results.Finding
}

// Verdict decides the status of an applicable control from the findings of
// its automated sources and its attestation, at time now.
//
// The automated findings are first summed up by results.Aggregate: FAIL when
// any fails, else ERROR when any could not be evaluated, else PASS when any
// passes, else no automated verdict (MANUAL and NOT_APPLICABLE findings judge
// nothing). Then:
//
//   - An attestation counts when it is current: one whose expiry date has
//     passed states FAIL, whatever it said, since the evidence must be
//     renewed.
//   - Automated FAIL: the control fails. An attestation cannot outweigh a
//     resource found at fault.
//   - Automated ERROR: the control is ERROR, unless the attestation states
//     FAIL, which a known failure outranks. A person cannot vouch for
//     evidence that could not be read.
//   - Automated PASS: the control passes, unless the attestation states
//     FAIL. For a control AWS and the host share, when every passing finding
//     comes from AWS's own reports (aws-artifact-certifications), only AWS's
//     part is evidenced: the host's part decides as if there were no
//     automated verdict, except that an attestation of NOT_APPLICABLE (the
//     host has no part) leaves it PASS.
//   - No automated verdict: the attestation decides (PASS, FAIL or
//     NOT_APPLICABLE); without one the control is MANUAL, and Reason says
//     what is expected and from whom, from the catalog's MANUAL sources.
func Verdict(c *framework.Control, findings []results.Finding, atts *attest.Set, now time.Time) Decision {
	var d Decision
	stated := results.Status("")
	if a, ok := atts.For(c.ID); ok {
		d.Attestation = &a
		stated = a.Status
		f := results.Finding{Resource: atts.Where(c.ID).String(), Status: a.Status, Source: SourceAttestation}
		m := results.Sayf(
			"attested %s by %s on %s",
			"État %s attesté par %s le %s",
			a.Status, a.Owner, a.Date.Format(time.DateOnly))
		if !a.Expires.IsZero() && now.After(a.Expires.AddDate(0, 0, 1)) {
			stated, f.Status = results.Fail, results.Fail
			m = results.Sayf(
				"the attestation by %s expired on %s: review the control and renew it "+
					"with a new date and expiry",
				"L'attestation de %s a expiré le %s : réexaminez le contrôle et renouvelez "+
					"l'attestation avec une nouvelle date et une nouvelle échéance",
				a.Owner, a.Expires.Format(time.DateOnly))
		}
		if a.Comment != "" {
			m.EN += ": " + a.Comment
			m.FR += " : " + a.Comment
		}
		f.Say(m)
		d.Findings = append(d.Findings, f)
	}

	switch auto := results.Aggregate(findings); {
	case auto == results.Fail:
		d.Status = results.Fail
	case auto == results.Error:
		d.Status = results.Error
		if stated == results.Fail {
			d.Status = results.Fail
		}
	case auto == results.Pass && !awsPartOnly(c, findings):
		d.Status = results.Pass
		if stated == results.Fail {
			d.Status = results.Fail
		}
	case auto == results.Pass:
		d.Status, d.Reason = manualVerdict(c, stated)
		if stated == results.NotApplicable {
			d.Status, d.Reason = results.Pass, framework.Text{}
		}
		if d.Status == results.Manual {
			d.Reason = framework.Text{
				FR: "La part d'AWS est attestée par ses rapports (AWS Artifact) ; la part de l'hébergeur reste à prouver. " + d.Reason.FR,
				EN: "AWS's part is evidenced by its reports (AWS Artifact); the host's part remains to be evidenced. " + d.Reason.EN,
			}
		}
	default:
		d.Status, d.Reason = manualVerdict(c, stated)
	}
	return d
}

// awsPartOnly reports whether the control is shared with AWS and every
// passing finding comes from AWS's own reports.
func awsPartOnly(c *framework.Control, findings []results.Finding) bool {
	if c.EffectiveResponsibility() != framework.ResponsibilityShared {
		return false
	}
	artifact := string(framework.SourceCheck) + ":" + CheckArtifact
	for _, f := range findings {
		if f.Status == results.Pass && f.Source != artifact {
			return false
		}
	}
	return true
}

// manualVerdict decides a control that no automated finding judged: the
// attestation's status, or MANUAL with what is expected.
func manualVerdict(c *framework.Control, stated results.Status) (results.Status, framework.Text) {
	if stated != "" {
		return stated, framework.Text{}
	}
	return results.Manual, expected(c)
}

// expected says what manual evidence a control awaits, from whom.
func expected(c *framework.Control) framework.Text {
	var fr, en []string
	for _, s := range c.SourcesOf(framework.SourceManual) {
		switch {
		case !s.Owner.IsZero() && !s.Instructions.IsZero():
			fr = append(fr, fmt.Sprintf("%s : %s", s.Owner.In(framework.French), s.Instructions.In(framework.French)))
			en = append(en, fmt.Sprintf("%s: %s", s.Owner.In(framework.English), s.Instructions.In(framework.English)))
		case !s.Instructions.IsZero():
			fr = append(fr, s.Instructions.In(framework.French))
			en = append(en, s.Instructions.In(framework.English))
		}
	}
	if len(en) == 0 {
		return framework.Text{
			FR: "Aucune preuve automatisée n'a pu trancher : attester la mesure dans un fichier d'attestations (--attestations).",
			EN: "No automated evidence could decide: attest the control in an attestation file (--attestations).",
		}
	}
	return framework.Text{
		FR: "Preuve attendue de " + strings.Join(fr, " ; ") + " Attester la mesure dans un fichier d'attestations (--attestations).",
		EN: "Evidence expected from " + strings.Join(en, "; ") + " Attest the control in an attestation file (--attestations).",
	}
}

// reviewFinding is the MANUAL finding of an AWS_API_Call or AWS_Cloudtrail
// source: hdsctl does not judge an API response or an event, a person does.
func reviewFinding(s framework.Source, account string) results.Finding {
	f := results.Finding{
		Resource: string(s.Type) + ":" + s.Keyword,
		Account:  account,
		Status:   results.Manual,
		Source:   string(s.Type) + ":" + s.Keyword,
	}
	if s.Type == framework.SourceCloudTrail {
		f.Say(results.Sayf(
			"CloudTrail events %q are evidence for a person to review, not a verdict: "+
				"review them in CloudTrail (event history or CloudTrail Lake), then attest the control",
			"Les événements CloudTrail « %s » sont une preuve à examiner par une personne, "+
				"pas un verdict : examinez-les dans CloudTrail (historique des événements ou "+
				"CloudTrail Lake), puis attestez le contrôle",
			s.Keyword))
		return f
	}
	service, op, _ := strings.Cut(s.Keyword, "_")
	f.Say(results.Sayf(
		"the response of %[1]s %[2]s is evidence for a person to review, not a verdict: "+
			"collect it (aws %[1]s %[3]s, or Audit Manager), review it, then attest the control",
		"La réponse de l'appel %[1]s %[2]s est une preuve à examiner par une personne, pas un verdict : "+
			"recueillez-la (aws %[1]s %[3]s, ou Audit Manager), examinez-la, puis attestez le contrôle",
		service, op, kebab(op)))
	return f
}

// kebab turns an API operation name into its AWS CLI command:
// DescribeAutoScalingGroups -> describe-auto-scaling-groups.
func kebab(op string) string {
	var b strings.Builder
	runes := []rune(op)
	for i, r := range runes {
		upper := r >= 'A' && r <= 'Z'
		if upper && i > 0 {
			prevLower := runes[i-1] >= 'a' && runes[i-1] <= 'z'
			nextLower := i+1 < len(runes) && runes[i+1] >= 'a' && runes[i+1] <= 'z'
			prevUpper := runes[i-1] >= 'A' && runes[i-1] <= 'Z'
			if prevLower || (prevUpper && nextLower) {
				b.WriteByte('-')
			}
		}
		if upper {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
