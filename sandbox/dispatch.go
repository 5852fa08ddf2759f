package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
)

// protocol is an AWS wire protocol.
type protocol int

const (
	protoRESTJSON protocol = iota // restJson1: Audit Manager, Security Hub, AWS Artifact
	protoAWSJSON                  // awsJson1_1: AWS Config, KMS, Organizations
	protoQuery                    // query: STS, IAM
	protoEC2                      // ec2Query: EC2
	protoRESTXML                  // restXml: S3 Control
)

// service is one emulated AWS service.
type service struct {
	name  string
	proto protocol
	// xmlns is the XML namespace of the service's query-protocol answers.
	xmlns   string
	limiter *limiter
	// route resolves the operation a request calls and its handler.
	route func(c *call) (op string, h handlerFunc, err *apiError)
	// check, when set, runs before throttling, for what AWS rejects before
	// the service sees the request (an unsupported Region).
	check func(c *call) *apiError
	// throttled, internal and unavailable are the service's own wording of
	// a throttling error, an HTTP 500 and an HTTP 503.
	throttled   func() *apiError
	internal    func() *apiError
	unavailable func() *apiError
}

// handlerFunc serves one operation. It runs with the server's mutex held and
// sets c.mutated when it changed the state. A returned error that is not an
// *apiError is answered as an internal error.
type handlerFunc func(c *call) (any, error)

// call is one request being served.
type call struct {
	r         *http.Request
	body      []byte
	cred      credential
	account   string
	region    string
	now       time.Time
	requestID string
	// params holds the values of the route's {placeholders}.
	params map[string]string
	// st is the server's state, set while the handler runs.
	st      *state
	mutated bool
}

// faultKind is a fault the sandbox injects.
type faultKind int

const (
	noFault faultKind = iota
	faultInternal
	faultUnavailable
	faultDropBefore // the connection drops before the request takes effect
	faultDropAfter  // the request takes effect, then the connection drops
)

func (s *Server) pickFault() faultKind {
	if s.opts.FaultRate <= 0 || s.randFloat() >= s.opts.FaultRate {
		return noFault
	}
	return faultKind(1 + s.randIntN(4))
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sandbox/") {
		s.serveDebug(w, r)
		return
	}
	s.delay(r.Context())
	reqID := newUUID()
	w.Header().Set("X-Amzn-RequestId", reqID)

	svc, c, err := s.identify(r, reqID)
	if err != nil {
		if svc == nil {
			svc = &service{proto: guessProtocol(r)}
		}
		svc.writeError(w, err, reqID)
		return
	}
	s.serveCall(w, svc, c)
}

// identify reads who calls which service: the SigV4 credential, the
// account of its access key, and the body. A request it cannot serve is
// counted and answered with the returned error.
func (s *Server) identify(r *http.Request, reqID string) (*service, *call, *apiError) {
	cred, ok := parseCredential(r)
	if !ok {
		s.stats.record("unsigned", outcomeError)
		return nil, nil, missingAuthentication(guessProtocol(r))
	}
	svc, ok := s.services[cred.Service]
	if !ok {
		s.stats.record(cred.Service+".unknown", outcomeError)
		return nil, nil, errorf(http.StatusNotFound, "UnknownService",
			"the sandbox does not emulate the %q service; route that service elsewhere with AWS_ENDPOINT_URL_<SERVICE>", cred.Service)
	}
	body, err := readBody(r)
	if err != nil {
		s.stats.record(svc.name+".unreadable", outcomeError)
		return svc, nil, errorf(http.StatusBadRequest, "SerializationException", "reading the request: %v", err)
	}
	c := &call{r: r, body: body, cred: cred, region: cred.Region, now: time.Now(), requestID: reqID}
	var expired bool
	c.account, expired = s.accountFor(cred.AccessKey, c.now)
	if expired {
		s.stats.record(svc.name+".expired", outcomeError)
		return svc, nil, expiredToken(svc.proto)
	}
	return svc, c, nil
}

// serveCall routes a request to its operation and answers it, unless the
// Region is not served, the account's bucket is empty or a fault is due.
func (s *Server) serveCall(w http.ResponseWriter, svc *service, c *call) {
	reqID := c.requestID
	op, h, aerr := svc.route(c)
	name := svc.name + "." + op
	if aerr == nil && svc.check != nil {
		aerr = svc.check(c)
	}
	if aerr != nil {
		s.finish(c, name, outcomeError, aerr.Code)
		svc.writeError(w, aerr, reqID)
		return
	}
	if svc.limiter != nil && !svc.limiter.allow(c.account, c.now) {
		s.finish(c, name, outcomeThrottled, "throttled")
		svc.writeError(w, svc.throttled(), reqID)
		return
	}

	fault := s.pickFault()
	switch fault {
	case faultInternal:
		s.finish(c, name, outcomeFaulted, "injected HTTP 500")
		svc.writeError(w, svc.internal(), reqID)
		return
	case faultUnavailable:
		s.finish(c, name, outcomeFaulted, "injected HTTP 503")
		svc.writeError(w, svc.unavailable(), reqID)
		return
	case faultDropBefore:
		s.finish(c, name, outcomeFaulted, "injected dropped connection, before the request took effect")
		panic(http.ErrAbortHandler)
	}

	result, err := s.run(c, h)
	if fault == faultDropAfter {
		s.finish(c, name, outcomeFaulted, "injected dropped connection, after the request took effect")
		panic(http.ErrAbortHandler)
	}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			s.log.Error("sandbox internal error", "op", name, "err", err)
			ae = svc.internal()
		}
		s.finish(c, name, outcomeError, ae.Code)
		svc.writeError(w, ae, reqID)
		return
	}
	s.finish(c, name, outcomeOK, "ok")
	svc.writeResult(w, result, reqID)
}

// finish counts a request and logs it at debug level.
func (s *Server) finish(c *call, op string, o outcome, result string) {
	s.stats.record(op, o)
	s.log.Debug("sandbox request", "op", op, "account", c.account, "region", c.region, "result", result)
}

// run calls the handler with the state locked, and saves the state when the
// handler changed it.
func (s *Server) run(c *call, h handlerFunc) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.st = s.st
	result, err := h(c)
	if c.mutated {
		if serr := s.saveLocked(); serr != nil {
			s.log.Error("sandbox could not save its state", "err", serr)
			return nil, serr
		}
	}
	return result, err
}

// writeError answers an error in the service's wire protocol.
func (svc *service) writeError(w http.ResponseWriter, e *apiError, reqID string) {
	switch svc.proto {
	case protoAWSJSON:
		writeAWSJSONError(w, e)
	case protoQuery:
		ns := svc.xmlns
		if ns == "" {
			ns = stsNamespace
		}
		writeQueryError(w, e, ns, reqID)
	case protoEC2:
		writeEC2Error(w, e, reqID)
	case protoRESTXML:
		writeRESTXMLError(w, e, reqID)
	default:
		writeRESTJSONError(w, e)
	}
}

// writeResult answers a handler's result in the service's wire protocol. A
// result of type rawBody is written as it is.
func (svc *service) writeResult(w http.ResponseWriter, v any, reqID string) {
	if raw, ok := v.(rawBody); ok {
		w.Header().Set("Content-Type", raw.contentType)
		w.WriteHeader(http.StatusOK)
		w.Write(raw.data)
		return
	}
	if v == nil {
		v = struct{}{}
	}
	switch svc.proto {
	case protoAWSJSON:
		writeJSON(w, "application/x-amz-json-1.1", http.StatusOK, v)
	case protoQuery, protoEC2, protoRESTXML:
		writeXML(w, http.StatusOK, v)
	default:
		writeJSON(w, "application/json", http.StatusOK, v)
	}
}

// rawBody is a handler result written without encoding.
type rawBody struct {
	contentType string
	data        []byte
}

// missingAuthentication is AWS's answer to an unsigned request.
func missingAuthentication(proto protocol) *apiError {
	switch proto {
	case protoAWSJSON:
		return errorf(http.StatusBadRequest, "MissingAuthenticationTokenException", "Missing Authentication Token")
	case protoQuery, protoEC2:
		return errorf(http.StatusForbidden, "MissingAuthenticationToken", "Request is missing Authentication Token")
	case protoRESTXML:
		return errorf(http.StatusForbidden, "AccessDenied", "Anonymous users cannot invoke this API. Please authenticate.")
	default:
		return errorf(http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token")
	}
}

// serveDebug answers the sandbox's own endpoints:
//
//	GET  /_sandbox/stats           the request counters (Stats) as JSON
//	POST /_sandbox/reset           forget everything (Reset)
//	POST /_sandbox/compliance      set a Config evaluation (an Evaluation as JSON)
//	POST /_sandbox/account-status  {"account": "...", "status": "INACTIVE"}
//	GET  /_sandbox/artifact/...    the documents of AWS Artifact's presigned URLs
func (s *Server) serveDebug(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, artifactDocPath) && r.Method == http.MethodGet {
		s.serveArtifactDocument(w, r)
		return
	}
	fail := func(status int, err error) {
		writeJSON(w, "application/json", status, map[string]string{"error": err.Error()})
	}
	route := r.Method + " " + strings.TrimSuffix(r.URL.Path, "/")
	switch route {
	case "GET /_sandbox/stats":
		writeJSON(w, "application/json", http.StatusOK, s.Stats())
	case "POST /_sandbox/reset":
		if err := s.Reset(); err != nil {
			fail(http.StatusInternalServerError, err)
			return
		}
		writeJSON(w, "application/json", http.StatusOK, map[string]bool{"reset": true})
	case "POST /_sandbox/compliance":
		var ev Evaluation
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		if err := s.SetEvaluation(ev); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		writeJSON(w, "application/json", http.StatusOK, ev)
	case "POST /_sandbox/account-status":
		var req struct{ Account, Status string }
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		if err := s.SetAccountStatus(req.Account, req.Status); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		writeJSON(w, "application/json", http.StatusOK, req)
	default:
		fail(http.StatusNotFound, errors.New("unknown sandbox endpoint; try GET /_sandbox/stats, POST /_sandbox/reset, POST /_sandbox/compliance or POST /_sandbox/account-status"))
	}
}
