package sandbox

// This file holds what the three wire protocols share: timestamps and the
// writing of JSON and XML bodies.

import (
	"encoding/json"
	"encoding/xml"
	"math"
	"net/http"
	"strconv"
	"time"
)

// epoch is a time that JSON renders as Audit Manager and AWS Config do:
// seconds since the Unix epoch, as a number.
type epoch time.Time

func (e epoch) MarshalJSON() ([]byte, error) {
	ms := time.Time(e).UnixMilli()
	return []byte(strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)), nil
}

func (e *epoch) UnmarshalJSON(data []byte) error {
	f, err := strconv.ParseFloat(string(data), 64)
	if err != nil {
		return err
	}
	*e = epoch(time.UnixMilli(int64(math.Round(f * 1000))).UTC())
	return nil
}

func (e epoch) time() time.Time { return time.Time(e) }

func writeJSON(w http.ResponseWriter, contentType string, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"message":"sandbox: encoding the response failed"}`)
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(data)
}

func writeXML(w http.ResponseWriter, status int, v any) {
	data, err := xml.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>`)
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	w.Write([]byte(xml.Header))
	w.Write(data)
}
