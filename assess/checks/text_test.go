package checks

import (
	"testing"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/framework"
)

func TestEveryFactHasAFrenchName(t *testing.T) {
	for _, f := range inventory.Facts {
		if _, ok := factNamesFR[f]; !ok {
			t.Errorf("fact %q has no French name in factNamesFR", f)
		}
	}
}

func TestEveryCountryOfARegionHasAFrenchName(t *testing.T) {
	for _, r := range awsref.Regions() {
		if _, ok := countriesFR[r.Country]; !ok {
			t.Errorf("Region %s: country %q has no French name in countriesFR", r.Code, r.Country)
		}
	}
}

func TestCopyKindsAreNamedInFrench(t *testing.T) {
	for _, k := range inventory.CopyKinds {
		if copyKindsFR[k] == "" {
			t.Errorf("copy kind %q has no French name in copyKindsFR", k)
		}
	}
	tests := []struct {
		copy   inventory.Copy
		en, fr string
	}{
		{inventory.Copy{Kind: inventory.CopyReplication}, "replication destination", "destination de réplication"},
		{inventory.Copy{Kind: inventory.CopyReadReplica}, "read replica", "réplica en lecture"},
		{inventory.Copy{Kind: inventory.CopyBackupRule, Rule: "daily"}, "copy of rule daily", "copie de la règle daily"},
	}
	for _, tt := range tests {
		if got := copyKind(tt.copy); got.EN != tt.en || got.FR != tt.fr {
			t.Errorf("copyKind(%+v) = %+v, want EN %q, FR %q", tt.copy, got, tt.en, tt.fr)
		}
	}
}

func TestSayGivesEachLanguageItsWords(t *testing.T) {
	what := framework.Text{EN: "EBS volume vol-1", FR: "le volume EBS vol-1"}
	got := say("%s is in %s (%d)", "%s se trouve dans %s (%d)", what, "eu-west-3", 2)
	want := framework.Text{
		EN: "EBS volume vol-1 is in eu-west-3 (2)",
		FR: "le volume EBS vol-1 se trouve dans eu-west-3 (2)",
	}
	if got != want {
		t.Errorf("say = %+v, want %+v", got, want)
	}
}

func TestJoinPutsASpaceBeforeFrenchSemicolons(t *testing.T) {
	got := join([]framework.Text{{EN: "a", FR: "un"}, {EN: "b", FR: "deux"}}, semicolon)
	if want := (framework.Text{EN: "a; b", FR: "un ; deux"}); got != want {
		t.Errorf("join = %+v, want %+v", got, want)
	}
}
