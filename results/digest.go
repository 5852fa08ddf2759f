package results

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
)

// DefaultPassDetail is how many PASS findings of one source, account and
// Region the results of hdsctl assess list one by one. An estate of
// thousands of compliant resources would otherwise give as many findings
// per control, and an assessment's memory would grow with the estate.
const DefaultPassDetail = 100

// Digest gathers the findings of one keyword as a collector hands them over
// and keeps them within bounded memory: every FAIL, ERROR, MANUAL and
// NOT_APPLICABLE finding, and the PASS findings one by one up to a limit
// per source, account and Region. Beyond the limit, the PASS findings of
// that source, account and Region are summed up in one PASS finding whose
// Count says how many resources passed and whose message says of which
// kinds. A control's status does not change: a summed-up PASS passes as
// the findings it replaces did.
//
// The zero value is not usable; see NewDigest. A Digest is not safe for
// concurrent use.
type Digest struct {
	limit int
	seq   int
	kept  []sequenced
	pass  map[passKey]*passGroup
}

// sequenced is a finding and its rank among those added.
type sequenced struct {
	seq int
	f   Finding
}

type passKey struct{ source, account, region string }

// passGroup is the PASS findings of one source, account and Region.
type passGroup struct {
	first int // rank of the first
	count int
	items []sequenced // nil once summed up
	kinds map[string]int
}

// NewDigest returns a Digest that lists up to limit PASS findings per
// source, account and Region; a negative limit lists every finding.
func NewDigest(limit int) *Digest {
	return &Digest{limit: limit, pass: map[passKey]*passGroup{}}
}

// Add adds findings, in the order they come. A finding that already sums
// others up (Count > 0) is kept as it is.
func (d *Digest) Add(findings ...Finding) {
	for _, f := range findings {
		d.seq++
		if f.Status != Pass || f.Count > 0 || d.limit < 0 {
			d.kept = append(d.kept, sequenced{d.seq, f})
			continue
		}
		k := passKey{f.Source, f.Account, f.Region}
		g := d.pass[k]
		if g == nil {
			g = &passGroup{first: d.seq, kinds: map[string]int{}}
			d.pass[k] = g
		}
		g.count++
		g.kinds[kindOf(f.Resource)]++
		if g.items == nil && g.count > 1 {
			continue // summed up already
		}
		g.items = append(g.items, sequenced{d.seq, f})
		if len(g.items) > d.limit {
			g.items = nil
		}
	}
}

// Findings returns the findings added, in the order they came; the PASS
// findings of a source, account and Region that went over the limit are
// replaced, where the first of them was, by one finding that sums them up.
func (d *Digest) Findings() []Finding {
	out := slices.Clone(d.kept)
	for k, g := range d.pass {
		if g.items != nil {
			out = append(out, g.items...)
			continue
		}
		out = append(out, sequenced{g.first, summary(k, g, d.limit)})
	}
	slices.SortFunc(out, func(a, b sequenced) int { return cmp.Compare(a.seq, b.seq) })
	findings := make([]Finding, len(out))
	for i, s := range out {
		findings[i] = s.f
	}
	return findings
}

// summary is the finding that sums up the PASS findings of one group.
func summary(k passKey, g *passGroup, limit int) Finding {
	kinds := slices.SortedFunc(maps.Keys(g.kinds), func(a, b string) int {
		return cmp.Or(cmp.Compare(g.kinds[b], g.kinds[a]), cmp.Compare(a, b))
	})
	en := make([]string, len(kinds))
	fr := make([]string, len(kinds))
	for i, kind := range kinds {
		n := g.kinds[kind]
		en[i] = fmt.Sprintf("%d %s", n, kind)
		fr[i] = en[i]
		if kind == unknownKind {
			fr[i] = fmt.Sprintf("%d ressources", n)
		}
	}
	resource := k.source
	if k.account != "" {
		resource = "AWS::::Account:" + k.account
	}
	where := framework.Text{EN: "in this account and Region", FR: "dans ce compte et cette Région"}
	if k.region == "" {
		where = framework.Text{EN: "in this account", FR: "dans ce compte"}
	}
	f := Finding{
		Resource: resource,
		Account:  k.account,
		Region:   k.region,
		Status:   Pass,
		Source:   k.source,
		Count:    g.count,
	}
	f.Say(framework.Text{
		EN: fmt.Sprintf("%d resources pass %s (%s); the results list passing resources one by one "+
			"up to %d per source, account and Region, and every resource that fails",
			g.count, where.EN, strings.Join(en, ", "), limit),
		FR: fmt.Sprintf("%d ressources sont conformes %s (%s) ; les résultats détaillent une à une "+
			"les ressources conformes jusqu'à %d par source, compte et Région, ainsi que toutes "+
			"les ressources non conformes",
			g.count, where.FR, strings.Join(fr, ", "), limit),
	})
	return f
}

// unknownKind is the kind of a resource whose name says none.
const unknownKind = "resources"

// kindOf names the kind of a resource for a summary: the service and
// resource type of an ARN (ec2 volume), or the CloudFormation type of a
// type:id name (AWS::EC2::Volume).
func kindOf(resource string) string {
	if rest, ok := strings.CutPrefix(resource, "arn:"); ok {
		parts := strings.SplitN(rest, ":", 5)
		if len(parts) < 5 {
			return unknownKind
		}
		service, res := parts[1], parts[4]
		if i := strings.IndexAny(res, "/:"); i > 0 {
			return service + " " + res[:i]
		}
		return service
	}
	if i := strings.LastIndex(resource, ":"); i > 0 {
		return resource[:i]
	}
	return unknownKind
}

// PassCount returns how many passing resources findings stand for: one per
// PASS finding, or its Count when it sums others up.
func PassCount(findings []Finding) int {
	n := 0
	for _, f := range findings {
		if f.Status == Pass {
			n += max(1, f.Count)
		}
	}
	return n
}
