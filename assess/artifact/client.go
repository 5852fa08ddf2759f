// Package artifact reads AWS's compliance reports from AWS Artifact: the
// evidence of the controls AWS carries under the shared responsibility model
// (the physical security of its data centres, for one), which hdsctl checks
// with aws-artifact-certifications and hdsctl artifact downloads.
//
// The Go SDK has no AWS Artifact module on the module proxy, so Client is a
// minimal one built from the SDK's own pieces: the aws.Config's credentials,
// Region, endpoint, HTTP client and retryer, and the SigV4 signer (signing
// name "artifact"). It speaks the four read operations of the restJson1 API
// (API version 2018-05-10): GET /v1/report/list, /v1/report/getMetadata,
// /v1/report/getTermForReport and /v1/report/get.
package artifact

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"
)

// DefaultRegion is where the AWS Artifact API is served.
const DefaultRegion = "us-east-1"

// signingName is the service name in AWS Artifact's SigV4 scope.
const signingName = "artifact"

// emptyHash is the SHA-256 of an empty body, the payload of every call.
var emptyHash = func() string { h := sha256.Sum256(nil); return hex.EncodeToString(h[:]) }()

// Client calls the AWS Artifact API. It only reads.
type Client struct {
	cfg      aws.Config
	region   string
	endpoint string
	signer   *v4.Signer
	http     aws.HTTPClient
}

// NewClient returns a client for cfg's credentials. The endpoint is
// AWS_ENDPOINT_URL_ARTIFACT, else cfg.BaseEndpoint, else AWS's in region
// (DefaultRegion when empty).
func NewClient(cfg aws.Config, region string) *Client {
	if region == "" {
		region = DefaultRegion
	}
	endpoint := os.Getenv("AWS_ENDPOINT_URL_ARTIFACT")
	if endpoint == "" {
		endpoint = aws.ToString(cfg.BaseEndpoint)
	}
	if endpoint == "" {
		endpoint = "https://artifact." + region + ".amazonaws.com"
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: time.Minute}
	}
	return &Client{cfg: cfg, region: region, endpoint: strings.TrimSuffix(endpoint, "/"), signer: v4.NewSigner(), http: client}
}

// HTTPClient returns the HTTP client the calls go through, to download the
// documents with.
func (c *Client) HTTPClient() aws.HTTPClient { return c.http }

// Report is an AWS Artifact report, as ListReports and GetReportMetadata
// describe it.
type Report struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	ARN         string    `json:"arn"`
	Version     int64     `json:"version"`
	State       string    `json:"state"`
	Series      string    `json:"series"`
	Category    string    `json:"category"`
	CompanyName string    `json:"companyName"`
	ProductName string    `json:"productName"`
	PeriodStart time.Time `json:"periodStart"`
	PeriodEnd   time.Time `json:"periodEnd"`
	// AcceptanceType is PASSTHROUGH or EXPLICIT: whether the report's terms
	// must be accepted before download.
	AcceptanceType string `json:"acceptanceType"`
	TermARN        string `json:"termArn"`
}

// Term is the agreement of a report: where to read it, and the token that
// proves it was fetched, which GetReport asks for.
type Term struct {
	DocumentURL string `json:"documentPresignedUrl"`
	Token       string `json:"termToken"`
}

// APIError is an error AWS Artifact answered. It implements smithy.APIError.
type APIError struct {
	Status  int
	Code    string
	Message string
}

// Error returns the error code, the HTTP status and AWS's message.
func (e *APIError) Error() string {
	return fmt.Sprintf("artifact: %s (HTTP %d): %s", e.Code, e.Status, e.Message)
}

// ErrorCode returns the AWS error code, such as AccessDeniedException.
func (e *APIError) ErrorCode() string { return e.Code }

// ErrorMessage returns AWS's message.
func (e *APIError) ErrorMessage() string { return e.Message }

// ErrorFault says whether the client or AWS is at fault.
func (e *APIError) ErrorFault() smithy.ErrorFault {
	if e.Status >= 500 {
		return smithy.FaultServer
	}
	return smithy.FaultClient
}

// HTTPStatusCode returns the HTTP status of the answer, which the SDK's
// retryer reads.
func (e *APIError) HTTPStatusCode() int { return e.Status }

var _ smithy.APIError = (*APIError)(nil)

// ListReports returns every report the account may see, page by page.
func (c *Client) ListReports(ctx context.Context) ([]Report, error) {
	var all []Report
	token := ""
	for {
		q := url.Values{"maxResults": {"100"}}
		if token != "" {
			q.Set("nextToken", token)
		}
		var out struct {
			Reports   []Report `json:"reports"`
			NextToken string   `json:"nextToken"`
		}
		if err := c.call(ctx, "ListReports", "/v1/report/list", q, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Reports...)
		if out.NextToken == "" || out.NextToken == token {
			return all, nil
		}
		token = out.NextToken
	}
}

// GetReportMetadata returns the details of one version of a report; version
// 0 means the latest.
func (c *Client) GetReportMetadata(ctx context.Context, id string, version int64) (Report, error) {
	var out struct {
		ReportDetails Report `json:"reportDetails"`
	}
	err := c.call(ctx, "GetReportMetadata", "/v1/report/getMetadata", reportQuery(id, version), &out)
	return out.ReportDetails, err
}

// GetTermForReport returns the terms of a report.
func (c *Client) GetTermForReport(ctx context.Context, id string, version int64) (Term, error) {
	var out Term
	err := c.call(ctx, "GetTermForReport", "/v1/report/getTermForReport", reportQuery(id, version), &out)
	return out, err
}

// GetReport returns where to download a report, once its terms were
// fetched. The URL is presigned: it is a secret for a short while, and
// hdsctl never prints it.
func (c *Client) GetReport(ctx context.Context, id string, version int64, termToken string) (string, error) {
	q := reportQuery(id, version)
	q.Set("termToken", termToken)
	var out struct {
		DocumentURL string `json:"documentPresignedUrl"`
	}
	err := c.call(ctx, "GetReport", "/v1/report/get", q, &out)
	return out.DocumentURL, err
}

func reportQuery(id string, version int64) url.Values {
	q := url.Values{"reportId": {id}}
	if version > 0 {
		q.Set("reportVersion", strconv.FormatInt(version, 10))
	}
	return q
}

// call makes one GET call, retried as cfg's retryer says, and decodes the
// JSON answer into out.
func (c *Client) call(ctx context.Context, op, path string, query url.Values, out any) error {
	retryer := aws.Retryer(aws.NopRetryer{})
	if c.cfg.Retryer != nil {
		retryer = c.cfg.Retryer()
	}
	for attempt := 1; ; attempt++ {
		err := c.attempt(ctx, path, query, out)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || attempt >= retryer.MaxAttempts() || !retryer.IsErrorRetryable(err) {
			return fmt.Errorf("artifact %s: %w", op, err)
		}
		delay, derr := retryer.RetryDelay(attempt, err)
		if derr != nil {
			return fmt.Errorf("artifact %s: %w", op, err)
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return fmt.Errorf("artifact %s: %w", op, ctx.Err())
		}
	}
}

// maxAnswer bounds the answers read; report lists are a few hundred
// kilobytes.
const maxAnswer = 16 << 20

func (c *Client) attempt(ctx context.Context, path string, query url.Values, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.endpoint+path+"?"+query.Encode(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if c.cfg.Credentials == nil {
		return errors.New("no AWS credentials")
	}
	creds, err := c.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("retrieving AWS credentials: %w", err)
	}
	if err := c.signer.SignHTTP(ctx, creds, req, emptyHash, signingName, c.region, time.Now()); err != nil {
		return fmt.Errorf("signing the request: %w", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("reading the answer: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return apiError(resp, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("decoding the answer: %w", err)
	}
	return nil
}

// apiError reads a restJson1 error: the code from X-Amzn-ErrorType or the
// body's __type or code, the message from message or Message.
func apiError(resp *http.Response, body []byte) *APIError {
	e := &APIError{Status: resp.StatusCode}
	var doc struct {
		Type     string `json:"__type"`
		Code     string `json:"code"`
		Message  string `json:"message"`
		MessageU string `json:"Message"`
	}
	_ = json.Unmarshal(body, &doc)
	e.Code = resp.Header.Get("X-Amzn-ErrorType")
	if e.Code == "" {
		e.Code = doc.Type
	}
	if e.Code == "" {
		e.Code = doc.Code
	}
	// The code may carry a namespace and a colon-separated suffix:
	// aws.protocoltests#FooError:http://...
	if i := strings.Index(e.Code, ":"); i >= 0 {
		e.Code = e.Code[:i]
	}
	if i := strings.LastIndex(e.Code, "#"); i >= 0 {
		e.Code = e.Code[i+1:]
	}
	if e.Code == "" {
		e.Code = http.StatusText(resp.StatusCode)
	}
	e.Message = doc.Message
	if e.Message == "" {
		e.Message = doc.MessageU
	}
	return e
}
