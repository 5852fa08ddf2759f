package report

import (
	"bytes"
	"testing"

	"github.com/hdsctl/hdsctl/results"
)

// TestWritersShowSummedUpFindings checks that a finding summing up passing
// resources (results.Digest, beyond the PASS findings listed one by one)
// reaches every format that lists findings, with its count.
func TestWritersShowSummedUpFindings(t *testing.T) {
	r := loadResults(t)
	r.PassDetail = results.DefaultPassDetail
	d := results.NewDigest(results.DefaultPassDetail)
	for i := range results.DefaultPassDetail + 4712 {
		d.Add(results.Finding{Resource: "arn:aws:ec2:eu-west-3:111122223333:volume/vol-" + string(rune('a'+i%26)),
			Account: "111122223333", Region: "eu-west-3", Status: results.Pass,
			Source: "HDSCTL_CHECK:encryption-at-rest-default", Message: "the volume is encrypted"})
	}
	sum := d.Findings()
	if len(sum) != 1 || sum[0].Count != 4812 {
		t.Fatalf("digest = %+v, want one finding summing up 4812", sum)
	}
	r.Controls[0].Findings = append(r.Controls[0].Findings, sum[0])
	for _, format := range []Format{FormatHTML, FormatMarkdown, FormatCSV, FormatOSCAL} {
		var buf bytes.Buffer
		if err := Write(&buf, r, format, Options{Lang: "en"}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !bytes.Contains(buf.Bytes(), []byte("4812 resources pass")) {
			t.Errorf("%s does not show the finding that sums up 4812 passing resources", format)
		}
	}
}
