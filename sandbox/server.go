package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultAccountID is the account every access key belongs to unless
// Options says otherwise.
const DefaultAccountID = "123456789012"

// DefaultRPS is AWS Audit Manager's published request rate quota: 20
// requests per second per account, across its API (Audit Manager quotas,
// docs.aws.amazon.com/audit-manager/latest/userguide/service-quotas.html, as
// the project's reference notes record them).
const DefaultRPS = 20

// DefaultConfigRPS is the request rate the sandbox allows per account on the
// AWS Config API. AWS throttles each Config operation at its own rate, most
// of them more generously than Audit Manager; the sandbox keeps one bucket
// per account for the whole Config API.
const DefaultConfigRPS = 50

// DefaultConformancePackDelay is how long an emulated conformance pack stays
// CREATE_IN_PROGRESS (or DELETE_IN_PROGRESS) before it completes.
const DefaultConformancePackDelay = 2 * time.Second

// maxBody bounds the request bodies the sandbox reads.
const maxBody = 8 << 20

// Options configures a Server. The zero value is a usable in-memory sandbox
// for one account.
type Options struct {
	// Addr is the address Start and ListenAndServe listen on; empty means
	// 127.0.0.1 on a free port.
	Addr string
	// StatePath is the JSON file the state is kept in; empty keeps the state
	// in memory only.
	StatePath string
	// RPS is the Audit Manager request rate allowed per account: 0 means
	// DefaultRPS, a negative value means no limit.
	RPS float64
	// Burst is the size of the Audit Manager token bucket: 0 means RPS
	// rounded up.
	Burst int
	// ConfigRPS and ConfigBurst are the same for the AWS Config API; 0 means
	// DefaultConfigRPS and twice that.
	ConfigRPS   float64
	ConfigBurst int
	// Latency is added to every request, plus a random duration up to Jitter.
	Latency time.Duration
	Jitter  time.Duration
	// FaultRate is the fraction of requests answered with a random fault: an
	// HTTP 500 or 503 error, or a dropped connection, before or after the
	// request took effect.
	FaultRate float64
	// Seed seeds the random choices of latency jitter and faults; 0 picks a
	// random seed. Resource IDs are always random.
	Seed int64
	// AccountID is the account of every access key not listed in Accounts;
	// empty means DefaultAccountID. It is also the management account of the
	// emulated AWS Organization.
	AccountID string
	// AccountStatus is the Audit Manager status of AccountID at start:
	// ACTIVE (the default) or INACTIVE, an account that never registered.
	AccountStatus string
	// Accounts are further accounts, the member accounts of the
	// organization, each reached with its own access keys.
	Accounts []Account
	// ConformancePackDelay is how long conformance packs stay in progress:
	// 0 means DefaultConformancePackDelay, a negative value none.
	ConformancePackDelay time.Duration
	// ConfigLimits overrides AWS Config's published limits; zero fields keep
	// the defaults of DefaultConfigLimits.
	ConfigLimits ConfigLimits
	// OptInRegions are the opt-in Regions (those AWS launched after March
	// 2019, such as eu-south-1) that every account of the sandbox has
	// enabled. Like a new AWS account, the sandbox enables none by default:
	// the Account Management API reports them DISABLED and AWS Config
	// refuses calls there.
	OptInRegions []string
	// AccountName and AccountEmail name the management account in AWS
	// Organizations; empty makes them up from its ID.
	AccountName, AccountEmail string
	// Demo seeds the demo organization of demo.go into an empty state, at
	// start and on Reset. Without Accounts, it adds the demo's two member
	// accounts (DemoAccounts).
	Demo bool
	// Logger receives the sandbox's log; nil discards it.
	Logger *slog.Logger
}

// Account is an extra AWS account of the sandbox, a member of the
// organization whose management account is Options.AccountID.
type Account struct {
	// ID is the 12-digit account ID.
	ID string
	// AccessKeyIDs are the access keys that sign as this account.
	AccessKeyIDs []string
	// AuditManagerStatus is ACTIVE (the default) or INACTIVE.
	AuditManagerStatus string
	// Name and Email are the account's name and email address in AWS
	// Organizations; empty makes them up from the ID.
	Name, Email string
}

// Server is a running sandbox. Its methods are safe for concurrent use.
type Server struct {
	opts     Options
	log      *slog.Logger
	keys     map[string]string // access key -> account
	accounts []string          // every account, the management account first
	services map[string]*service
	limits   ConfigLimits

	mu    sync.Mutex // guards st, and serializes the handling of requests
	st    *state
	store *store

	rngMu sync.Mutex
	rng   *rand.Rand

	stats statsRecorder

	srvMu   sync.Mutex
	httpSrv *http.Server
	closed  bool
}

var accountIDRe = regexp.MustCompile(`^[0-9]{12}$`)

// New returns a sandbox configured by opts, with its state loaded from
// opts.StatePath when that file exists. It fails when another process holds
// the state file.
func New(opts Options) (*Server, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	s := &Server{
		opts:   opts,
		log:    opts.Logger,
		keys:   map[string]string{},
		limits: opts.ConfigLimits.withDefaults(),
	}
	seed := opts.Seed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	s.rng = rand.New(rand.NewPCG(uint64(seed), uint64(seed)>>1|1))
	s.accounts = append(s.accounts, opts.AccountID)
	for _, a := range opts.Accounts {
		s.accounts = append(s.accounts, a.ID)
		for _, k := range a.AccessKeyIDs {
			s.keys[k] = a.ID
		}
	}

	if opts.StatePath != "" {
		store, st, err := openStore(opts.StatePath)
		if err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		s.store, s.st = store, st
	} else {
		s.st = newState()
	}
	s.applyAccountOptions()
	s.services = map[string]*service{
		"auditmanager":  s.auditManagerService(),
		"config":        s.configService(),
		"sts":           s.stsService(),
		"account":       s.accountService(),
		"securityhub":   s.securityHubService(),
		"artifact":      s.artifactService(),
		"iam":           s.iamService(),
		"kms":           s.kmsService(),
		"ec2":           s.ec2Service(),
		"organizations": s.organizationsService(),
		"s3":            s.s3Service(),
		"cloudtrail":    s.cloudTrailService(),
	}
	if opts.Demo && s.st.empty() {
		seedDemo(s, s.st, time.Now())
	}
	if err := s.save(); err != nil {
		s.store.close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	return s, nil
}

func (o *Options) setDefaults() error {
	if o.AccountID == "" {
		o.AccountID = DefaultAccountID
	}
	if o.Demo && len(o.Accounts) == 0 {
		o.Accounts = DemoAccounts()
	}
	if !accountIDRe.MatchString(o.AccountID) {
		return fmt.Errorf("account ID %q is not 12 digits", o.AccountID)
	}
	seen := map[string]bool{o.AccountID: true}
	for _, a := range o.Accounts {
		if !accountIDRe.MatchString(a.ID) {
			return fmt.Errorf("account ID %q is not 12 digits", a.ID)
		}
		if seen[a.ID] {
			return fmt.Errorf("account %s is configured twice", a.ID)
		}
		seen[a.ID] = true
		if err := checkAccountStatus(a.AuditManagerStatus); err != nil {
			return err
		}
	}
	if err := checkAccountStatus(o.AccountStatus); err != nil {
		return err
	}
	if o.RPS == 0 {
		o.RPS = DefaultRPS
	}
	if o.Burst <= 0 {
		o.Burst = max(1, int(math.Ceil(o.RPS)))
	}
	if o.ConfigRPS == 0 {
		o.ConfigRPS = DefaultConfigRPS
	}
	if o.ConfigBurst <= 0 {
		o.ConfigBurst = max(1, int(math.Ceil(2*o.ConfigRPS)))
	}
	if o.ConformancePackDelay == 0 {
		o.ConformancePackDelay = DefaultConformancePackDelay
	}
	for _, r := range o.OptInRegions {
		if !slices.ContainsFunc(commercialRegions, func(c commercialRegion) bool { return c.code == r && c.optIn }) {
			return fmt.Errorf("%q is not an opt-in Region of the aws partition", r)
		}
	}
	if o.FaultRate < 0 || o.FaultRate > 1 {
		return fmt.Errorf("fault rate %v is not between 0 and 1", o.FaultRate)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

func checkAccountStatus(status string) error {
	switch status {
	case "", "ACTIVE", "INACTIVE", "PENDING_ACTIVATION":
		return nil
	}
	return fmt.Errorf("account status %q is not ACTIVE, INACTIVE or PENDING_ACTIVATION", status)
}

// applyAccountOptions creates the configured accounts in the state and sets
// the Audit Manager statuses that Options names.
func (s *Server) applyAccountOptions() {
	set := func(id, status string) {
		a := s.st.account(id)
		if status != "" {
			a.AuditManagerStatus = status
		}
	}
	set(s.opts.AccountID, s.opts.AccountStatus)
	for _, a := range s.opts.Accounts {
		set(a.ID, a.AuditManagerStatus)
	}
}

// Handler returns the HTTP handler that serves the emulated APIs and the
// debug endpoints under /_sandbox/.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Serve answers requests on ln until Close is called.
func (s *Server) Serve(ln net.Listener) error {
	srv, err := s.newHTTPServer()
	if err != nil {
		ln.Close()
		return err
	}
	return s.serve(srv, ln)
}

// newHTTPServer registers the HTTP server that Close shuts down.
func (s *Server) newHTTPServer() (*http.Server, error) {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)}
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("sandbox: %w", http.ErrServerClosed)
	}
	if s.httpSrv != nil {
		return nil, errors.New("sandbox: already serving")
	}
	s.httpSrv = srv
	return srv, nil
}

func (s *Server) serve(srv *http.Server, ln net.Listener) error {
	s.log.Info("sandbox serving", "addr", ln.Addr().String(), "state", s.opts.StatePath)
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on Options.Addr and answers requests until Close is
// called.
func (s *Server) ListenAndServe() error {
	ln, err := net.Listen("tcp", s.addr())
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	return s.Serve(ln)
}

// Start listens on Options.Addr, serves in the background and returns the
// URL to give clients as their endpoint, such as http://127.0.0.1:4566.
func (s *Server) Start() (string, error) {
	ln, err := net.Listen("tcp", s.addr())
	if err != nil {
		return "", fmt.Errorf("sandbox: %w", err)
	}
	srv, err := s.newHTTPServer()
	if err != nil {
		ln.Close()
		return "", err
	}
	go func() {
		if err := s.serve(srv, ln); err != nil {
			s.log.Error("sandbox stopped serving", "err", err)
		}
	}()
	return "http://" + ln.Addr().String(), nil
}

func (s *Server) addr() string {
	if s.opts.Addr == "" {
		return "127.0.0.1:0"
	}
	return s.opts.Addr
}

// Close stops serving, saves the state and releases the state file.
func (s *Server) Close() error {
	s.srvMu.Lock()
	if s.closed {
		s.srvMu.Unlock()
		return nil
	}
	s.closed = true
	srv := s.httpSrv
	s.srvMu.Unlock()

	var errs []error
	if srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := srv.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("sandbox: stopping the server: %w", err))
		}
		cancel()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.saveLocked(); err != nil {
		errs = append(errs, fmt.Errorf("sandbox: %w", err))
	}
	if s.store != nil {
		if err := s.store.close(); err != nil {
			errs = append(errs, fmt.Errorf("sandbox: releasing the state file: %w", err))
		}
	}
	return errors.Join(errs...)
}

// Stats returns the request counters since start or the last Reset or
// ResetStats.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// ResetStats sets the request counters to zero and keeps everything else,
// so that a test can count the calls of one step.
func (s *Server) ResetStats() { s.stats.reset() }

// Reset forgets every resource, session and counter, as if the sandbox had
// just started on an empty state file.
func (s *Server) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = newState()
	s.applyAccountOptions()
	if s.opts.Demo {
		seedDemo(s, s.st, time.Now())
	}
	s.stats.reset()
	for _, svc := range s.services {
		if svc.limiter != nil {
			svc.limiter.reset()
		}
	}
	return s.saveLocked()
}

// SetAccountStatus sets the Audit Manager status of an account: ACTIVE, or
// INACTIVE to emulate an account that never registered (every Audit Manager
// call but GetAccountStatus is then denied).
func (s *Server) SetAccountStatus(account, status string) error {
	if status == "" {
		return fmt.Errorf("sandbox: empty account status")
	}
	if err := checkAccountStatus(status); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.account(account).AuditManagerStatus = status
	return s.saveLocked()
}

// update applies a change to the state with the lock held, and saves the
// state when the change succeeded.
func (s *Server) update(change func(st *state) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := change(s.st); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	return s.saveLocked()
}

func (s *Server) save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveLocked()
}

func (s *Server) saveLocked() error {
	if s.store == nil {
		return nil
	}
	return s.store.save(s.st)
}

// randFloat returns a pseudo-random number in [0, 1).
func (s *Server) randFloat() float64 {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.Float64()
}

func (s *Server) randIntN(n int) int {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.IntN(n)
}

// delay sleeps for the configured latency and jitter, or until ctx ends.
func (s *Server) delay(ctx context.Context) {
	d := s.opts.Latency
	if s.opts.Jitter > 0 {
		d += time.Duration(s.randFloat() * float64(s.opts.Jitter))
	}
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// readBody reads a request body, up to maxBody bytes.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBody {
		return nil, fmt.Errorf("request body larger than %d bytes", maxBody)
	}
	return data, nil
}

// guessProtocol tells, for a request the sandbox cannot route, which wire
// format to answer in.
func guessProtocol(r *http.Request) protocol {
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		return protoAWSJSON
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		return protoQuery
	default:
		return protoRESTJSON
	}
}
