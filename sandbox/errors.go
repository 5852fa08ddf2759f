package sandbox

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// apiError is an error the sandbox answers to a client, in the wire format of
// the service that was called.
type apiError struct {
	Status  int
	Code    string
	Message string
	// Reason and Fields fill an Audit Manager ValidationException.
	Reason string
	Fields []fieldError
	// ResourceID and ResourceType fill an Audit Manager
	// ResourceNotFoundException.
	ResourceID   string
	ResourceType string
	// Body, when set, is the whole restJson1 error body, for the services
	// whose errors carry other members than Audit Manager's.
	Body map[string]any
}

// fieldError names one invalid field of a request.
type fieldError struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// fault reports whether the error is the server's fault, as the query
// protocol's Error/Type element says.
func (e *apiError) fault() bool { return e.Status >= 500 }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// validationError gathers the field problems of one request into the
// ValidationException AWS answers: every problem at once, in AWS's wording.
type validationError struct {
	fields []fieldError
}

func (v *validationError) add(name, format string, args ...any) {
	v.fields = append(v.fields, fieldError{Name: name, Message: fmt.Sprintf(format, args...)})
}

// err returns the ValidationException, or nil when no problem was found.
func (v *validationError) err() *apiError {
	if len(v.fields) == 0 {
		return nil
	}
	msgs := make([]string, len(v.fields))
	for i, f := range v.fields {
		msgs[i] = f.Message
	}
	noun := "errors"
	if len(v.fields) == 1 {
		noun = "error"
	}
	return &apiError{
		Status:  http.StatusBadRequest,
		Code:    "ValidationException",
		Message: fmt.Sprintf("%d validation %s detected: %s", len(v.fields), noun, strings.Join(msgs, "; ")),
		Reason:  "fieldValidationFailed",
		Fields:  v.fields,
	}
}

// writeRESTJSONError answers in the restJson1 protocol (Audit Manager): the
// error type in the X-Amzn-ErrorType header, the message in the body.
func writeRESTJSONError(w http.ResponseWriter, e *apiError) {
	if e.Body != nil {
		w.Header().Set("X-Amzn-ErrorType", e.Code)
		writeJSON(w, "application/json", e.Status, e.Body)
		return
	}
	body := map[string]any{"message": e.Message}
	if e.Code == "ValidationException" {
		reason := e.Reason
		if reason == "" {
			reason = "other"
		}
		body["reason"] = reason
		if len(e.Fields) > 0 {
			body["fields"] = e.Fields
		}
	}
	if e.Code == "ResourceNotFoundException" {
		body["resourceId"] = e.ResourceID
		body["resourceType"] = e.ResourceType
	}
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	writeJSON(w, "application/json", e.Status, body)
}

// writeAWSJSONError answers in the awsJson1_1 protocol (AWS Config): the
// error type in the body's __type member and, as AWS's JSON services also
// send it, in the X-Amzn-ErrorType header, which clients read first.
func writeAWSJSONError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	writeJSON(w, "application/x-amz-json-1.1", e.Status, map[string]string{"__type": e.Code, "message": e.Message})
}

// writeQueryError answers in the query protocol (STS, IAM): an XML
// ErrorResponse in the service's namespace.
func writeQueryError(w http.ResponseWriter, e *apiError, xmlns, requestID string) {
	typ := "Sender"
	if e.fault() {
		typ = "Receiver"
	}
	var resp struct {
		XMLName xml.Name `xml:"ErrorResponse"`
		Xmlns   string   `xml:"xmlns,attr"`
		Error   struct {
			Type    string `xml:"Type"`
			Code    string `xml:"Code"`
			Message string `xml:"Message"`
		} `xml:"Error"`
		RequestID string `xml:"RequestId"`
	}
	resp.Xmlns = xmlns
	resp.Error.Type, resp.Error.Code, resp.Error.Message = typ, e.Code, e.Message
	resp.RequestID = requestID
	writeXML(w, e.Status, resp)
}

// writeEC2Error answers in the EC2 query protocol: a Response holding a list
// of Errors.
func writeEC2Error(w http.ResponseWriter, e *apiError, requestID string) {
	type ec2Error struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	writeXML(w, e.Status, struct {
		XMLName   xml.Name   `xml:"Response"`
		Errors    []ec2Error `xml:"Errors>Error"`
		RequestID string     `xml:"RequestID"`
	}{Errors: []ec2Error{{e.Code, e.Message}}, RequestID: requestID})
}

// writeRESTXMLError answers in the restXml protocol of S3 Control: an
// ErrorResponse wrapping the Error.
func writeRESTXMLError(w http.ResponseWriter, e *apiError, requestID string) {
	var resp struct {
		XMLName xml.Name `xml:"ErrorResponse"`
		Error   struct {
			Code    string `xml:"Code"`
			Message string `xml:"Message"`
		} `xml:"Error"`
		RequestID string `xml:"RequestId"`
		HostID    string `xml:"HostId"`
	}
	resp.Error.Code, resp.Error.Message = e.Code, e.Message
	resp.RequestID, resp.HostID = requestID, "sandbox"
	writeXML(w, e.Status, resp)
}

// invalidToken is the Audit Manager answer to a pagination token it did not
// issue.
func invalidToken(name string) *apiError {
	var v validationError
	v.add(name, "Value at '%s' failed to satisfy constraint: the pagination token is not valid", name)
	return v.err()
}

// badRequest is a ValidationException without fields.
func badRequest(format string, args ...any) *apiError {
	e := errorf(http.StatusBadRequest, "ValidationException", format, args...)
	e.Reason = "other"
	return e
}
