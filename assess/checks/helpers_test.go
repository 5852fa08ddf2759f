package checks

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/results"
)

const account = "111122223333"

// paris is where the hand-built resources live unless a test says otherwise.
var paris = inventory.Location{Account: account, Region: "eu-west-3"}

func at(region string) inventory.Location {
	return inventory.Location{Account: account, Region: region}
}

// estate returns an inventory of one account, read in Paris and
// us-east-1 with every fact, holding nothing yet.
func estate() *inventory.Inventory {
	return &inventory.Inventory{Accounts: []inventory.Account{{
		ID:                  account,
		Regions:             []string{"eu-west-3", "us-east-1"},
		Facts:               slices.Clone(inventory.Facts),
		S3PublicAccessBlock: &inventory.PublicAccessBlock{},
		IAM:                 &inventory.IAMSettings{},
	}}}
}

// errDenied is the error of the hand-built gaps.
var errDenied = errors.New("AccessDenied: not allowed")

// gap returns a gap of the hand-built account.
func gap(region, resource string, facts ...inventory.Fact) inventory.Gap {
	return inventory.Gap{
		Location:  at(region),
		Resource:  resource,
		Facts:     facts,
		Service:   "svc",
		Operation: "Op",
		Err:       errDenied,
	}
}

// verdicts returns "STATUS resource" for each finding, in order.
func verdicts(findings []results.Finding) []string {
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = fmt.Sprintf("%s %s", f.Status, f.Resource)
	}
	return out
}

// run runs the named check and compares its verdicts with want, in any
// order.
func run(t *testing.T, name string, inv *inventory.Inventory, want ...string) []results.Finding {
	t.Helper()
	c, ok := Lookup(name)
	if !ok {
		t.Fatalf("no check %q", name)
	}
	findings := c.Run(inv)
	for _, f := range findings {
		wantFrench(t, f)
	}
	got := verdicts(findings)
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s verdicts:\ngot  %s\nwant %s\nmessages:\n%s", name,
			strings.Join(got, "\n     "), strings.Join(want, "\n     "), messages(findings))
	}
	return findings
}

func messages(findings []results.Finding) string {
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&b, "  %s %s: %s\n    %s\n", f.Status, f.Resource, f.Message, f.MessageFR)
	}
	return b.String()
}

// findingOn returns the finding on resource.
func findingOn(t *testing.T, findings []results.Finding, resource string) results.Finding {
	t.Helper()
	for _, f := range findings {
		if f.Resource == resource {
			return f
		}
	}
	t.Fatalf("no finding on %s in:\n%s", resource, messages(findings))
	return results.Finding{}
}

// messageOf returns the message of the finding on resource.
func messageOf(t *testing.T, findings []results.Finding, resource string) string {
	t.Helper()
	return findingOn(t, findings, resource).Message
}

// wantMessages fails unless the finding on resource says en in English and
// fr in French.
func wantMessages(t *testing.T, findings []results.Finding, resource, en, fr string) {
	t.Helper()
	f := findingOn(t, findings, resource)
	if f.Message != en {
		t.Errorf("message on %s:\ngot  %q\nwant %q", resource, f.Message, en)
	}
	if f.MessageFR != fr {
		t.Errorf("French message on %s:\ngot  %q\nwant %q", resource, f.MessageFR, fr)
	}
}

// englishWords are common English words that no French sentence holds.
var englishWords = []string{"the", "an", "is", "are", "and", "not", "it", "its", "of", "to", "in", "no",
	"with", "has", "was", "could", "for", "or"}

// wantFrench fails unless f has a French message that is a French sentence
// throughout: it starts with a capital, holds no common English word
// outside the names, commands and AWS errors it quotes, and puts a space
// before every colon and semicolon. It also fails on a badly formatted
// message in either language.
func wantFrench(t *testing.T, f results.Finding) {
	t.Helper()
	fr := strings.ReplaceAll(f.MessageFR, errDenied.Error(), "")
	first, _ := utf8.DecodeRuneInString(fr)
	if fr == "" || f.MessageFR == f.Message || !unicode.IsUpper(first) {
		t.Errorf("%s %s has no French message: %q", f.Status, f.Resource, f.MessageFR)
		return
	}
	// say is no printf wrapper go vet knows: a verb without its argument
	// shows here.
	if strings.Contains(f.Message+f.MessageFR, "%!") {
		t.Errorf("%s %s: a message is badly formatted:\n%s\n%s", f.Status, f.Resource, f.Message, f.MessageFR)
	}
	for _, field := range strings.Fields(fr) {
		// Names, ARNs, Regions and command options hold dashes, colons,
		// dots and the like; words do not, once their punctuation is off.
		if strings.ContainsAny(strings.Trim(field, ".,;:()"), "-_:/=.{") {
			continue
		}
		for _, word := range strings.FieldsFunc(field, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if slices.Contains(englishWords, word) {
				t.Errorf("%s %s: French message holds the English word %q: %q", f.Status, f.Resource, word,
					f.MessageFR)
			}
		}
	}
	for i := 1; i < len(fr)-1; i++ {
		if (fr[i] == ':' || fr[i] == ';') && fr[i-1] != ' ' && fr[i+1] == ' ' {
			t.Errorf("%s %s: French message has no space before %q at %d: %q", f.Status, f.Resource, fr[i], i,
				f.MessageFR)
		}
	}
}

// wantIn fails unless message contains every part.
func wantIn(t *testing.T, message string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(message, p) {
			t.Errorf("message %q does not say %q", message, p)
		}
	}
}

const accountID = "AWS::::Account:" + account
