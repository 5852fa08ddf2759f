// Package deploy turns a framework into AWS objects and keeps them converged:
// it computes a plan (create, update, delete, no-op for every object), applies
// it under the service's rate limits, and destroys what it deployed.
//
// It needs no state file. Every object hdsctl creates carries ownership and
// content tags; the plan is the difference between what the framework wants
// (Target.Desired) and what the tags say hdsctl owns (Target.Current). So a
// run interrupted at any point converges on the next one, nothing is created
// twice, and nothing hdsctl did not create is ever touched.
//
// One Target per AWS service (deploy/auditmanager, deploy/conformance)
// adapts this engine to its API; AWS SDK types stay inside the adapters.
//
// MakePlan and DestroyPlan compute a Plan, Apply carries it out. Retrying
// lives in one wrapper around the Target (retry.go): throttling, server
// errors and dropped connections are retried with jittered backoff, and a
// create whose answer was lost is looked up (Finder) before it is tried
// again. Pacing lives in one HTTP client that an adapter gives all its SDK
// clients (PacedClient), sharing one adaptive Limiter per account and API.
package deploy

import (
	"cmp"
	"context"
	"slices"

	"github.com/hdsctl/hdsctl/framework"
)

// Kind names a kind of deployed object.
type Kind string

// Resource is one AWS object the framework wants to exist.
type Resource struct {
	Kind Kind
	// Key identifies the object across runs in hdsctl's terms (a control ID,
	// a framework ID, a pack name). Kind, Region and Key together are unique.
	Key    string
	Name   string
	Region string
	// Hash is a digest of the content hdsctl deploys. It is recorded on the
	// object (in a tag), so that the next plan knows whether it changed.
	Hash string
	// Phase orders the work: lower phases are created and updated first and
	// deleted last (controls before the framework that lists them).
	Phase int
	// Spec is the target's own description of the content to deploy.
	Spec any
}

// Existing is an object hdsctl owns, as found in AWS.
type Existing struct {
	Kind   Kind
	Key    string
	Name   string
	Region string
	Phase  int
	// ID is the object's AWS identifier: a UUID, an ARN or a name.
	ID string
	// Hash is the content hash hdsctl recorded when it last wrote the object.
	Hash string
	// Drifted reports that the object's content no longer matches Hash: it
	// was changed outside hdsctl, in the console for instance.
	Drifted bool
	// ContentHash is the hash of the object's content as read from AWS, when
	// the target computes it. When it equals the desired hash while Hash
	// does not, a run was interrupted between writing the content and
	// recording its hash; the update then only records it.
	ContentHash string
	// InUse reports that another object hdsctl owns refers to this one (the
	// framework lists the control). Of duplicates, Diff keeps one in use.
	InUse bool
	// Adopt reports an object hdsctl did not create but is told to take over
	// (from the Node.js sample's output file). Diff plans an update that tags
	// it as hdsctl's.
	Adopt bool
}

// Action is what a change does.
type Action string

// The actions of a plan.
const (
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
	Noop   Action = "noop"
)

// Change is one step of a plan.
type Change struct {
	Action Action
	Kind   Kind
	Key    string
	Name   string
	Region string
	Phase  int
	// ID is the AWS identifier of the existing object (update, delete, noop).
	ID string
	// Reason says why the change is needed, for people reading the plan.
	Reason string
	// Desired is what to deploy (create, update).
	Desired *Resource
	// Adopt reports that the update takes over an object hdsctl did not
	// create: the target records ownership before changing the content.
	Adopt bool
}

// Note tells the user about part of a framework a target leaves out, and why.
type Note struct {
	// Key is the object concerned (a control ID), if any.
	Key     string
	Message string
}

// Plan is the set of changes that converges AWS to a framework.
type Plan struct {
	Target    string
	Framework string
	Changes   []Change
	Notes     []Note
}

// Summary counts the changes of a plan by action.
type Summary struct {
	Create int `json:"create"`
	Update int `json:"update"`
	Delete int `json:"delete"`
	Noop   int `json:"noop"`
}

// Summary counts the plan's changes by action.
func (p *Plan) Summary() Summary {
	var s Summary
	for _, c := range p.Changes {
		switch c.Action {
		case Create:
			s.Create++
		case Update:
			s.Update++
		case Delete:
			s.Delete++
		case Noop:
			s.Noop++
		}
	}
	return s
}

// Empty reports whether applying the plan would change nothing.
func (p *Plan) Empty() bool {
	s := p.Summary()
	return s.Create+s.Update+s.Delete == 0
}

// IDs resolves objects created or found earlier in a run to their AWS
// identifiers, so that an object can refer to others (a framework lists the
// IDs of its controls).
type IDs interface {
	Lookup(kind Kind, region, key string) (id string, ok bool)
}

// Target adapts the engine to one AWS service.
//
// Contract:
//   - Desired makes no AWS call; the same framework always gives the same
//     resources and hashes.
//   - Preflight and Current only read. Current returns every object hdsctl
//     owns for the framework, recognised by its ownership tags, including
//     duplicates left by an interrupted run (the same key twice), and never
//     an object hdsctl did not create (unless told to adopt it, see
//     Existing.Adopt).
//   - Apply carries out one change and returns the object's AWS identifier.
//     A create tags the object in the same call as it creates it, so that no
//     object ever exists untagged. Deleting an object already gone succeeds.
//     Updates and deletes may be applied again after any failure with the
//     same outcome; a create may not (see Finder).
//   - No write is retried inside the target: throttling, server and
//     connection errors of a write come back to the engine, which paces and
//     retries (see Classify), looking up a create whose answer was lost
//     (see Finder). A target may retry each of its reads on its own, since
//     reads are idempotent: a plan of hundreds of reads that started over at
//     every failure would never end under a few percent of failing calls.
//     Errors that are not worth retrying (access denied, invalid request)
//     are returned as they are, wrapped with what was being done.
//   - Methods may be called concurrently, each call on a different change.
type Target interface {
	// Name is the target's name: auditmanager, config.
	Name() string
	Preflight(ctx context.Context) error
	Desired(fw *framework.Framework) ([]Resource, []Note, error)
	Current(ctx context.Context, fw *framework.Framework) ([]Existing, error)
	Apply(ctx context.Context, ch Change, ids IDs) (id string, err error)
}

// Finder is implemented by targets whose creates are not idempotent (AWS
// offers no client token). When a create fails in a way that leaves unknown
// whether AWS carried it out (a connection dropped after the request was
// sent, a server error), the engine calls Find before trying again, and
// counts the create as done when Find reports the object. Find only reads.
type Finder interface {
	Find(ctx context.Context, ch Change) (id string, found bool, err error)
}

// DeepScanner is implemented by targets whose Current looks only where
// hdsctl's objects normally are, to keep plans cheap. DestroyPlan calls
// CurrentAll instead, which also checks the ownership tags of every object
// of the kinds the target deploys, so that destroy leaves nothing behind.
type DeepScanner interface {
	CurrentAll(ctx context.Context, fw *framework.Framework) ([]Existing, error)
}

// Diff compares what a framework wants with what hdsctl owns and returns the
// changes that converge them, ordered by phase, then region, kind and key.
//
// An owned object whose key is wanted twice (a duplicate left by an
// interrupted create) is kept once: a copy in use by another owned object
// first, then one whose recorded hash matches, else the first by ID; the
// others are deleted.
func Diff(desired []Resource, current []Existing) []Change {
	type ident struct {
		kind        Kind
		region, key string
	}
	want := make(map[ident]*Resource, len(desired))
	for i := range desired {
		r := &desired[i]
		want[ident{r.Kind, r.Region, r.Key}] = r
	}
	have := map[ident][]Existing{}
	for _, e := range current {
		id := ident{e.Kind, e.Region, e.Key}
		have[id] = append(have[id], e)
	}

	var changes []Change
	add := func(ch Change) { changes = append(changes, ch) }
	for id, copies := range have {
		slices.SortFunc(copies, func(a, b Existing) int { return cmp.Compare(a.ID, b.ID) })
		r := want[id]
		keep := 0
		if r != nil {
			keep = keeper(copies, r.Hash)
		}
		for i, e := range copies {
			switch {
			case r == nil:
				add(existingChange(Delete, e, "no longer in the framework"))
			case i != keep:
				add(existingChange(Delete, e, "duplicate left by an interrupted run"))
			case e.Adopt:
				ch := desiredChange(Update, r, e.ID, "adopted: created by the Node.js sample, taken over by hdsctl")
				ch.Adopt = true
				add(ch)
			case e.Drifted && e.ContentHash != "" && e.ContentHash == r.Hash:
				add(desiredChange(Update, r, e.ID, "content hash not recorded (an earlier run was interrupted)"))
			case e.Drifted:
				add(desiredChange(Update, r, e.ID, "changed outside hdsctl"))
			case e.Hash != r.Hash:
				add(desiredChange(Update, r, e.ID, "changed in the framework"))
			default:
				add(desiredChange(Noop, r, e.ID, ""))
			}
		}
	}
	for id, r := range want {
		if len(have[id]) == 0 {
			add(desiredChange(Create, r, "", "not deployed"))
		}
	}
	slices.SortFunc(changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Phase, b.Phase), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Key, b.Key), cmp.Compare(a.ID, b.ID))
	})
	return changes
}

// keeper returns the index of the copy to keep among copies of one key,
// sorted by ID: the first in use, with the hash wanted and not drifted
// counting next.
func keeper(copies []Existing, hash string) int {
	best, bestScore := 0, -1
	for i, e := range copies {
		score := 0
		if e.InUse {
			score += 2
		}
		if e.Hash == hash && !e.Drifted {
			score++
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

func existingChange(a Action, e Existing, reason string) Change {
	return Change{Action: a, Kind: e.Kind, Key: e.Key, Name: e.Name, Region: e.Region, Phase: e.Phase,
		ID: e.ID, Reason: reason}
}

func desiredChange(a Action, r *Resource, id, reason string) Change {
	return Change{Action: a, Kind: r.Kind, Key: r.Key, Name: r.Name, Region: r.Region, Phase: r.Phase,
		ID: id, Reason: reason, Desired: r}
}
