package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"html"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hdsctl/hdsctl/results"
)

// chromium is where Debian's chromium package puts the browser.
const chromium = "/usr/bin/chromium"

var screenshots = flag.String("screenshots", "", "folder to keep the Chromium screenshots in (default: a temporary folder)")

// browser runs headless Chromium on local files, with no network service
// of its own and a throw-away profile.
type browser struct {
	t       *testing.T
	profile string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: not starting Chromium")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s is absent (apt-get install chromium): not opening the HTML documents in a browser", chromium)
	}
	return &browser{t: t, profile: t.TempDir()}
}

// run runs Chromium with args and returns its stdout.
func (b *browser) run(args ...string) []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir=" + b.profile}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("chromium %v: %v\n%s", args, err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// measure opens the harness page, written into dir beside the page it
// frames, and decodes into v the JSON its script leaves in the title.
func (b *browser) measure(dir, harness string, v any) {
	b.t.Helper()
	path := filepath.Join(dir, "harness.html")
	if err := os.WriteFile(path, []byte(harness), 0o644); err != nil {
		b.t.Fatal(err)
	}
	dom := string(b.run("--allow-file-access-from-files", "--dump-dom", fileURL(path)))
	m := regexp.MustCompile(`<title>(\{.*?\})</title>`).FindStringSubmatch(dom)
	if m == nil {
		b.t.Fatalf("the harness did not report:\n%s", dom)
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), v); err != nil {
		b.t.Fatalf("%v: %s", err, m[1])
	}
}

func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// TestHTMLInChromium opens the HTML report, the Statement of Applicability
// and the guarantees page in headless Chromium. It proves that the markup
// planted in control texts stays inert (a script that would set the title
// does not run), that hdsctl's own script runs, that the pages ask the
// network for nothing, and it captures screenshots to look at.
func TestHTMLInChromium(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	shots := *screenshots
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	r := loadResults(t)
	docs := []struct {
		name      string
		write     func(io.Writer) error
		title     string
		scripted  bool
		mustHaves []string
	}{
		{"report.fr.html", func(w io.Writer) error { return HTML(w, r, "fr") }, "Rapport d'évaluation", true,
			[]string{`id="f-FAIL"`, `&lt;script&gt;document.title="pwned"&lt;/script&gt;`, `<svg class="chart"`}},
		{"soa.fr.html", func(w io.Writer) error { return NewSoA(r, loadApplicability(t), "fr").HTML(w) },
			"Déclaration d'applicabilité", false, []string{`État de mise en œuvre`, `Exemple Santé &lt;SAS&gt; &amp; Cie`}},
		{"guarantees.fr.html", func(w io.Writer) error { return GuaranteesHTML(w, loadActors(t, "actors-publish.yaml"), "fr") },
			"Présentation des garanties", false, []string{`&lt;script&gt;alert(1)&lt;/script&gt;`, `Tunisie (TN)`}},
	}
	for _, d := range docs {
		path := filepath.Join(dir, d.name)
		if err := os.WriteFile(path, render(t, d.write), 0o644); err != nil {
			t.Fatal(err)
		}
		netlog := filepath.Join(dir, d.name+".netlog.json")
		dom := string(b.run("--log-net-log="+netlog, "--dump-dom", fileURL(path)))
		checkNoPageRequest(t, d.name, netlog)
		title := regexp.MustCompile(`<title>(.*?)</title>`).FindStringSubmatch(dom)
		if title == nil || !strings.HasPrefix(title[1], d.title) || strings.Contains(dom, "pwned</title>") {
			t.Errorf("%s: title %q, want it to start with %q: a planted script ran or the page broke", d.name, title, d.title)
		}
		if got := strings.Contains(dom, `<html lang="fr" class="js">`) || strings.Contains(dom, `<html lang="en" class="js">`); got != d.scripted {
			t.Errorf("%s: hdsctl's script ran = %v, want %v", d.name, got, d.scripted)
		}
		for _, want := range d.mustHaves {
			if !strings.Contains(dom, want) {
				t.Errorf("%s: the DOM lacks %s", d.name, want)
			}
		}
		for _, bad := range []string{"<b>gras</b>", "<b>bold</b>", "<b>pro</b>", "<img "} {
			if strings.Contains(dom, bad) {
				t.Errorf("%s: planted markup %s became an element", d.name, bad)
			}
		}
		shot := filepath.Join(shots, strings.TrimSuffix(d.name, ".html")+".png")
		b.run("--screenshot="+shot, "--window-size=1280,2600", fileURL(path))
		if png, err := os.ReadFile(shot); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("%s: no screenshot at %s (%v)", d.name, shot, err)
		}
		t.Logf("screenshot of %s: %s", d.name, shot)
	}
}

// checkNoPageRequest fails when the net log shows a request that is not
// Chromium's own service traffic (update and account checks it makes
// whatever the page).
func checkNoPageRequest(t *testing.T, page, netlog string) {
	t.Helper()
	data, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatalf("no net log: %v", err)
	}
	own := regexp.MustCompile(`(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)$`)
	for _, m := range regexp.MustCompile(`"url":"([^"]+)"`).FindAllSubmatch(data, -1) {
		u, err := url.Parse(string(m[1]))
		if err != nil || u.Scheme == "file" || u.Scheme == "data" || own.MatchString(u.Hostname()) {
			continue
		}
		t.Errorf("%s made a request: %s", page, m[1])
	}
}

// TestStatusFilterWorksWithoutJavaScript opens the report in a frame whose
// scripts are off (sandbox without allow-scripts) and measures, from the
// parent page, which controls are rendered: all of them at first, only the
// failing ones once the "Fail" radio button is checked, the CSS alone doing
// the filtering.
func TestStatusFilterWorksWithoutJavaScript(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	r := loadResults(t)
	if err := os.WriteFile(filepath.Join(dir, "report.html"), render(t, func(w io.Writer) error { return HTML(w, r, "en") }), 0o644); err != nil {
		t.Fatal(err)
	}
	harness := `<!DOCTYPE html><html><head><title>harness</title></head><body>
<iframe id="f" sandbox="allow-same-origin" src="report.html" width="1200" height="900"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentDocument;
  function shown(sel) { var n = 0; d.querySelectorAll(sel).forEach(function (c) { if (c.offsetParent !== null) n++; }); return n; }
  var out = {title: d.title, script: d.documentElement.className, all: shown(".control"), total: d.querySelectorAll(".control").length};
  d.getElementById("f-FAIL").checked = true;
  out.fail = shown(".control"); out.failSets = shown(".set");
  document.title = JSON.stringify(out);
});
</script></body></html>`
	var got struct {
		Title, Script    string
		All, Total, Fail int
		FailSets         int `json:"failSets"`
	}
	b.measure(dir, harness, &got)
	failing := len(r.Failed())
	switch {
	case got.Script != "":
		t.Errorf("scripts ran in the sandboxed frame (html class %q)", got.Script)
	case got.Total != len(r.Controls) || got.All != got.Total:
		t.Errorf("without JavaScript %d of %d controls show, want all %d", got.All, got.Total, len(r.Controls))
	case got.Fail != failing:
		t.Errorf("with Fail checked %d controls show, want the %d failing ones", got.Fail, failing)
	case got.FailSets != 3:
		t.Errorf("with Fail checked %d sets show, want the 3 holding a failing control", got.FailSets)
	case strings.Contains(got.Title, "pwned"):
		t.Errorf("a planted script ran: title %q", got.Title)
	}
}

// TestReportFitsThePageWidth opens the report in a frame as wide as a small
// laptop screen, with findings on resources whose names have no space to
// break at, and checks that no element makes the page scroll sideways.
func TestReportFitsThePageWidth(t *testing.T) {
	b := newBrowser(t)
	dir := t.TempDir()
	r := loadResults(t)
	long := results.Finding{Status: results.Fail, Region: "eu-west-3", Account: "123456789012",
		Resource: "arn:aws:rds:eu-west-3:123456789012:cluster-snapshot:rds:medisante-prod-dossiers-patients-2026-12-03-00-00",
		Source:   "AWS_Config:RDS_SNAPSHOT_ENCRYPTED_WITH_CUSTOMER_MANAGED_KMS_KEY_IN_EVERY_REGION_OF_THE_ESTATE",
		Message:  "the snapshot is not encrypted"}
	for i := range r.Controls {
		if r.Controls[i].Status == results.Fail {
			r.Controls[i].Findings = append(r.Controls[i].Findings, long)
			break
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "report.html"), render(t, func(w io.Writer) error { return HTML(w, r, "fr") }), 0o644); err != nil {
		t.Fatal(err)
	}
	harness := `<!DOCTYPE html><html><head><title>harness</title></head><body style="margin:0">
<iframe id="f" src="report.html" width="1024" height="800" style="border:0"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentDocument, w = d.documentElement.clientWidth, wide = [];
  d.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > w + 1 && e.children.length === 0) wide.push(e.tagName + " " + e.textContent.slice(0, 60));
  });
  document.title = JSON.stringify({client: w, scroll: d.documentElement.scrollWidth, wide: wide.slice(0, 5)});
});
</script></body></html>`
	var got struct {
		Client, Scroll int
		Wide           []string
	}
	b.measure(dir, harness, &got)
	if got.Client == 0 || got.Scroll > got.Client {
		t.Errorf("the report is %d px wide in a %d px frame; too wide: %q", got.Scroll, got.Client, got.Wide)
	}
}
