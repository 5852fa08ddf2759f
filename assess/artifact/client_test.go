package artifact_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"

	"github.com/hdsctl/hdsctl/assess/artifact"
	"github.com/hdsctl/hdsctl/internal/sdkhttp"
	"github.com/hdsctl/hdsctl/results"
)

// fakeArtifact answers the four read operations the way the restJson1 API
// does, for the client's wire tests; the sandbox tests cover the rest.
func fakeArtifact(t *testing.T) *httptest.Server {
	t.Helper()
	// details is what getMetadata says of each current report.
	details := map[string]struct{ name, start, end string }{
		"report-hds": {"AWS HDS Certificate", "2025-01-01T00:00:00Z", "2028-01-01T00:00:00Z"},
		"report-iso": {"ISO/IEC 27001:2022 Certificate", "2023-01-01T00:00:00Z", "2026-06-30T00:00:00Z"},
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/docs/") {
			if r.URL.Path == "/docs/missing.pdf" {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.7 " + r.URL.Path))
			return
		}
		auth := r.Header.Get("Authorization")
		if !strings.Contains(auth, "/us-east-1/artifact/aws4_request") {
			w.Header().Set("X-Amzn-ErrorType", "UnrecognizedClientException")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"message":"bad signature scope: ` + auth + `"}`))
			return
		}
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/report/list":
			if q.Get("nextToken") == "" {
				w.Write([]byte(`{"reports":[
				 {"id":"report-hds-old","name":"AWS HDS Certificate 2022",` +
					`"series":"HDS","state":"PUBLISHED","version":1,
				  "periodStart":"2022-01-01T00:00:00Z","periodEnd":"2025-01-01T00:00:00Z"},
				 {"id":"report-soc2","name":"SOC 2 Type 2 Report","state":"PUBLISHED","version":4}],
				 "nextToken":"page2"}`))
				return
			}
			w.Write([]byte(`{"reports":[
			 {"id":"report-hds","name":"AWS HDS Certificate","series":"HDS","state":"PUBLISHED","version":3,
			  "periodStart":"2025-01-01T00:00:00Z","periodEnd":"2028-01-01T00:00:00Z"},
			 {"id":"report-iso","name":"ISO/IEC 27001:2022 Certificate","state":"PUBLISHED","version":7,
			  "periodStart":"2023-01-01T00:00:00Z","periodEnd":"2026-06-30T00:00:00Z"}]}`))
		case "/v1/report/getMetadata":
			id := q.Get("reportId")
			report := details[id]
			w.Write([]byte(`{"reportDetails":{"id":"` + id + `","name":"` + report.name +
				`","arn":"arn:aws:artifact:us-east-1::report/` + id + `","version":` + q.Get("reportVersion") +
				`,"state":"PUBLISHED","periodStart":"` + report.start +
				`","periodEnd":"` + report.end + `"}}`))
		case "/v1/report/getTermForReport":
			w.Write([]byte(`{"documentPresignedUrl":"` + srv.URL +
				`/docs/terms.pdf?X-Amz-Signature=secret","termToken":"token-` + q.Get("reportId") + `"}`))
		case "/v1/report/get":
			if q.Get("termToken") != "token-"+q.Get("reportId") {
				w.Header().Set("X-Amzn-ErrorType", "ValidationException")
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"message":"invalid term token"}`))
				return
			}
			w.Write([]byte(`{"documentPresignedUrl":"` + srv.URL +
				`/docs/report.pdf?X-Amz-Signature=secret"}`))
		default:
			w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message":"no such path"}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func config(url string) aws.Config {
	return aws.Config{
		Region:       "eu-west-3",
		BaseEndpoint: aws.String(url),
		HTTPClient:   sdkhttp.Client(nil),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	}
}

func TestClientListsEveryPageAndReadsTimes(t *testing.T) {
	srv := fakeArtifact(t)
	reports, err := artifact.NewClient(config(srv.URL), "").ListReports(t.Context())
	if err != nil {
		t.Fatalf("ListReports: %v", err)
	}
	if len(reports) != 4 {
		t.Fatalf("%d reports, want 4 over two pages", len(reports))
	}
	if got := reports[2]; got.ID != "report-hds" || got.Version != 3 ||
		!got.PeriodEnd.Equal(time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("report 3 = %+v, want report-hds version 3 ending 2028-01-01", got)
	}
}

func TestClientReturnsAWSErrors(t *testing.T) {
	srv := fakeArtifact(t)
	_, err := artifact.NewClient(config(srv.URL), "").GetReport(t.Context(), "report-hds", 3, "forged")
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "ValidationException" ||
		api.ErrorMessage() != "invalid term token" {
		t.Errorf("GetReport with a forged token: %v, want ValidationException: invalid term token", err)
	}
	_, err = artifact.NewClient(config(srv.URL+"/nowhere"), "").ListReports(t.Context())
	if !errors.As(err, &api) || api.ErrorCode() != "ResourceNotFoundException" {
		t.Errorf("ListReports on a wrong path: %v, want ResourceNotFoundException", err)
	}
}

func TestSourceJudgesTheCurrentReports(t *testing.T) {
	srv := fakeArtifact(t)
	now := func() time.Time { return time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC) }
	source := artifact.NewSource(artifact.NewClient(config(srv.URL), ""), now)
	reports, findings, err := source.Reports(t.Context())
	if err != nil {
		t.Fatalf("Reports: %v", err)
	}
	if len(reports) != 2 || reports[0].ID != "report-hds" || reports[0].Version != "3" ||
		reports[1].ID != "report-iso" {
		t.Errorf("reports = %+v, want the current HDS and ISO ones", reports)
	}
	if len(findings) != 2 || findings[0].Status != results.Pass || findings[1].Status != results.Fail {
		t.Fatalf("findings = %+v, want HDS in force and ISO expired", findings)
	}
	if !strings.Contains(findings[1].Message, "ended on 2026-06-30") ||
		findings[1].Resource != "arn:aws:artifact:us-east-1::report/report-iso" {
		t.Errorf("ISO finding = %+v, want its ARN and end date", findings[1])
	}
	for _, f := range findings {
		if f.MessageFR == "" {
			t.Errorf("finding %s has no French message: %q", f.Resource, f.Message)
		}
	}
	want := "Le certificat ISO/IEC 27001 d'AWS « ISO/IEC 27001:2022 Certificate » (version 7) " +
		"couvrait la période du 2023-01-01 au 2026-06-30 ; cette période est révolue " +
		"et AWS Artifact n'en propose pas de plus récent : demandez à AWS " +
		"(ou cherchez dans AWS Artifact) le certificat renouvelé ou une lettre de transition " +
		"(bridge letter), et conservez-le comme preuve"
	if findings[1].MessageFR != want {
		t.Errorf("ISO finding in French:\n  got  %q\n  want %q", findings[1].MessageFR, want)
	}
}

func TestDownloadSavesTheDocumentWithoutQuotingItsURL(t *testing.T) {
	srv := fakeArtifact(t)
	client := artifact.NewClient(config(srv.URL), "")
	term, err := client.GetTermForReport(t.Context(), "report-hds", 3)
	if err != nil {
		t.Fatal(err)
	}
	url, err := client.GetReport(t.Context(), "report-hds", 3, term.Token)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "hds.pdf")
	if err := artifact.Download(t.Context(), nil, url, name); err != nil {
		t.Fatalf("Download: %v", err)
	}
	if data, _ := os.ReadFile(name); string(data) != "%PDF-1.7 /docs/report.pdf" {
		t.Errorf("saved %q", data)
	}
	err = artifact.Download(t.Context(), nil, srv.URL+"/docs/missing.pdf?X-Amz-Signature=secret", name)
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("Download of a missing document: %v, want an error that does not quote the URL", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := artifact.Download(ctx, nil, url, name); err == nil ||
		strings.Contains(err.Error(), "secret") {
		t.Errorf("Download cancelled: %v, want an error that does not quote the URL", err)
	}
}

func TestFileNameIsSafe(t *testing.T) {
	got := artifact.FileName(artifact.Report{
		Name:    "ISO/IEC 27001:2022 – Certificate ../",
		Version: 7,
	})
	if got != "iso-iec-27001-2022-certificate-v7.pdf" {
		t.Errorf("FileName = %q", got)
	}
}
