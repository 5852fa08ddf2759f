package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// stateVersion is the version of the state file format.
const stateVersion = 1

// state is everything the sandbox remembers, as it is saved to the state
// file. The server's mutex guards it.
type state struct {
	Version  int                      `json:"version"`
	Accounts map[string]*accountState `json:"accounts"`
	// Sessions maps the temporary access keys that AssumeRole issued to the
	// role session they belong to.
	Sessions map[string]session `json:"sessions,omitempty"`
	// Objects holds the S3 objects that conformance packs may name as
	// TemplateS3Uri, by s3:// URI.
	Objects map[string]string `json:"objects,omitempty"`
}

type session struct {
	Account        string    `json:"account"`
	RoleARN        string    `json:"roleArn"`
	AssumedRoleARN string    `json:"assumedRoleArn"`
	AssumedRoleID  string    `json:"assumedRoleId"`
	Expires        time.Time `json:"expires"`
}

type accountState struct {
	AuditManagerStatus string                  `json:"auditManagerStatus"`
	Regions            map[string]*regionState `json:"regions"`
	// IAM holds the account-wide IAM settings (iam.go).
	IAM *iamAccount `json:"iam,omitempty"`
	// Artifact holds the account's AWS Artifact settings (artifact.go).
	Artifact *artifactSettings `json:"artifact,omitempty"`
	// S3PublicAccessBlock is the account-level S3 Block Public Access
	// setting, nil when none is configured (s3control.go).
	S3PublicAccessBlock *PublicAccessBlock `json:"s3PublicAccessBlock,omitempty"`
}

type regionState struct {
	Seeded      bool                        `json:"seeded,omitempty"`
	Controls    map[string]*control         `json:"controls,omitempty"`
	Frameworks  map[string]*framework       `json:"frameworks,omitempty"`
	Assessments map[string]*assessment      `json:"assessments,omitempty"`
	Packs       map[string]*conformancePack `json:"conformancePacks,omitempty"`
	OrgPacks    map[string]*orgPack         `json:"organizationConformancePacks,omitempty"`

	// The AWS Config reads beyond conformance packs: standalone rules
	// (config_rules.go), the recorder (config_recorder.go), configuration
	// items by resource type and ID (config_items.go) and aggregators
	// (config_aggregators.go).
	ConfigRules map[string]*configRule `json:"configRules,omitempty"`
	Recorder    *recorder              `json:"recorder,omitempty"`
	Items       map[string]*configItem `json:"configurationItems,omitempty"`
	Aggregators map[string]*aggregator `json:"aggregators,omitempty"`
	// Hub is Security Hub in the Region, nil while it is not enabled
	// (securityhub.go).
	Hub *hub `json:"securityHub,omitempty"`
	// KMSKeys holds the KMS keys by key ID (kms.go).
	KMSKeys map[string]*kmsKey `json:"kmsKeys,omitempty"`
	// EC2 holds the EC2 settings and EBS snapshots (ec2.go).
	EC2 *ec2Region `json:"ec2,omitempty"`
}

func newState() *state {
	return &state{Version: stateVersion, Accounts: map[string]*accountState{}, Sessions: map[string]session{}, Objects: map[string]string{}}
}

// account returns the state of an account, creating it with the given Audit
// Manager status when it does not exist yet.
func (st *state) account(id string) *accountState {
	a, ok := st.Accounts[id]
	if !ok {
		a = &accountState{AuditManagerStatus: "ACTIVE", Regions: map[string]*regionState{}}
		st.Accounts[id] = a
	}
	if a.Regions == nil {
		a.Regions = map[string]*regionState{}
	}
	return a
}

// empty reports whether the state holds nothing but the accounts the
// options name: a state file never written, or one just reset.
func (st *state) empty() bool {
	if len(st.Sessions) > 0 || len(st.Objects) > 0 {
		return false
	}
	for _, a := range st.Accounts {
		if a.IAM != nil || a.Artifact != nil || a.S3PublicAccessBlock != nil {
			return false
		}
		for _, rs := range a.Regions {
			if !rs.empty() {
				return false
			}
		}
	}
	return true
}

// empty reports whether a Region holds nothing: reads create empty Regions.
func (rs *regionState) empty() bool {
	return !rs.Seeded && len(rs.Controls) == 0 && len(rs.Frameworks) == 0 && len(rs.Assessments) == 0 &&
		len(rs.Packs) == 0 && len(rs.OrgPacks) == 0 && len(rs.ConfigRules) == 0 && rs.Recorder == nil &&
		len(rs.Items) == 0 && len(rs.Aggregators) == 0 && rs.Hub == nil && len(rs.KMSKeys) == 0 && rs.EC2 == nil
}

// region returns the state of an account in a Region, creating it empty.
func (st *state) region(account, region string) *regionState {
	a := st.account(account)
	r, ok := a.Regions[region]
	if !ok {
		r = &regionState{}
		a.Regions[region] = r
	}
	if r.Controls == nil {
		r.Controls = map[string]*control{}
	}
	if r.Frameworks == nil {
		r.Frameworks = map[string]*framework{}
	}
	if r.Assessments == nil {
		r.Assessments = map[string]*assessment{}
	}
	if r.Packs == nil {
		r.Packs = map[string]*conformancePack{}
	}
	if r.OrgPacks == nil {
		r.OrgPacks = map[string]*orgPack{}
	}
	return r
}

// store keeps the state in a JSON file, written atomically after every
// change, and holds a lock on a sibling file so that two processes never
// share one state file.
type store struct {
	path string
	lock *os.File
}

// errStateLocked is the error New returns when another process holds the
// state file.
var errStateLocked = errors.New("state file is in use by another sandbox process")

func openStore(path string) (*store, *state, error) {
	lockPath := path + ".lock"
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, fmt.Errorf("creating the state folder %s: %w", dir, err)
		}
	}
	lock, err := lockFile(lockPath)
	if err != nil {
		return nil, nil, fmt.Errorf("locking %s: %w", lockPath, err)
	}
	st, err := loadState(path)
	if err != nil {
		unlockFile(lock)
		return nil, nil, err
	}
	return &store{path: path, lock: lock}, st, nil
}

func loadState(path string) (*state, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the state file: %w", err)
	}
	st := newState()
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("reading the state file %s: %w (delete it to start afresh)", path, err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("reading the state file %s: format version %d, this sandbox reads %d (delete it to start afresh)", path, st.Version, stateVersion)
	}
	if st.Accounts == nil {
		st.Accounts = map[string]*accountState{}
	}
	if st.Sessions == nil {
		st.Sessions = map[string]session{}
	}
	if st.Objects == nil {
		st.Objects = map[string]string{}
	}
	return st, nil
}

// save writes the state to a temporary file beside the state file, then
// renames it over the state file, so that a reader or a crash never sees half
// a file.
func (s *store) save(st *state) error {
	data, err := json.MarshalIndent(st, "", " ")
	if err != nil {
		return fmt.Errorf("encoding the state: %w", err)
	}
	dir, base := filepath.Split(s.path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, base+".tmp-*")
	if err != nil {
		return fmt.Errorf("saving the state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the state to %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the state to %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving the state to %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("saving the state: %w", err)
	}
	return nil
}

func (s *store) close() error {
	if s == nil {
		return nil
	}
	return unlockFile(s.lock)
}
