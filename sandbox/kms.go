package sandbox

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// KMSKey is an AWS KMS key of an account's Region, as tests and the demo
// add it with PutKMSKey.
type KMSKey struct {
	// ID is the key ID, a UUID.
	ID          string
	Description string
	// Manager is CUSTOMER (the default) or AWS.
	Manager string
	// Spec is the key spec; empty means SYMMETRIC_DEFAULT.
	Spec string
	// State is the key state; empty means Enabled.
	State string
	// Origin is AWS_KMS (the default), EXTERNAL, AWS_CLOUDHSM or
	// EXTERNAL_KEY_STORE.
	Origin          string
	RotationEnabled bool
	// Aliases are the key's alias names, such as alias/hds-data.
	Aliases []string
	Created time.Time
}

// kmsKey is a stored KMS key.
type kmsKey struct {
	KMSKey
}

func (k KMSKey) withDefaults() KMSKey {
	if k.Manager == "" {
		k.Manager = "CUSTOMER"
	}
	if k.Spec == "" {
		k.Spec = "SYMMETRIC_DEFAULT"
	}
	if k.State == "" {
		k.State = "Enabled"
	}
	if k.Origin == "" {
		k.Origin = "AWS_KMS"
	}
	if k.Created.IsZero() {
		k.Created = seedTime
	}
	return k
}

// PutKMSKey adds or replaces a KMS key of an account's Region (empty
// account: Options.AccountID).
func (s *Server) PutKMSKey(account, region string, k KMSKey) error {
	if account == "" {
		account = s.opts.AccountID
	}
	return s.update(func(st *state) error { return st.putKMSKey(account, region, k) })
}

func (st *state) putKMSKey(account, region string, k KMSKey) error {
	if region == "" || !amUUIDRe.MatchString(k.ID) {
		return fmt.Errorf("a KMS key needs a Region and a lower-case UUID as ID (got %q)", k.ID)
	}
	rs := st.region(account, region)
	if rs.KMSKeys == nil {
		rs.KMSKeys = map[string]*kmsKey{}
	}
	rs.KMSKeys[k.ID] = &kmsKey{k.withDefaults()}
	return nil
}

func (s *Server) kmsService() *service {
	return &service{
		name:  "kms",
		proto: protoAWSJSON,
		route: s.kmsRoute,
		throttled: func() *apiError {
			return errorf(http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
		},
		internal: func() *apiError {
			return errorf(http.StatusInternalServerError, "KMSInternalException", "The request processing has failed because of an unknown error, exception or failure.")
		},
		unavailable: func() *apiError {
			return errorf(http.StatusServiceUnavailable, "DependencyTimeoutException", "The system timed out while trying to fulfill the request.")
		},
	}
}

func (s *Server) kmsRoute(c *call) (string, handlerFunc, *apiError) {
	return jsonTargetRoute(c, "TrentService.", "AWS KMS", map[string]handlerFunc{
		"ListKeys":             s.kmsListKeys,
		"DescribeKey":          s.kmsDescribeKey,
		"GetKeyRotationStatus": s.kmsGetKeyRotationStatus,
	})
}

// jsonTargetRoute routes an awsJson1_1 request by its X-Amz-Target.
func jsonTargetRoute(c *call, prefix, service string, ops map[string]handlerFunc) (string, handlerFunc, *apiError) {
	target := c.r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, prefix)
	if !ok || c.r.Method != http.MethodPost {
		return "unknown", nil, errorf(http.StatusBadRequest, "UnknownOperationException", "The sandbox does not know the %s target %q.", service, target)
	}
	h, ok := ops[op]
	if !ok {
		return op, nil, errorf(http.StatusBadRequest, "UnknownOperationException", "The sandbox does not emulate the %s operation %s.", service, op)
	}
	return op, h, nil
}

func (s *Server) kmsListKeys(c *call) (any, error) {
	var req struct {
		Limit  *int    `json:"Limit"`
		Marker *string `json:"Marker"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	var v validationError
	limit := 100
	if req.Limit != nil && v.intRange("limit", *req.Limit, 1, 1000) {
		limit = *req.Limit
	}
	v.str("marker", req.Marker, 1, 1024, nil, "")
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	rs := c.st.region(c.account, c.region)
	ids := slices.Sorted(maps.Keys(rs.KMSKeys))
	items, next, ok := page(ids, func(id string) string { return id }, deref(req.Marker), limit)
	if !ok {
		return nil, cfgError("InvalidMarkerException", "The marker that specifies where pagination should next begin is not valid.")
	}
	keys := make([]map[string]string, len(items))
	for i, id := range items {
		keys[i] = map[string]string{"KeyId": id, "KeyArn": kmsARN(c, id)}
	}
	out := map[string]any{"Keys": keys, "Truncated": next != ""}
	if next != "" {
		out["NextMarker"] = next
	}
	return out, nil
}

func kmsARN(c *call, id string) string {
	return "arn:aws:kms:" + c.region + ":" + c.account + ":key/" + id
}

// requestedKey reads a request that names a key by its KeyId, and finds the
// key.
func requestedKey(c *call) (*kmsKey, *apiError) {
	var req struct {
		KeyID *string `json:"KeyId"`
	}
	if err := cfgDecode(c, &req); err != nil {
		return nil, err
	}
	return findKey(c, req.KeyID)
}

// findKey resolves a KeyId parameter: a key ID, a key ARN, an alias name or
// an alias ARN of the caller's Region.
func findKey(c *call, keyID *string) (*kmsKey, *apiError) {
	var v validationError
	v.reqStr("keyId", keyID, 1, 2048, nil, "")
	if err := cfgValidation(&v); err != nil {
		return nil, err
	}
	id := *keyID
	notFound := cfgError("NotFoundException", "Key '%s' does not exist", id)
	if strings.HasPrefix(id, "arn:") {
		parts := strings.SplitN(id, ":", 6)
		if len(parts) != 6 || parts[2] != "kms" {
			return nil, cfgError("InvalidArnException", "Invalid arn %s", id)
		}
		if parts[3] != c.region || parts[4] != c.account {
			return nil, notFound
		}
		id = parts[5]
		if rest, ok := strings.CutPrefix(id, "key/"); ok {
			id = rest
		}
	}
	rs := c.st.region(c.account, c.region)
	if k, ok := rs.KMSKeys[id]; ok {
		return k, nil
	}
	if strings.HasPrefix(id, "alias/") {
		for _, k := range rs.KMSKeys {
			if slices.Contains(k.Aliases, id) {
				return k, nil
			}
		}
		return nil, cfgError("NotFoundException", "Alias %s is not found.", "arn:aws:kms:"+c.region+":"+c.account+":"+id)
	}
	return nil, notFound
}

func (s *Server) kmsDescribeKey(c *call) (any, error) {
	k, err := requestedKey(c)
	if err != nil {
		return nil, err
	}
	m := map[string]any{
		"AWSAccountId":          c.account,
		"KeyId":                 k.ID,
		"Arn":                   kmsARN(c, k.ID),
		"CreationDate":          epoch(k.Created),
		"Enabled":               k.State == "Enabled",
		"Description":           k.Description,
		"KeyUsage":              "ENCRYPT_DECRYPT",
		"KeyState":              k.State,
		"Origin":                k.Origin,
		"KeyManager":            k.Manager,
		"CustomerMasterKeySpec": k.Spec,
		"KeySpec":               k.Spec,
		"EncryptionAlgorithms":  []string{"SYMMETRIC_DEFAULT"},
		"MultiRegion":           false,
	}
	if k.Origin == "EXTERNAL" {
		m["ExpirationModel"] = "KEY_MATERIAL_DOES_NOT_EXPIRE"
	}
	if k.State == "PendingDeletion" {
		m["DeletionDate"] = epoch(time.Now().Add(7 * 24 * time.Hour).Truncate(24 * time.Hour))
		m["PendingDeletionWindowInDays"] = 7
	}
	return map[string]any{"KeyMetadata": m}, nil
}

func (s *Server) kmsGetKeyRotationStatus(c *call) (any, error) {
	k, err := requestedKey(c)
	if err != nil {
		return nil, err
	}
	arn := kmsARN(c, k.ID)
	switch {
	case k.Spec != "SYMMETRIC_DEFAULT" || k.Origin != "AWS_KMS":
		return nil, cfgError("UnsupportedOperationException", "%s key %s can't rotate automatically; only symmetric keys whose material AWS KMS generated do.", k.Spec, arn)
	case k.State == "PendingDeletion" || k.State == "PendingImport" || k.State == "Unavailable":
		return nil, cfgError("KMSInvalidStateException", "%s is %s.", arn, strings.ToLower(k.State[:1])+k.State[1:])
	}
	out := map[string]any{"KeyId": arn, "KeyRotationEnabled": k.RotationEnabled || k.Manager == "AWS"}
	if k.RotationEnabled || k.Manager == "AWS" {
		period := 365
		out["RotationPeriodInDays"] = period
		next := k.Created
		for !next.After(c.now) {
			next = next.AddDate(0, 0, period)
		}
		out["NextRotationDate"] = epoch(next)
	}
	return out, nil
}
