package sandbox

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// AWS Artifact (restJson1, API version 2018-05-10): the reports of
// artifact_reports.go, their terms, and the account settings. GetReport
// and GetTermForReport answer with a presigned URL on the sandbox itself
// (/_sandbox/artifact/...), which serves the placeholder PDF until the URL
// expires.

// artifactSettings are an account's AWS Artifact settings.
type artifactSettings struct {
	Notifications string `json:"notificationSubscriptionStatus"`
}

const (
	// artifactURLTTL is how long a presigned document URL is valid.
	artifactURLTTL = 15 * time.Minute
	// artifactTermTTL is how long a term token is valid. AWS does not
	// publish it; the sandbox takes an hour.
	artifactTermTTL = time.Hour
	artifactDocPath = "/_sandbox/artifact/"
)

var (
	artifactReportIDRe = regexp.MustCompile(`^report-[a-zA-Z0-9]{16}$`)
	artifactTokenRe    = regexp.MustCompile(`^[a-zA-Z0-9_\-\s]*$`)
	// artifactKey signs the sandbox's term tokens and presigned URLs; a new
	// process issues new ones.
	artifactKey = func() []byte {
		k := make([]byte, 32)
		rand.Read(k)
		return k
	}()
)

func artifactSign(parts ...string) string {
	m := hmac.New(sha256.New, artifactKey)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

func (s *Server) artifactService() *service {
	return &service{
		name:  "artifact",
		proto: protoRESTJSON,
		route: s.artifactRoute,
		throttled: func() *apiError {
			return artifactError(http.StatusTooManyRequests, "ThrottlingException", "Rate exceeded", nil)
		},
		internal: func() *apiError {
			return artifactError(http.StatusInternalServerError, "InternalServerException", "An internal error occurred. Try again later.", nil)
		},
		unavailable: func() *apiError {
			return artifactError(http.StatusServiceUnavailable, "ServiceUnavailableException", "Service is unavailable. Try again later.", nil)
		},
	}
}

// artifactError is an AWS Artifact error; extra adds members to the body.
func artifactError(status int, code, msg string, extra map[string]any) *apiError {
	e := errorf(status, code, "%s", msg)
	e.Body = map[string]any{"message": msg}
	for k, v := range extra {
		e.Body[k] = v
	}
	return e
}

// artifactValidation is Artifact's ValidationException, whose fields are in
// fieldList.
func artifactValidation(v *validationError) *apiError {
	e := v.err()
	if e == nil {
		return nil
	}
	return artifactError(http.StatusBadRequest, "ValidationException", e.Message, map[string]any{"reason": "fieldValidationFailed", "fieldList": e.Fields})
}

func artifactNotFound(id string) *apiError {
	return artifactError(http.StatusNotFound, "ResourceNotFoundException", "Report resource "+id+" not found.", map[string]any{"resourceId": id, "resourceType": "Report"})
}

func (s *Server) artifactRoute(c *call) (string, handlerFunc, *apiError) {
	routes := map[string]struct {
		op string
		h  handlerFunc
	}{
		"GET /v1/account-settings/get":    {"GetAccountSettings", s.artGetAccountSettings},
		"PUT /v1/account-settings/put":    {"PutAccountSettings", s.artPutAccountSettings},
		"GET /v1/report/list":             {"ListReports", s.artListReports},
		"GET /v1/report/listVersions":     {"ListReportVersions", s.artListReportVersions},
		"GET /v1/report/getMetadata":      {"GetReportMetadata", s.artGetReportMetadata},
		"GET /v1/report/getTermForReport": {"GetTermForReport", s.artGetTermForReport},
		"GET /v1/report/get":              {"GetReport", s.artGetReport},
		"GET /v1/customer-agreement/list": {"ListCustomerAgreements", s.artListCustomerAgreements},
	}
	rt, ok := routes[c.r.Method+" "+strings.TrimSuffix(c.r.URL.Path, "/")]
	if !ok {
		return "unknown", nil, artifactError(http.StatusBadRequest, "ValidationException",
			"the sandbox does not emulate the AWS Artifact operation "+c.r.Method+" "+c.r.URL.Path, map[string]any{"reason": "unknownOperation"})
	}
	return rt.op, rt.h, nil
}

func (s *Server) artGetAccountSettings(c *call) (any, error) {
	status := "NOT_SUBSCRIBED"
	if a := c.st.account(c.account).Artifact; a != nil {
		status = a.Notifications
	}
	return map[string]any{"accountSettings": map[string]string{"notificationSubscriptionStatus": status}}, nil
}

func (s *Server) artPutAccountSettings(c *call) (any, error) {
	var req struct {
		Status *string `json:"notificationSubscriptionStatus"`
	}
	if err := decode(c, &req); err != nil {
		return nil, artifactError(http.StatusBadRequest, "ValidationException", err.Message, map[string]any{"reason": "cannotParse"})
	}
	if req.Status != nil {
		var v validationError
		v.enum("notificationSubscriptionStatus", *req.Status, "SUBSCRIBED", "NOT_SUBSCRIBED")
		if err := artifactValidation(&v); err != nil {
			return nil, err
		}
		c.st.account(c.account).Artifact = &artifactSettings{Notifications: *req.Status}
		c.mutated = true
	}
	return s.artGetAccountSettings(c)
}

// artPage reads maxResults and nextToken from the query.
func artPage(c *call, v *validationError) (int, string) {
	q := c.r.URL.Query()
	limit := 50
	if raw := q.Get("maxResults"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			v.add("maxResults", "Value '%s' at 'maxResults' failed to satisfy constraint: Member must be a number", raw)
		} else if v.intRange("maxResults", n, 1, 300) {
			limit = n
		}
	}
	token := q.Get("nextToken")
	if q.Has("nextToken") {
		v.length("nextToken", token, 1, 2048)
	}
	return limit, token
}

func artList(key string, list []map[string]any, next string) map[string]any {
	out := map[string]any{key: nonNil(list)}
	if next != "" {
		out["nextToken"] = next
	}
	return out
}

func (s *Server) artListReports(c *call) (any, error) {
	var v validationError
	limit, token := artPage(c, &v)
	if err := artifactValidation(&v); err != nil {
		return nil, err
	}
	items, next, ok := page(artifactCatalog, func(r artifactReport) string { return r.id }, token, limit)
	if !ok {
		return nil, artifactError(http.StatusBadRequest, "ValidationException", "The nextToken is not valid.", map[string]any{"reason": "invalidToken"})
	}
	list := make([]map[string]any, len(items))
	for i := range items {
		latest, _ := items[i].version(0)
		list[i] = items[i].summary(c.region, latest, false)
	}
	return artList("reports", list, next), nil
}

// artReportParams reads and checks reportId and reportVersion.
func artReportParams(c *call, v *validationError) (string, int) {
	q := c.r.URL.Query()
	id := q.Get("reportId")
	if v.required("reportId", q.Has("reportId")) {
		v.pattern("reportId", id, artifactReportIDRe, "report-[a-zA-Z0-9]{16}")
	}
	version := 0
	if raw := q.Get("reportVersion"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			v.add("reportVersion", "Value '%s' at 'reportVersion' failed to satisfy constraint: Member must be a number", raw)
		} else if v.intRange("reportVersion", n, 1, 1<<31) {
			version = n
		}
	}
	return id, version
}

// lookupReportVersion finds the version of a report a request names.
func lookupReportVersion(c *call, v *validationError) (*artifactReport, artifactVersion, *apiError) {
	id, version := artReportParams(c, v)
	if err := artifactValidation(v); err != nil {
		return nil, artifactVersion{}, err
	}
	r, ok := findReport(id)
	if !ok {
		return nil, artifactVersion{}, artifactNotFound(id)
	}
	ver, ok := r.version(version)
	if !ok {
		return nil, artifactVersion{}, artifactNotFound(fmt.Sprintf("%s:%d", id, version))
	}
	return r, ver, nil
}

func (s *Server) artListReportVersions(c *call) (any, error) {
	var v validationError
	id, _ := artReportParams(c, &v)
	limit, token := artPage(c, &v)
	if err := artifactValidation(&v); err != nil {
		return nil, err
	}
	r, ok := findReport(id)
	if !ok {
		return nil, artifactNotFound(id)
	}
	items, next, ok := page(r.versions, func(ver artifactVersion) string { return fmt.Sprintf("%08d", ver.version) }, token, limit)
	if !ok {
		return nil, artifactError(http.StatusBadRequest, "ValidationException", "The nextToken is not valid.", map[string]any{"reason": "invalidToken"})
	}
	list := make([]map[string]any, len(items))
	for i, ver := range items {
		list[i] = r.summary(c.region, ver, false)
	}
	return artList("reports", list, next), nil
}

func (s *Server) artGetReportMetadata(c *call) (any, error) {
	var v validationError
	r, ver, err := lookupReportVersion(c, &v)
	if err != nil {
		return nil, err
	}
	return map[string]any{"reportDetails": r.summary(c.region, ver, true)}, nil
}

// documentURL is the presigned URL of a report's or terms' document on the
// sandbox that serves the request.
func documentURL(c *call, r *artifactReport, ver artifactVersion, kind string) string {
	path := fmt.Sprintf("%s%s/%d/%s.pdf", artifactDocPath, r.id, ver.version, kind)
	date := c.now.UTC().Format("20060102T150405Z")
	expires := strconv.Itoa(int(artifactURLTTL.Seconds()))
	q := url.Values{
		"X-Amz-Date":      {date},
		"X-Amz-Expires":   {expires},
		"X-Amz-Signature": {artifactSign(path, date, expires)},
	}
	return "http://" + c.r.Host + path + "?" + q.Encode()
}

func (s *Server) artGetTermForReport(c *call) (any, error) {
	var v validationError
	r, ver, err := lookupReportVersion(c, &v)
	if err != nil {
		return nil, err
	}
	issued := strconv.FormatInt(c.now.Unix(), 10)
	payload := base64.RawURLEncoding.EncodeToString([]byte(r.id + ":" + strconv.Itoa(ver.version) + ":" + issued))
	token := "term-" + payload + "-" + artifactSign("term", payload)
	return map[string]any{"documentPresignedUrl": documentURL(c, r, ver, "term"), "termToken": token}, nil
}

// checkTermToken verifies that a term token was issued for a report version
// and has not expired.
func checkTermToken(token string, r *artifactReport, ver artifactVersion, now time.Time) bool {
	rest, ok := strings.CutPrefix(token, "term-")
	if !ok {
		return false
	}
	i := strings.LastIndex(rest, "-") // the payload may hold dashes, the signature not
	if i < 0 {
		return false
	}
	payload, sig := rest[:i], rest[i+1:]
	if !hmac.Equal([]byte(sig), []byte(artifactSign("term", payload))) {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return false
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != r.id || parts[1] != strconv.Itoa(ver.version) {
		return false
	}
	issued, err := strconv.ParseInt(parts[2], 10, 64)
	return err == nil && now.Sub(time.Unix(issued, 0)) <= artifactTermTTL
}

func (s *Server) artGetReport(c *call) (any, error) {
	var v validationError
	q := c.r.URL.Query()
	token := q.Get("termToken")
	if v.required("termToken", q.Has("termToken")) && v.length("termToken", token, 1, 256) {
		v.pattern("termToken", token, artifactTokenRe, `[a-zA-Z0-9_\-\s]*`)
	}
	r, ver, err := lookupReportVersion(c, &v)
	if err != nil {
		return nil, err
	}
	if !checkTermToken(token, r, ver, c.now) {
		return nil, artifactError(http.StatusBadRequest, "ValidationException",
			"The termToken is not valid for this report version or has expired; call GetTermForReport and accept the terms again.",
			map[string]any{"reason": "invalidToken"})
	}
	return map[string]any{"documentPresignedUrl": documentURL(c, r, ver, "report")}, nil
}

func (s *Server) artListCustomerAgreements(c *call) (any, error) {
	var v validationError
	artPage(c, &v)
	if err := artifactValidation(&v); err != nil {
		return nil, err
	}
	return map[string]any{"customerAgreements": []any{}}, nil
}

// serveArtifactDocument serves a document of a presigned URL the sandbox
// issued, as S3 would: the PDF, or an XML AccessDenied error when the URL
// was not issued by this process or has expired.
func (s *Server) serveArtifactDocument(w http.ResponseWriter, r *http.Request) {
	deny := func(msg string) {
		writeXML(w, http.StatusForbidden, struct {
			XMLName xml.Name `xml:"Error"`
			Code    string   `xml:"Code"`
			Message string   `xml:"Message"`
		}{Code: "AccessDenied", Message: msg})
	}
	q := r.URL.Query()
	date, expires := q.Get("X-Amz-Date"), q.Get("X-Amz-Expires")
	if !hmac.Equal([]byte(q.Get("X-Amz-Signature")), []byte(artifactSign(r.URL.Path, date, expires))) {
		deny("The request signature we calculated does not match the signature you provided.")
		return
	}
	signed, err1 := time.Parse("20060102T150405Z", date)
	ttl, err2 := strconv.Atoi(expires)
	if err1 != nil || err2 != nil || time.Since(signed) > time.Duration(ttl)*time.Second {
		deny("Request has expired")
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, artifactDocPath), "/")
	if len(parts) != 3 {
		deny("Access Denied")
		return
	}
	report, ok := findReport(parts[0])
	n, _ := strconv.Atoi(parts[1])
	ver, vok := artifactVersion{}, false
	if ok {
		ver, vok = report.version(n)
	}
	if !vok || (parts[2] != "report.pdf" && parts[2] != "term.pdf") {
		deny("Access Denied")
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d-%s"`, report.id, ver.version, parts[2]))
	w.Write(report.document(ver, parts[2] == "term.pdf"))
}
