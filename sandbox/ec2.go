package sandbox

import (
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

const ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"

// ec2Region is the EC2 state of an account's Region.
type ec2Region struct {
	EBSEncryptionByDefault bool                    `json:"ebsEncryptionByDefault,omitempty"`
	Snapshots              map[string]*EBSSnapshot `json:"snapshots,omitempty"`
}

// EBSSnapshot is an EBS snapshot an account owns, as tests and the demo add
// it with PutEBSSnapshot.
type EBSSnapshot struct {
	ID          string    `json:"id"`
	VolumeID    string    `json:"volumeId"`
	SizeGiB     int       `json:"sizeGiB"`
	Encrypted   bool      `json:"encrypted"`
	KMSKeyID    string    `json:"kmsKeyId,omitempty"`
	Description string    `json:"description,omitempty"`
	Started     time.Time `json:"started"`
}

var ec2SnapshotIDRe = regexp.MustCompile(`^snap-[0-9a-f]{8,17}$`)

func (st *state) ec2(account, region string) *ec2Region {
	rs := st.region(account, region)
	if rs.EC2 == nil {
		rs.EC2 = &ec2Region{}
	}
	return rs.EC2
}

// SetEBSEncryptionByDefault sets whether new EBS volumes of an account's
// Region (empty account: Options.AccountID) are encrypted by default; a new
// AWS account has it off.
func (s *Server) SetEBSEncryptionByDefault(account, region string, enabled bool) error {
	if account == "" {
		account = s.opts.AccountID
	}
	return s.update(func(st *state) error {
		st.ec2(account, region).EBSEncryptionByDefault = enabled
		return nil
	})
}

// PutEBSSnapshot adds or replaces an EBS snapshot of an account's Region.
func (s *Server) PutEBSSnapshot(account, region string, snap EBSSnapshot) error {
	if account == "" {
		account = s.opts.AccountID
	}
	return s.update(func(st *state) error { return st.putEBSSnapshot(account, region, snap) })
}

func (st *state) putEBSSnapshot(account, region string, snap EBSSnapshot) error {
	if !ec2SnapshotIDRe.MatchString(snap.ID) {
		return fmt.Errorf("snapshot ID %q is not snap- and 8 to 17 hexadecimal digits", snap.ID)
	}
	if snap.Started.IsZero() {
		snap.Started = seedTime
	}
	e := st.ec2(account, region)
	if e.Snapshots == nil {
		e.Snapshots = map[string]*EBSSnapshot{}
	}
	e.Snapshots[snap.ID] = &snap
	return nil
}

func (s *Server) ec2Service() *service {
	return &service{
		name:  "ec2",
		proto: protoEC2,
		route: s.ec2Route,
		throttled: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "InternalError", "An internal error has occurred.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "Unavailable", "The server is overloaded and can't handle the request.")
		},
	}
}

func (s *Server) ec2Route(c *call) (string, handlerFunc, *apiError) {
	action := queryParams(c).Get("Action")
	switch action {
	case "DescribeRegions":
		return action, s.ec2DescribeRegions, nil
	case "GetEbsEncryptionByDefault":
		return action, s.ec2GetEbsEncryptionByDefault, nil
	case "DescribeSnapshots":
		return action, s.ec2DescribeSnapshots, nil
	}
	op := action
	if op == "" {
		op = "unknown"
	}
	return op, nil, errorf(http.StatusBadRequest, "InvalidAction", "The action %s is not valid for this web service (the sandbox emulates DescribeRegions, GetEbsEncryptionByDefault and DescribeSnapshots).", action)
}

// queryList reads a list parameter of the query protocol: Name.1, Name.2...
func queryList(p url.Values, name string) []string {
	var out []string
	for i := 1; p.Has(name + "." + strconv.Itoa(i)); i++ {
		out = append(out, p.Get(name+"."+strconv.Itoa(i)))
	}
	return out
}

// ec2Filters reads the Filter.N.Name and Filter.N.Value.M parameters and
// checks that every name is one the operation supports.
func ec2Filters(p url.Values, supported ...string) (map[string][]string, *apiError) {
	out := map[string][]string{}
	for i := 1; p.Has("Filter." + strconv.Itoa(i) + ".Name"); i++ {
		prefix := "Filter." + strconv.Itoa(i)
		name := p.Get(prefix + ".Name")
		if !slices.Contains(supported, name) {
			return nil, errorf(http.StatusBadRequest, "InvalidParameterValue", "The filter '%s' is invalid (the sandbox supports %s)", name, strings.Join(supported, ", "))
		}
		out[name] = append(out[name], queryList(p, prefix+".Value")...)
	}
	return out, nil
}

// matchFilter reports whether a value passes a filter; a missing filter
// passes everything. Values may end in * as a wildcard.
func matchFilter(filters map[string][]string, name, value string) bool {
	want, ok := filters[name]
	if !ok {
		return true
	}
	for _, w := range want {
		if w == value || (strings.HasSuffix(w, "*") && strings.HasPrefix(value, strings.TrimSuffix(w, "*"))) {
			return true
		}
	}
	return false
}

// optInStatus translates a Region's opt-in status (account.go) into EC2's
// words.
func optInStatus(status string) string {
	switch status {
	case regionEnabledByDefault:
		return "opt-in-not-required"
	case regionEnabled:
		return "opted-in"
	}
	return "not-opted-in"
}

func (s *Server) ec2DescribeRegions(c *call) (any, error) {
	p := queryParams(c)
	filters, err := ec2Filters(p, "endpoint", "opt-in-status", "region-name")
	if err != nil {
		return nil, err
	}
	names := queryList(p, "RegionName")
	for _, n := range names {
		if _, ok := s.regionStatus(n); !ok {
			return nil, errorf(http.StatusBadRequest, "InvalidParameterValue", "Invalid region: %s", n)
		}
	}
	all := p.Get("AllRegions") == "true"
	type region struct {
		Name     string `xml:"regionName"`
		Endpoint string `xml:"regionEndpoint"`
		OptIn    string `xml:"optInStatus"`
	}
	var list []region
	for _, r := range commercialRegions {
		status, _ := s.regionStatus(r.code)
		reg := region{r.code, "ec2." + r.code + ".amazonaws.com", optInStatus(status)}
		switch {
		case len(names) > 0 && !slices.Contains(names, r.code):
		case len(names) == 0 && !all && reg.OptIn == "not-opted-in":
		case !matchFilter(filters, "region-name", reg.Name) || !matchFilter(filters, "endpoint", reg.Endpoint) ||
			!matchFilter(filters, "opt-in-status", reg.OptIn):
		default:
			list = append(list, reg)
		}
	}
	return struct {
		XMLName   xml.Name `xml:"DescribeRegionsResponse"`
		Xmlns     string   `xml:"xmlns,attr"`
		RequestID string   `xml:"requestId"`
		Regions   []region `xml:"regionInfo>item"`
	}{Xmlns: ec2Namespace, RequestID: c.requestID, Regions: list}, nil
}

func (s *Server) ec2GetEbsEncryptionByDefault(c *call) (any, error) {
	enabled := false
	if rs, ok := c.st.account(c.account).Regions[c.region]; ok && rs.EC2 != nil {
		enabled = rs.EC2.EBSEncryptionByDefault
	}
	return struct {
		XMLName   xml.Name `xml:"GetEbsEncryptionByDefaultResponse"`
		Xmlns     string   `xml:"xmlns,attr"`
		RequestID string   `xml:"requestId"`
		Enabled   bool     `xml:"ebsEncryptionByDefault"`
		SSEType   string   `xml:"sseType"`
	}{Xmlns: ec2Namespace, RequestID: c.requestID, Enabled: enabled, SSEType: "sse-ebs"}, nil
}

func (s *Server) ec2DescribeSnapshots(c *call) (any, error) {
	p := queryParams(c)
	filters, err := ec2Filters(p, "encrypted", "owner-id", "snapshot-id", "status", "volume-id")
	if err != nil {
		return nil, err
	}
	ids, owners := queryList(p, "SnapshotId"), queryList(p, "Owner")
	limit := 1000
	if raw := p.Get("MaxResults"); raw != "" {
		n, convErr := strconv.Atoi(raw)
		switch {
		case len(ids) > 0:
			return nil, errorf(http.StatusBadRequest, "InvalidParameterCombination", "The parameter SnapshotIds cannot be used with the parameter MaxResults")
		case convErr != nil || n < 5 || n > 1000:
			return nil, errorf(http.StatusBadRequest, "InvalidParameterValue", "Value ( %s ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.", raw)
		}
		limit = n
	}
	var snaps []*EBSSnapshot
	if rs, ok := c.st.account(c.account).Regions[c.region]; ok && rs.EC2 != nil {
		for _, id := range slices.Sorted(maps.Keys(rs.EC2.Snapshots)) {
			snaps = append(snaps, rs.EC2.Snapshots[id])
		}
	}
	for _, id := range ids {
		if !slices.ContainsFunc(snaps, func(sn *EBSSnapshot) bool { return sn.ID == id }) {
			return nil, errorf(http.StatusBadRequest, "InvalidSnapshot.NotFound", "The snapshot '%s' does not exist.", id)
		}
	}
	ownedBySelf := len(owners) == 0 || slices.Contains(owners, "self") || slices.Contains(owners, c.account)
	var kept []*EBSSnapshot
	for _, sn := range snaps {
		switch {
		case !ownedBySelf:
		case len(ids) > 0 && !slices.Contains(ids, sn.ID):
		case !matchFilter(filters, "encrypted", strconv.FormatBool(sn.Encrypted)), !matchFilter(filters, "owner-id", c.account),
			!matchFilter(filters, "snapshot-id", sn.ID), !matchFilter(filters, "status", "completed"), !matchFilter(filters, "volume-id", sn.VolumeID):
		default:
			kept = append(kept, sn)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].ID < kept[j].ID })
	items, next, ok := page(kept, func(sn *EBSSnapshot) string { return sn.ID }, p.Get("NextToken"), limit)
	if !ok {
		return nil, errorf(http.StatusBadRequest, "InvalidParameterValue", "The token '%s' is invalid.", p.Get("NextToken"))
	}
	type snapshot struct {
		ID          string `xml:"snapshotId"`
		VolumeID    string `xml:"volumeId"`
		Status      string `xml:"status"`
		StartTime   string `xml:"startTime"`
		Progress    string `xml:"progress"`
		OwnerID     string `xml:"ownerId"`
		VolumeSize  int    `xml:"volumeSize"`
		Description string `xml:"description"`
		Encrypted   bool   `xml:"encrypted"`
		KMSKeyID    string `xml:"kmsKeyId,omitempty"`
		StorageTier string `xml:"storageTier"`
	}
	list := make([]snapshot, len(items))
	for i, sn := range items {
		list[i] = snapshot{sn.ID, sn.VolumeID, "completed", isoTime(sn.Started), "100%", c.account, sn.SizeGiB,
			sn.Description, sn.Encrypted, sn.KMSKeyID, "standard"}
	}
	return struct {
		XMLName   xml.Name   `xml:"DescribeSnapshotsResponse"`
		Xmlns     string     `xml:"xmlns,attr"`
		RequestID string     `xml:"requestId"`
		Snapshots []snapshot `xml:"snapshotSet>item"`
		NextToken string     `xml:"nextToken,omitempty"`
	}{Xmlns: ec2Namespace, RequestID: c.requestID, Snapshots: list, NextToken: next}, nil
}
