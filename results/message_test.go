package results

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/framework"
)

func TestFindingsSpeakBothLanguages(t *testing.T) {
	var f Finding
	f.Say(Sayf("bucket %s is public", "le compartiment %s est public", "b1"))
	if got := f.MessageIn(framework.French); got != "le compartiment b1 est public" {
		t.Errorf("French message = %q", got)
	}
	if got := f.MessageIn(framework.English); got != "bucket b1 is public" {
		t.Errorf("English message = %q", got)
	}
	// A finding said in English only reads in English in a French report.
	english := Finding{Message: "annotation from AWS"}
	if got := english.MessageIn(framework.French); got != "annotation from AWS" {
		t.Errorf("French message of an English-only finding = %q", got)
	}
	b, err := json.Marshal(english)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "messageFr") {
		t.Errorf("an English-only finding encodes an empty French message: %s", b)
	}
}
