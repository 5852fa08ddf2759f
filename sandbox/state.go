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
}

type regionState struct {
	Seeded      bool                        `json:"seeded,omitempty"`
	Controls    map[string]*control         `json:"controls,omitempty"`
	Frameworks  map[string]*framework       `json:"frameworks,omitempty"`
	Assessments map[string]*assessment      `json:"assessments,omitempty"`
	Packs       map[string]*conformancePack `json:"conformancePacks,omitempty"`
	OrgPacks    map[string]*orgPack         `json:"organizationConformancePacks,omitempty"`
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
