package artifact_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hdsctl/hdsctl/assess/artifact"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/results"
	"github.com/hdsctl/hdsctl/sandbox"
)

func TestSandboxReportsInForcePass(t *testing.T) {
	_, cfg := testenv.Sandbox(t, sandbox.Options{})
	now := func() time.Time { return time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC) }
	reports, findings, err := artifact.NewSource(artifact.NewClient(cfg, ""), now).Reports(t.Context())
	if err != nil {
		t.Fatalf("Reports: %v", err)
	}
	if len(reports) != 2 || !strings.Contains(reports[0].Title, "HDS") || !strings.Contains(reports[1].Title, "27001") {
		t.Fatalf("reports = %+v, want the HDS and ISO/IEC 27001 certificates", reports)
	}
	for _, r := range reports {
		if r.Version == "" || r.PeriodStart.IsZero() || r.PeriodEnd.IsZero() {
			t.Errorf("report %+v lacks its version or period", r)
		}
	}
	for _, f := range findings {
		if f.Status != results.Pass {
			t.Errorf("finding %+v, want PASS in December 2026", f)
		}
		if f.MessageFR == "" {
			t.Errorf("finding %s has no French message: %q", f.Resource, f.Message)
		}
	}
}

func TestSandboxReportsPastTheirPeriodFail(t *testing.T) {
	_, cfg := testenv.Sandbox(t, sandbox.Options{})
	now := func() time.Time { return time.Date(2027, 9, 1, 0, 0, 0, 0, time.UTC) }
	_, findings, err := artifact.NewSource(artifact.NewClient(cfg, ""), now).Reports(t.Context())
	if err != nil {
		t.Fatalf("Reports: %v", err)
	}
	if len(findings) != 2 || findings[0].Status != results.Fail || findings[1].Status != results.Pass {
		t.Errorf("findings = %+v, want the HDS certificate (ending 2027-06-30) to fail and ISO to pass", findings)
	}
	for _, f := range findings {
		if f.MessageFR == "" {
			t.Errorf("finding %s has no French message: %q", f.Resource, f.Message)
		}
	}
}

func TestSandboxReportDownloads(t *testing.T) {
	_, cfg := testenv.Sandbox(t, sandbox.Options{})
	client := artifact.NewClient(cfg, "")
	found, err := artifact.NewSource(client, nil).Current(t.Context())
	if err != nil || len(found) == 0 || !found[0].OK {
		t.Fatalf("Current: %v, %+v", err, found)
	}
	r := found[0].Report
	term, err := client.GetTermForReport(t.Context(), r.ID, r.Version)
	if err != nil {
		t.Fatalf("GetTermForReport: %v", err)
	}
	url, err := client.GetReport(t.Context(), r.ID, r.Version, term.Token)
	if err != nil {
		t.Fatalf("GetReport: %v", err)
	}
	name := filepath.Join(t.TempDir(), artifact.FileName(r))
	if err := artifact.Download(t.Context(), nil, url, name); err != nil {
		t.Fatalf("Download: %v", err)
	}
	if data, _ := os.ReadFile(name); !strings.HasPrefix(string(data), "%PDF") {
		t.Errorf("the report saved is not a PDF: %.40q", data)
	}
}
