package results

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func finding(status Status, account, region, resource string) Finding {
	f := Finding{Resource: resource, Account: account, Region: region, Status: status,
		Source: "HDSCTL_CHECK:encryption-at-rest-default"}
	f.Say(Sayf("%s is %s", "%s est %s", resource, status))
	return f
}

// wantFrench fails the test for every finding without a French message.
func wantFrench(t *testing.T, findings []Finding) {
	t.Helper()
	for _, f := range findings {
		if f.MessageFR == "" {
			t.Errorf("finding %s %s has no French message: %q", f.Status, f.Resource, f.Message)
		}
	}
}

func TestDigestUnderItsLimitKeepsEveryFindingInOrder(t *testing.T) {
	in := []Finding{
		finding(Pass, "111111111111", "eu-west-3", "arn:aws:s3:::a"),
		finding(Fail, "111111111111", "eu-west-3", "arn:aws:s3:::b"),
		finding(Pass, "111111111111", "eu-west-3", "arn:aws:s3:::c"),
		finding(Pass, "222222222222", "eu-west-3", "arn:aws:s3:::d"),
	}
	d := NewDigest(2)
	d.Add(in...)
	if diff := cmp.Diff(in, d.Findings()); diff != "" {
		t.Errorf("findings under the limit changed (-want +got):\n%s", diff)
	}
}

func TestDigestSumsUpPassingFindingsBeyondItsLimit(t *testing.T) {
	d := NewDigest(3)
	var fails []Finding
	for i := range 10 {
		d.Add(finding(Pass, "111111111111", "eu-west-3", fmt.Sprintf("arn:aws:ec2:eu-west-3:111111111111:volume/vol-%d", i)))
		if i%4 == 0 {
			f := finding(Fail, "111111111111", "eu-west-3", fmt.Sprintf("arn:aws:s3:::bad-%d", i))
			fails = append(fails, f)
			d.Add(f)
		}
	}
	d.Add(finding(Pass, "111111111111", "eu-west-3", "arn:aws:s3:::good"))
	d.Add(finding(Pass, "111111111111", "eu-west-1", "arn:aws:s3:::elsewhere"))
	got := d.Findings()

	var sum []Finding
	var failed []Finding
	for _, f := range got {
		switch {
		case f.Count > 0:
			sum = append(sum, f)
		case f.Status == Fail:
			failed = append(failed, f)
		}
	}
	if diff := cmp.Diff(fails, failed); diff != "" {
		t.Errorf("failing findings changed (-want +got):\n%s", diff)
	}
	if len(sum) != 1 || len(got) != len(fails)+2 {
		t.Fatalf("got %d findings, %d of them sums, want the %d failures, one sum and the finding of eu-west-1:\n%+v",
			len(got), len(sum), len(fails), got)
	}
	s := sum[0]
	if s.Count != 11 || s.Status != Pass || s.Region != "eu-west-3" || s.Resource != "AWS::::Account:111111111111" {
		t.Errorf("sum = %+v, want 11 passing resources of the account in eu-west-3", s)
	}
	for _, part := range []string{"11 resources pass", "10 ec2 volume", "1 s3"} {
		if !strings.Contains(s.Message, part) {
			t.Errorf("sum message %q does not say %q", s.Message, part)
		}
	}
	wantFrench(t, got)
	want := "11 ressources sont conformes dans ce compte et cette Région (10 ec2 volume, 1 s3) ; les résultats " +
		"détaillent une à une les ressources conformes jusqu'à 3 par source, compte et Région, ainsi que toutes " +
		"les ressources non conformes"
	if s.MessageFR != want {
		t.Errorf("sum message in French:\n  got  %q\n  want %q", s.MessageFR, want)
	}
	if got[0].Count == 0 {
		t.Errorf("the sum is not where the first passing finding was: %+v", got[0])
	}
	if n := PassCount(got); n != 12 {
		t.Errorf("PassCount = %d, want the 12 passing resources", n)
	}
}

func TestDigestNamesResourcesOfNoKnownKindInEachLanguage(t *testing.T) {
	d := NewDigest(0)
	d.Add(finding(Pass, "111111111111", "", "root"), finding(Pass, "111111111111", "", "arn:aws:iam"))
	got := d.Findings()
	if len(got) != 1 {
		t.Fatalf("got %d findings, want one sum: %+v", len(got), got)
	}
	en, fr := got[0].Message, got[0].MessageFR
	if !strings.HasPrefix(en, "2 resources pass in this account (2 resources);") ||
		!strings.HasPrefix(fr, "2 ressources sont conformes dans ce compte (2 ressources) ;") {
		t.Errorf("sum messages %q and %q, want the resources counted in English and in French", en, fr)
	}
}

func TestDigestWithANegativeLimitKeepsEverything(t *testing.T) {
	d := NewDigest(-1)
	var in []Finding
	for i := range 500 {
		in = append(in, finding(Pass, "111111111111", "eu-west-3", fmt.Sprint("arn:aws:s3:::b", i)))
	}
	d.Add(in...)
	if diff := cmp.Diff(in, d.Findings()); diff != "" {
		t.Errorf("findings changed (-want +got):\n%s", diff)
	}
}

func TestDigestKeepsSumsItIsGiven(t *testing.T) {
	sum := finding(Pass, "111111111111", "eu-west-3", "AWS::::Account:111111111111")
	sum.Count = 1000
	d := NewDigest(0)
	d.Add(sum)
	if diff := cmp.Diff([]Finding{sum}, d.Findings()); diff != "" {
		t.Errorf("a sum was summed again (-want +got):\n%s", diff)
	}
}
