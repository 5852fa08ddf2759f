package attest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hdsctl/hdsctl/assess/attest"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

func hdsv2(t *testing.T) *framework.Framework {
	t.Helper()
	fw, _, err := framework.Read("hds-v2", framework.ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func TestParseReadsEveryField(t *testing.T) {
	set, err := attest.Parse("a.yaml", []byte(`# attestations
attestations:
  - control: HDS-EXI-02
    status: pass
    owner: Jeanne Martin (RSSI)
    date: 2026-10-01
    expires: 2027-10-01
    evidence:
      - https://intranet.example/risks-2026.pdf
      - docs/risk-treatment.xlsx
    comment: Approuvée par la direction générale le 28/09/2026.
  - {control: ISO-A.7.4, status: NOT_APPLICABLE, owner: RSSI, date: 2026-10-01}
`), hdsv2(t))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	a, ok := set.For("HDS-EXI-02")
	want := results.Attestation{Status: results.Pass, Owner: "Jeanne Martin (RSSI)",
		Date: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Expires: time.Date(2027, 10, 1, 0, 0, 0, 0, time.UTC),
		Links:   []string{"https://intranet.example/risks-2026.pdf", "docs/risk-treatment.xlsx"},
		Comment: "Approuvée par la direction générale le 28/09/2026."}
	if !ok || a.Status != want.Status || a.Owner != want.Owner || !a.Date.Equal(want.Date) ||
		!a.Expires.Equal(want.Expires) || strings.Join(a.Links, " ") != strings.Join(want.Links, " ") || a.Comment != want.Comment {
		t.Errorf("HDS-EXI-02 = %+v, want %+v", a, want)
	}
	if got := set.Where("HDS-EXI-02").String(); got != "a.yaml:3:14" {
		t.Errorf("Where = %s, want a.yaml:3:14", got)
	}
	if a, _ := set.For("ISO-A.7.4"); a.Status != results.NotApplicable {
		t.Errorf("ISO-A.7.4 status = %s, want NOT_APPLICABLE", a.Status)
	}
	if set.Len() != 2 {
		t.Errorf("Len = %d, want 2", set.Len())
	}
}

func TestParseReportsEveryProblemWithItsLine(t *testing.T) {
	_, err := attest.Parse("bad.yaml", []byte(`attestations:
  - control: EXI 28
    status: PASS
    owner: RSSI
    date: 2026-10-01
  - control: HDS-EXI-02
    status: OK
    date: 01/10/2026
  - control: HDS-EXI-02
    status: FAIL
    owner: RSSI
    date: 2026-10-01
    expires: 2025-01-01
    colour: blue
`), hdsv2(t))
	var invalid *attest.InvalidError
	if !errors.As(err, &invalid) {
		t.Fatalf("Parse: %v, want an *attest.InvalidError", err)
	}
	var got []string
	for _, d := range invalid.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		`bad.yaml:2:14: error: control "EXI 28" is not in framework hds-v2; did you mean "HDS-EXI-28", the control of EXI 28?`,
		`bad.yaml:6:5: error: owner is missing; add owner`,
		`bad.yaml:7:13: error: status "OK" is not one an attestation can state; write PASS, FAIL or NOT_APPLICABLE`,
		`bad.yaml:8:11: error: date "01/10/2026" is not a date; write the date as YYYY-MM-DD, such as 2026-11-20`,
		`bad.yaml:9:14: error: control HDS-EXI-02 is attested twice (first at line 6); keep one attestation per control`,
		`bad.yaml:13:14: error: expires 2025-01-01 is before the date 2026-10-01; write an expiry after the date`,
		`bad.yaml:14:5: error: unknown field "colour" in an attestation (known: control, status, owner, date, expires, evidence, comment); remove it, or check its spelling`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseRefusesWhatIsNotAnAttestationFile(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"empty", "", "bad.yaml: error: file is empty"},
		{"syntax", "attestations: [\n", "bad.yaml:1: error: invalid YAML"},
		{"no list", "controls: {}\n", `bad.yaml:1:1: error: unknown field "controls"`},
		{"alias", "attestations: &a []\nmore: *a\n", "anchors and aliases are not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := attest.Parse("bad.yaml", []byte(tc.data), hdsv2(t))
			if err == nil || !strings.Contains(err.Error()+diagnostics(err), tc.want) {
				t.Errorf("Parse: %v (%s), want %q", err, diagnostics(err), tc.want)
			}
		})
	}
}

func diagnostics(err error) string {
	var invalid *attest.InvalidError
	if !errors.As(err, &invalid) {
		return ""
	}
	var s []string
	for _, d := range invalid.Diagnostics {
		s = append(s, d.String())
	}
	return strings.Join(s, "\n")
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("attestations:\n  - {control: HDS-EXI-02, status: PASS, owner: x, date: 2026-01-01}\n"))
	f.Add([]byte("attestations: [1, [2], {a: b}]"))
	fw, _, err := framework.Read("hds-v2", framework.ValidateOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := attest.Parse("fuzz.yaml", data, fw)
		if (set == nil) == (err == nil) {
			t.Fatalf("Parse gave set %v and error %v", set, err)
		}
	})
}

func TestTheExampleFileIsValid(t *testing.T) {
	set, err := attest.Load("../../examples/attestations.yaml", hdsv2(t))
	if err != nil {
		t.Fatalf("Load: %v\n%s", err, diagnostics(err))
	}
	if set.Len() != 3 {
		t.Errorf("%d attestations, want 3", set.Len())
	}
}
