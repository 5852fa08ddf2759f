package sandbox

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// The fuzz targets of this file vary every part of a request that the
// sandbox decodes, one wire protocol each: the method, the path and its
// placeholders, the query string, the X-Amz-Target header and the body.
// Whatever they send, the answer must be a well-formed answer of the
// protocol, and never a crash or an internal error.

// fuzzServer returns the handler of a sandbox that neither throttles nor
// waits, for one fuzz target.
func fuzzServer(f *testing.F) http.Handler {
	f.Helper()
	sb, err := New(Options{RPS: -1, ConfigRPS: -1, ConformancePackDelay: -1, Seed: 1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { sb.Close() })
	return sb.Handler()
}

// fuzzRequest builds a signed request to service; it returns nil when the
// fuzzer's path or query cannot make a URL.
func fuzzRequest(service, method, path, query, contentType string, body []byte) *http.Request {
	u := &url.URL{Scheme: "http", Host: "sandbox.local", Path: "/" + strings.TrimPrefix(path, "/"), RawQuery: query}
	req, err := http.NewRequest(method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFUZZ/20261203/eu-west-1/"+service+
		"/aws4_request, SignedHeaders=host, Signature=00")
	req.Header.Set("Content-Type", contentType)
	return req
}

// serveFuzz answers req and fails on a server error.
func serveFuzz(t *testing.T, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s answered %d: %s", req.Method, req.URL, rec.Code, rec.Body)
	}
	return rec
}

// checkJSONAnswer checks an answer of the JSON protocols: valid JSON, and
// an error type on every error.
func checkJSONAnswer(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	body := rec.Body.Bytes()
	if len(body) > 0 && !json.Valid(body) {
		t.Fatalf("%s %s answered invalid JSON: %s", req.Method, req.URL, body)
	}
	if rec.Code >= 300 && rec.Header().Get("X-Amzn-ErrorType") == "" && !bytes.Contains(body, []byte("__type")) {
		t.Fatalf("%s %s answered %d without an error type: %s", req.Method, req.URL, rec.Code, body)
	}
}

// checkXMLAnswer checks an answer of the XML protocols: well-formed XML.
func checkXMLAnswer(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	body := rec.Body.Bytes()
	if len(bytes.TrimSpace(body)) == 0 {
		if rec.Code >= 300 {
			t.Fatalf("%s %s answered %d with no body", req.Method, req.URL, rec.Code)
		}
		return
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s %s answered invalid XML (%v): %s", req.Method, req.URL, err, body)
		}
	}
}

var restMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch}

// FuzzRESTJSONRequest fuzzes the restJson1 services: Audit Manager,
// Security Hub, AWS Artifact and the Account Management API.
func FuzzRESTJSONRequest(f *testing.F) {
	services := []string{"auditmanager", "securityhub", "artifact", "account"}
	id := stableUUID("fuzz")
	arn := url.PathEscape("arn:aws:auditmanager:eu-west-1:123456789012:control/" + id)
	for _, s := range []struct {
		service, method uint8
		path, query     string
		body            string
	}{
		{0, 0, "/controls", "controlType=Custom&maxResults=1000", ""},
		{0, 0, "/controls", "controlType=Standard&nextToken=!!&maxResults=0", ""},
		{0, 1, "/controls", "", `{"name":"c","controlMappingSources":[{"sourceName":"s","sourceType":"MANUAL"}],"tags":{"k":"v"}}`},
		{0, 0, "/controls/" + id, "", ""},
		{0, 2, "/controls/" + id, "", `{"name":"n","controlMappingSources":[]}`},
		{0, 3, "/controls/%2e%2e", "", ""},
		{0, 0, "/assessmentFrameworks", "frameworkType=Custom&maxResults=5000", ""},
		{0, 1, "/tags/" + arn, "", `{"tags":{"hdsctl:key":"K-1"}}`},
		{0, 3, "/tags/" + arn, "tagKeys=a&tagKeys=b", ""},
		{0, 0, "/dataSourceKeywords", "source=AWS_Config&maxResults=10", ""},
		{0, 0, "/settings/EVIDENCE_FINDER_ENABLEMENT", "", ""},
		{1, 1, "/findings", "", `{"Filters":{"ComplianceStatus":[{"Value":"FAILED","Comparison":"EQUALS"}]},"MaxResults":100}`},
		{1, 0, "/standards", "MaxResults=-1", ""},
		{2, 0, "/v1/report/list", "maxResults=1", ""},
		{2, 0, "/v1/report/getMetadata", "reportId=report-1&reportVersion=x", ""},
		{2, 0, "/v1/report/get", "reportId=report-1&reportVersion=1&termToken=" + strings.Repeat("t", 300), ""},
		{3, 1, "/listRegions", "", `{"RegionOptStatusContains":["ENABLED"],"MaxResults":50}`},
		{3, 1, "/getRegionOptStatus", "", `{"RegionName":"eu-south-1"}`},
	} {
		f.Add(s.service, s.method, s.path, s.query, []byte(s.body))
	}
	h := fuzzServer(f)
	f.Fuzz(func(t *testing.T, service, method uint8, path, query string, body []byte) {
		req := fuzzRequest(services[int(service)%len(services)], restMethods[int(method)%len(restMethods)],
			path, query, "application/json", body)
		if req == nil {
			return
		}
		checkJSONAnswer(t, req, serveFuzz(t, h, req))
	})
}

// FuzzAWSJSONRequest fuzzes the awsJson1_1 services: AWS Config, KMS,
// Organizations and CloudTrail, by target and body.
func FuzzAWSJSONRequest(f *testing.F) {
	services := []string{"config", "kms", "organizations", "cloudtrail"}
	for _, s := range []struct {
		service      uint8
		target, body string
	}{
		{0, "StarlingDoveService.DescribeConformancePacks", `{"ConformancePackNames":["hdsctl-hds-v2-part-1"],"Limit":20}`},
		{0, "StarlingDoveService.DescribeConformancePackStatus", `{"ConformancePackNames":[],"NextToken":"x"}`},
		{0, "StarlingDoveService.DeleteConformancePack", `{"ConformancePackName":"nope"}`},
		{0, "StarlingDoveService.ListTagsForResource", `{"ResourceArn":"arn:aws:config:eu-west-1:123456789012:conformance-pack/p/x","Limit":50}`},
		{0, "StarlingDoveService.DescribeComplianceByConfigRule", `{"ConfigRuleNames":["r"],"ComplianceTypes":["NON_COMPLIANT"]}`},
		{0, "StarlingDoveService.DescribeConfigurationRecorders", `{}`},
		{1, "TrentService.ListKeys", `{"Limit":1000}`},
		{1, "TrentService.GetKeyRotationStatus", `{"KeyId":"alias/none"}`},
		{2, "AWSOrganizationsV20161128.DescribeOrganization", `{}`},
		{3, "CloudTrail_20131101.DescribeTrails", `{"includeShadowTrails":true}`},
		{3, "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.GetTrailStatus", `{"Name":"arn:aws:cloudtrail:eu-west-1:123456789012:trail/t"}`},
		{0, "StarlingDoveService.", `null`},
	} {
		f.Add(s.service, s.target, []byte(s.body))
	}
	h := fuzzServer(f)
	f.Fuzz(func(t *testing.T, service uint8, target string, body []byte) {
		req := fuzzRequest(services[int(service)%len(services)], http.MethodPost, "/", "", "application/x-amz-json-1.1", body)
		req.Header.Set("X-Amz-Target", target)
		checkJSONAnswer(t, req, serveFuzz(t, h, req))
	})
}

// FuzzQueryRequest fuzzes the query-protocol services, STS and IAM, and
// EC2's variant of it, by form body and query string.
func FuzzQueryRequest(f *testing.F) {
	services := []string{"sts", "iam", "ec2"}
	for _, s := range []struct {
		service     uint8
		query, body string
	}{
		{0, "", "Action=GetCallerIdentity&Version=2011-06-15"},
		{0, "", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FAudit&RoleSessionName=s&DurationSeconds=99999"},
		{0, "Action=GetCallerIdentity", ""},
		{1, "", "Action=GetAccountSummary&Version=2010-05-08"},
		{1, "", "Action=GetAccountPasswordPolicy&Version=2010-05-08"},
		{2, "", "Action=DescribeRegions&Version=2016-11-15&AllRegions=true&Filter.1.Name=opt-in-status&Filter.1.Value.1=opted-in"},
		{2, "", "Action=DescribeSnapshots&Version=2016-11-15&OwnerId.1=self&MaxResults=1000&NextToken=%00"},
		{2, "", "Action=GetEbsEncryptionByDefault&Version=2016-11-15"},
		{1, "", "Action=%ZZ"},
	} {
		f.Add(s.service, s.query, []byte(s.body))
	}
	h := fuzzServer(f)
	f.Fuzz(func(t *testing.T, service uint8, query string, body []byte) {
		req := fuzzRequest(services[int(service)%len(services)], http.MethodPost, "/", query,
			"application/x-www-form-urlencoded", body)
		if req == nil {
			return
		}
		checkXMLAnswer(t, req, serveFuzz(t, h, req))
	})
}

// FuzzRESTXMLRequest fuzzes the restXml services, S3 Control and S3, by
// method, path, query, account header and body.
func FuzzRESTXMLRequest(f *testing.F) {
	for _, s := range []struct {
		method            uint8
		path, query, acct string
		body              string
	}{
		{0, "/v20180820/configuration/publicAccessBlock", "", "123456789012", ""},
		{2, "/v20180820/configuration/publicAccessBlock", "", "123456789012",
			`<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlockConfiguration>`},
		{2, "/v20180820/configuration/publicAccessBlock", "", "1", `<PublicAccessBlockConfiguration><BlockPublicAcls>maybe`},
		{3, "/v20180820/configuration/publicAccessBlock", "", "", ""},
		{0, "/", "x-id=ListBuckets&max-buckets=1", "", ""},
		{0, "/bucket", "encryption=", "", ""},
	} {
		f.Add(s.method, s.path, s.query, s.acct, []byte(s.body))
	}
	h := fuzzServer(f)
	f.Fuzz(func(t *testing.T, method uint8, path, query, account string, body []byte) {
		req := fuzzRequest("s3", restMethods[int(method)%len(restMethods)], path, query, "application/xml", body)
		if req == nil {
			return
		}
		req.Header.Set("X-Amz-Account-Id", account)
		checkXMLAnswer(t, req, serveFuzz(t, h, req))
	})
}
