package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// artifactClient calls AWS Artifact with requests signed as the SDK signs
// them: no Go SDK module for Artifact is published.
type artifactClient struct {
	t      *testing.T
	url    string
	region string
}

// call sends a signed request and decodes the JSON answer.
func (c artifactClient) call(method, path string, query url.Values, body string) (int, map[string]any, http.Header) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path+"?"+query.Encode(), strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: "AKIATEST", SecretAccessKey: "secret"}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "artifact", c.region, time.Now()); err != nil {
		c.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &out); err != nil {
		c.t.Fatalf("%s %s: %d %s is not JSON: %v", method, path, resp.StatusCode, data, err)
	}
	return resp.StatusCode, out, resp.Header
}

func TestArtifactListsSandboxReports(t *testing.T) {
	sb := startSandbox(t, Options{})
	art := artifactClient{t, sb.URL, "us-east-1"}
	status, out, _ := art.call("GET", "/v1/report/list", url.Values{"maxResults": {"2"}}, "")
	if status != 200 {
		t.Fatalf("ListReports: %d %v", status, out)
	}
	reports := out["reports"].([]any)
	token, _ := out["nextToken"].(string)
	if len(reports) != 2 || token == "" {
		t.Fatalf("first page: %d reports, token %q", len(reports), token)
	}
	_, out, _ = art.call("GET", "/v1/report/list", url.Values{"nextToken": {token}}, "")
	reports = append(reports, out["reports"].([]any)...)
	var names []string
	idRe := regexp.MustCompile(`^report-[a-zA-Z0-9]{16}$`)
	for _, r := range reports {
		m := r.(map[string]any)
		names = append(names, m["name"].(string))
		if !idRe.MatchString(m["id"].(string)) || !strings.Contains(m["name"].(string), "(sandbox)") || m["state"] != "PUBLISHED" {
			t.Errorf("report %v", m)
		}
		if _, err := time.Parse(time.RFC3339, m["periodEnd"].(string)); err != nil {
			t.Errorf("periodEnd %v: %v", m["periodEnd"], err)
		}
	}
	for _, want := range []string{"AWS HDS certificate (sandbox)", "AWS ISO/IEC 27001 certificate (sandbox)", "AWS SOC 2 Type 2 report (sandbox)"} {
		if !slices.Contains(names, want) {
			t.Errorf("ListReports misses %q: %v", want, names)
		}
	}

	status, out, _ = art.call("GET", "/v1/report/listVersions", url.Values{"reportId": {"report-SandboxHDScert01"}}, "")
	if status != 200 || len(out["reports"].([]any)) != 2 {
		t.Errorf("ListReportVersions: %d %v", status, out)
	}
	status, out, _ = art.call("GET", "/v1/report/getMetadata", url.Values{"reportId": {"report-SandboxHDScert01"}, "reportVersion": {"1"}}, "")
	d, _ := out["reportDetails"].(map[string]any)
	if status != 200 || d["version"] != float64(1) || d["series"] != "HDS" || d["termArn"] == nil || d["periodStart"] != "2021-07-01T00:00:00.000Z" {
		t.Errorf("GetReportMetadata: %d %v", status, out)
	}
	status, out, hdr := art.call("GET", "/v1/report/getMetadata", url.Values{"reportId": {"report-0000000000000000"}}, "")
	if status != 404 || hdr.Get("X-Amzn-ErrorType") != "ResourceNotFoundException" || out["resourceId"] != "report-0000000000000000" {
		t.Errorf("an unknown report: %d %s %v", status, hdr.Get("X-Amzn-ErrorType"), out)
	}
	status, out, hdr = art.call("GET", "/v1/report/getMetadata", url.Values{"reportId": {"hds"}}, "")
	if status != 400 || hdr.Get("X-Amzn-ErrorType") != "ValidationException" || out["fieldList"] == nil {
		t.Errorf("a malformed report ID: %d %s %v", status, hdr.Get("X-Amzn-ErrorType"), out)
	}
}

func TestArtifactReportNeedsTheTermToken(t *testing.T) {
	sb := startSandbox(t, Options{})
	art := artifactClient{t, sb.URL, "us-east-1"}
	id := url.Values{"reportId": {"report-SandboxSOC2Type2"}}

	status, out, hdr := art.call("GET", "/v1/report/get", url.Values{"reportId": id["reportId"], "termToken": {"term-forged-0123"}}, "")
	if status != 400 || hdr.Get("X-Amzn-ErrorType") != "ValidationException" || out["reason"] != "invalidToken" {
		t.Errorf("a forged token: %d %v", status, out)
	}
	status, out, _ = art.call("GET", "/v1/report/getTermForReport", id, "")
	token, _ := out["termToken"].(string)
	if status != 200 || token == "" || out["documentPresignedUrl"] == nil {
		t.Fatalf("GetTermForReport: %d %v", status, out)
	}
	if pdf := download(t, out["documentPresignedUrl"].(string), http.StatusOK); !bytes.Contains(pdf, []byte("Terms and conditions")) {
		t.Errorf("the terms document does not hold its terms: %.200s", pdf)
	}
	status, out, _ = art.call("GET", "/v1/report/get", url.Values{"reportId": id["reportId"], "termToken": {token}}, "")
	link, _ := out["documentPresignedUrl"].(string)
	if status != 200 || !strings.Contains(link, "/_sandbox/artifact/report-SandboxSOC2Type2/3/report.pdf?") {
		t.Fatalf("GetReport: %d %v", status, out)
	}
	pdf := download(t, link, http.StatusOK)
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4")) || !bytes.Contains(pdf, []byte("SANDBOX PLACEHOLDER - NOT AN AWS DOCUMENT")) || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Errorf("the document is not the placeholder PDF: %.300s", pdf)
	}
	status, _, _ = art.call("GET", "/v1/report/get", url.Values{"reportId": {"report-SandboxHDScert01"}, "termToken": {token}}, "")
	if status != 400 {
		t.Errorf("a token of another report gave %d, want 400", status)
	}
	download(t, strings.Replace(link, "X-Amz-Signature=", "X-Amz-Signature=0", 1), http.StatusForbidden)
}

func download(t *testing.T, link string, want int) []byte {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Errorf("GET %s: %d %s, want %d", link, resp.StatusCode, data, want)
	}
	return data
}

func TestArtifactAccountSettings(t *testing.T) {
	sb := startSandbox(t, Options{})
	art := artifactClient{t, sb.URL, "us-east-1"}
	_, out, _ := art.call("GET", "/v1/account-settings/get", nil, "")
	if got := out["accountSettings"].(map[string]any)["notificationSubscriptionStatus"]; got != "NOT_SUBSCRIBED" {
		t.Errorf("initial status %v", got)
	}
	status, out, _ := art.call("PUT", "/v1/account-settings/put", nil, `{"notificationSubscriptionStatus":"SUBSCRIBED"}`)
	if status != 200 || out["accountSettings"].(map[string]any)["notificationSubscriptionStatus"] != "SUBSCRIBED" {
		t.Errorf("PutAccountSettings: %d %v", status, out)
	}
	status, _, _ = art.call("PUT", "/v1/account-settings/put", nil, `{"notificationSubscriptionStatus":"MAYBE"}`)
	if status != 400 {
		t.Errorf("an invalid status gave %d", status)
	}
}
