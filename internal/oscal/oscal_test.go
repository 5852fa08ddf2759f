package oscal

import (
	"regexp"
	"testing"
	"time"
)

func TestTokenMakesNCNames(t *testing.T) {
	for in, want := range map[string]string{
		"HDS-EXI-28":     "HDS-EXI-28",
		"ISO-A.8.15":     "ISO-A.8.15",
		"1st control":    "_1st_control",
		"ANS PPHD/sec":   "ANS_PPHD_sec",
		"":               "_",
		"-x":             "_-x",
		"Contrôle é":     "Contrôle_é",
		"EXI 05 – A (b)": "EXI_05___A__b_",
	} {
		if got := Token(in); got != want {
			t.Errorf("Token(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUUIDIsVersion5AndStable(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := UUID("catalog", "hds-v2"), UUID("catalog", "hds-v2")
	if !re.MatchString(a) || a != b {
		t.Errorf("UUID gave %s then %s; want one stable version 5 UUID", a, b)
	}
	if UUID("catalog", "hds-v2") == UUID("catalog-hds", "v2") {
		t.Error("parts are not kept apart")
	}
}

func TestTimestampIsRFC3339InUTC(t *testing.T) {
	at := time.Date(2026, 11, 30, 10, 15, 42, 123456789, time.FixedZone("CET", 3600))
	if got := Timestamp(at); got != "2026-11-30T09:15:42Z" {
		t.Errorf("Timestamp = %s", got)
	}
}

func TestLineKeepsNonBreakingSpaces(t *testing.T) {
	if got := Line("État\u00a0: *ok*\n<b>x</b>"); got != "État\u00a0: \\*ok\\* \\<b\\>x\\</b\\>" {
		t.Errorf("Line = %q", got)
	}
}
