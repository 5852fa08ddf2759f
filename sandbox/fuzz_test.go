package sandbox

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fuzzTargets are the requests whose bodies FuzzRequestDecoding varies.
var fuzzTargets = []struct {
	service, method, path, target, contentType string
}{
	{"auditmanager", "POST", "/controls", "", "application/json"},
	{"auditmanager", "PUT", "/controls/" + stableUUID("fuzz"), "", "application/json"},
	{"auditmanager", "POST", "/assessmentFrameworks", "", "application/json"},
	{"auditmanager", "POST", "/assessments", "", "application/json"},
	{"auditmanager", "POST", "/tags/arn%3Aaws%3Aauditmanager%3Aeu-west-1%3A123456789012%3Acontrol%2F" + stableUUID("fuzz"), "", "application/json"},
	{"config", "POST", "/", "StarlingDoveService.PutConformancePack", "application/x-amz-json-1.1"},
	{"config", "POST", "/", "StarlingDoveService.PutOrganizationConformancePack", "application/x-amz-json-1.1"},
	{"config", "POST", "/", "StarlingDoveService.GetConformancePackComplianceDetails", "application/x-amz-json-1.1"},
	{"config", "POST", "/", "StarlingDoveService.DescribeConformancePacks", "application/x-amz-json-1.1"},
	{"sts", "POST", "/", "", "application/x-www-form-urlencoded"},
	{"config", "POST", "/", "StarlingDoveService.ListDiscoveredResources", "application/x-amz-json-1.1"},
	{"config", "POST", "/", "StarlingDoveService.BatchGetResourceConfig", "application/x-amz-json-1.1"},
	{"config", "POST", "/", "StarlingDoveService.SelectResourceConfig", "application/x-amz-json-1.1"},
	{"config", "POST", "/", "StarlingDoveService.PutConfigurationAggregator", "application/x-amz-json-1.1"},
	{"config", "POST", "/", "StarlingDoveService.GetComplianceDetailsByConfigRule", "application/x-amz-json-1.1"},
	{"securityhub", "POST", "/accounts", "", "application/json"},
	{"securityhub", "POST", "/findings/import", "", "application/json"},
	{"securityhub", "POST", "/findings", "", "application/json"},
	{"kms", "POST", "/", "TrentService.DescribeKey", "application/x-amz-json-1.1"},
	{"organizations", "POST", "/", "AWSOrganizationsV20161128.ListAccounts", "application/x-amz-json-1.1"},
	{"iam", "POST", "/", "", "application/x-www-form-urlencoded"},
	{"ec2", "POST", "/", "", "application/x-www-form-urlencoded"},
	{"artifact", "PUT", "/v1/account-settings/put", "", "application/json"},
}

// FuzzRequestDecoding sends arbitrary bodies to the sandbox's operations and
// checks that every answer is a well-formed AWS answer, never a crash or an
// internal error.
func FuzzRequestDecoding(f *testing.F) {
	seeds := []struct {
		target int
		body   string
	}{
		{0, `{"name":"c","controlMappingSources":[{"sourceName":"s","sourceType":"AWS_Config","sourceKeyword":{"keywordInputType":"SELECT_FROM_LIST","keywordValue":"INCOMING_SSH_DISABLED"}}],"tags":{"k":"v"}}`},
		{0, `{"name":"` + strings.Repeat("x", 400) + `","controlMappingSources":[]}`},
		{1, `{"name":"n","controlMappingSources":[{"sourceName":"m","sourceType":"MANUAL"}]}`},
		{2, `{"name":"f","controlSets":[{"name":"s","controls":[{"id":"00000000-0000-4000-8000-000000000000"}]}]}`},
		{3, `{"name":"a","frameworkId":"x","roles":[{"roleType":"PROCESS_OWNER","roleArn":"arn:aws:iam::1:role/r"}],"scope":{},"assessmentReportsDestination":{}}`},
		{4, `{"tags":{"a":"b"}}`},
		{5, `{"ConformancePackName":"p","TemplateBody":"Resources:\n  R:\n    Type: AWS::Config::ConfigRule\n    Properties:\n      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}\n"}`},
		{5, `{"ConformancePackName":"p","TemplateBody":"{\"Resources\": {\"R\": {\"Type\": \"AWS::Config::ConfigRule\", \"Properties\": {\"Source\": !Ref X}}}}"}`},
		{6, `{"OrganizationConformancePackName":"o","TemplateBody":"Resources: {}","ExcludedAccounts":["1"]}`},
		{7, `{"ConformancePackName":"p","Filters":{"ResourceIds":["a"]},"Limit":500}`},
		{8, `{"ConformancePackNames":["p"],"Limit":-1,"NextToken":"!!"}`},
		{9, `Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s`},
		{9, `Action=GetCallerIdentity`},
		{0, `[`},
		{0, `{"controlMappingSources":{"not":"a list"}}`},
		{10, `{"resourceType":"AWS::S3::Bucket","resourceIds":["a"],"resourceName":"b"}`},
		{11, `{"resourceKeys":[{"resourceType":"AWS::EC2::Volume","resourceId":"vol-1"}]}`},
		{12, `{"Expression":"SELECT resourceId WHERE resourceType IN ('a', 'b') AND configuration.x LIKE 'p%'"}`},
		{13, `{"ConfigurationAggregatorName":"a","AccountAggregationSources":[{"AccountIds":["123456789012"],"AllAwsRegions":true}]}`},
		{14, `{"ConfigRuleName":"r","ComplianceTypes":["NOT_APPLICABLE"],"Limit":3}`},
		{15, `{"EnableDefaultStandards":false}`},
		{16, `{"Findings":[{"SchemaVersion":"2018-10-08","Id":"x","Resources":[{}]}]}`},
		{17, `{"Filters":{"ComplianceStatus":[{"Value":"FAILED","Comparison":"EQUALS"}]},"SortCriteria":[{"Field":"Id","SortOrder":"asc"}]}`},
		{18, `{"KeyId":"arn:aws:kms:eu-west-1:123456789012:key/x"}`},
		{19, `{"MaxResults":30}`},
		{20, `Action=GetAccountPasswordPolicy&Version=2010-05-08`},
		{21, `Action=DescribeSnapshots&Version=2016-11-15&Filter.1.Name=encrypted&Filter.1.Value.1=false&MaxResults=5`},
		{22, `{"notificationSubscriptionStatus":"SUBSCRIBED"}`},
	}
	for _, s := range seeds {
		f.Add(uint8(s.target), []byte(s.body))
	}
	sb, err := New(Options{RPS: -1, ConfigRPS: -1, ConformancePackDelay: -1, Seed: 1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		f.Fatal(err)
	}
	defer sb.Close()
	h := sb.Handler()

	f.Fuzz(func(t *testing.T, target uint8, body []byte) {
		tg := fuzzTargets[int(target)%len(fuzzTargets)]
		req := httptest.NewRequest(tg.method, tg.path, strings.NewReader(string(body)))
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFUZZ/20261203/eu-west-1/"+tg.service+"/aws4_request, SignedHeaders=host, Signature=00")
		req.Header.Set("Content-Type", tg.contentType)
		if tg.target != "" {
			req.Header.Set("X-Amz-Target", tg.target)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %s answered %d: %s", tg.method, tg.path, tg.target, rec.Code, rec.Body)
		}
		if tg.service == "sts" || tg.service == "iam" || tg.service == "ec2" {
			if err := xml.Unmarshal(rec.Body.Bytes(), new(struct{})); err != nil {
				t.Fatalf("%s answered with invalid XML: %v: %s", tg.service, err, rec.Body)
			}
			return
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s answered with invalid JSON: %s", tg.path, rec.Body)
		}
		if rec.Code != http.StatusOK && rec.Header().Get("X-Amzn-ErrorType") == "" && !strings.Contains(rec.Body.String(), "__type") {
			t.Fatalf("an error without an error type: %d %s", rec.Code, rec.Body)
		}
	})
}

// FuzzParseTemplate checks that no template crashes the template reader.
func FuzzParseTemplate(f *testing.F) {
	f.Add(hdsPackTemplate)
	f.Add(rulesTemplate(3, "r"))
	f.Add("Resources:\n  R:\n    Type: !Ref X\n")
	f.Add("- a\n- b\n")
	f.Fuzz(func(t *testing.T, body string) {
		tpl, err := parseTemplate(body)
		if err == nil && len(tpl.Rules) == 0 {
			t.Errorf("a template was accepted without rules")
		}
	})
}

// FuzzParseSelect checks that no expression crashes the SQL subset's parser
// and that an accepted query selects at least one field.
func FuzzParseSelect(f *testing.F) {
	f.Add("SELECT resourceId, configuration.encrypted WHERE resourceType = 'AWS::EC2::Volume' AND configuration.encrypted = false")
	f.Add("SELECT resourceId WHERE resourceType IN ('a', 'b,c') AND resourceName LIKE 'x%'")
	f.Add("SELECT * WHERE a = 'OR'")
	f.Add("select a where b in (1, true, 'x')")
	f.Fuzz(func(t *testing.T, expr string) {
		q, err := parseSelect(expr)
		if err == nil && len(q.fields) == 0 {
			t.Errorf("%q was accepted without fields", expr)
		}
	})
}
