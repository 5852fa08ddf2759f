package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/golden"
	"github.com/hdsctl/hdsctl/results"
)

// checkGolden compares got with testdata/<name>.golden, or rewrites it with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), got)
}

func loadResults(t *testing.T) *results.Results {
	t.Helper()
	r, err := results.ReadFile("testdata/results.json")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func loadApplicability(t *testing.T) *Applicability {
	t.Helper()
	a, err := LoadApplicability("testdata/applicability.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func loadActors(t *testing.T, name string) *Service {
	t.Helper()
	s, err := LoadActors(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func render(t *testing.T, write func(io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoldenReports(t *testing.T) {
	r := loadResults(t)
	a := loadApplicability(t)
	for _, tt := range []struct {
		name   string
		format Format
		opts   Options
	}{
		{"report.fr.html", FormatHTML, Options{Lang: "fr"}},
		{"report.en.html", FormatHTML, Options{Lang: "en"}},
		{"report.fr.md", FormatMarkdown, Options{Lang: "fr"}},
		{"report.en.md", FormatMarkdown, Options{Lang: "en"}},
		{"report.fr.csv", FormatCSV, Options{Lang: "fr"}},
		{"report.en.csv", FormatCSV, Options{Lang: "en"}},
		{"report.fr.oscal.json", FormatOSCAL, Options{Lang: "fr"}},
		{"report.en.oscal.json", FormatOSCAL, Options{Lang: "en"}},
		{"soa.fr.html", FormatSoA, Options{Applicability: a}},
		{"soa.en.html", FormatSoA, Options{Lang: "en", Applicability: a}},
		{"soa.fr.csv", FormatSoA, Options{Applicability: a, SoAFormat: SoACSV}},
		{"soa.noapplicability.fr.csv", FormatSoA, Options{SoAFormat: SoACSV}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkGolden(t, tt.name, render(t, func(w io.Writer) error { return Write(w, r, tt.format, tt.opts) }))
		})
	}
	t.Run("soa.fr.xlsx", func(t *testing.T) {
		data := render(t, func(w io.Writer) error {
			return Write(w, r, FormatSoA, Options{Applicability: a, SoAFormat: SoAXLSX})
		})
		checkGolden(t, "soa.fr.xlsx", dumpZip(t, data))
	})
}

func TestGoldenGuarantees(t *testing.T) {
	for _, tt := range []struct {
		file string
		want EXI31Case
	}{
		{"actors-snc.yaml", EXI31SecNumCloud},
		{"actors-no-transfer.yaml", EXI31NoTransfer},
		{"actors-publish.yaml", EXI31Publish},
	} {
		s := loadActors(t, tt.file)
		if got := s.EXI31Case(); got != tt.want {
			t.Errorf("%s: EXI 31 case = %d, want %d", tt.file, got, tt.want)
		}
		base := strings.TrimSuffix(tt.file, ".yaml")
		for _, lang := range []string{"fr", "en"} {
			checkGolden(t, base+"."+lang+".md", render(t, func(w io.Writer) error { return GuaranteesMarkdown(w, s, lang) }))
			checkGolden(t, base+"."+lang+".html", render(t, func(w io.Writer) error { return GuaranteesHTML(w, s, lang) }))
		}
	}
}

// TestGuaranteesStateTheMandatedWording checks that each page carries the
// wording EXI 31 mandates for its case, word for word, and no other.
func TestGuaranteesStateTheMandatedWording(t *testing.T) {
	for _, tt := range []struct {
		file        string
		want, avoid []string
	}{
		{"actors-snc.yaml", []string{StatementSecNumCloud}, []string{StatementNoTransfer}},
		{"actors-no-transfer.yaml", []string{StatementNoTransfer}, []string{StatementSecNumCloud}},
		{"actors-publish.yaml", nil, []string{StatementSecNumCloud, StatementNoTransfer}},
	} {
		s := loadActors(t, tt.file)
		for _, lang := range []string{"fr", "en"} {
			page := string(render(t, func(w io.Writer) error { return GuaranteesMarkdown(w, s, lang) }))
			for _, w := range tt.want {
				if !strings.Contains(page, "«\u00a0"+w+"\u00a0»") {
					t.Errorf("%s (%s) lacks « %s »", tt.file, lang, w)
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(page, a) {
					t.Errorf("%s (%s) states %q, which its case does not allow", tt.file, lang, a)
				}
			}
		}
	}
}

func TestExampleActorsFileIsValid(t *testing.T) {
	s, err := LoadActors("../examples/actors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// AWS is subject to United States law (EXI 30): the page publishes the
	// chapter 8 information rather than a statement.
	if got := s.EXI31Case(); got != EXI31Publish {
		t.Errorf("examples/actors.yaml: EXI 31 case = %d, want EXI31Publish", got)
	}
	if len(s.Actors) != 2 || s.Actors[1].Exposure == nil {
		t.Errorf("examples/actors.yaml must show AWS's exposure to non-European law: %+v", s.Actors)
	}
	if _, err := LoadApplicability("../examples/applicability.yaml"); err != nil {
		t.Error(err)
	}
}

// TestHTMLIsSelfContained checks that no HTML document can make a network
// request: no external script, stylesheet, image, font or frame.
func TestHTMLIsSelfContained(t *testing.T) {
	r := loadResults(t)
	external := regexp.MustCompile(`(?i)<(link|img|iframe|object|embed|audio|video|source)\b|<[^>]*\ssrc\s*=|@import|url\(|@font-face`)
	docs := map[string][]byte{
		"report": render(t, func(w io.Writer) error { return HTML(w, r, "fr") }),
		"soa":    render(t, func(w io.Writer) error { return NewSoA(r, loadApplicability(t), "fr").HTML(w) }),
		"guarantees": render(t, func(w io.Writer) error {
			return GuaranteesHTML(w, loadActors(t, "actors-publish.yaml"), "fr")
		}),
	}
	for name, doc := range docs {
		if m := external.Find(doc); m != nil {
			t.Errorf("%s: %q could fetch a resource", name, m)
		}
	}
}

// TestHTMLShowsMarkupAsText checks that a control text holding markup is
// escaped: it shows as text and never runs.
func TestHTMLShowsMarkupAsText(t *testing.T) {
	r := loadResults(t)
	doc := string(render(t, func(w io.Writer) error { return HTML(w, r, "en") }))
	for _, bad := range []string{`<script>document.title`, `<script>alert(1)`, `<b>bold</b>`, `<img src=x`, `href="javascript:`} {
		if strings.Contains(doc, bad) {
			t.Errorf("the report holds %q unescaped", bad)
		}
	}
	for _, want := range []string{`&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;`, `&lt;b&gt;bold&lt;/b&gt;`} {
		if !strings.Contains(doc, want) {
			t.Errorf("the report lacks the escaped text %q", want)
		}
	}
	if n := strings.Count(doc, "<script>"); n != 1 {
		t.Errorf("the report holds %d script elements, want 1 (hdsctl's own)", n)
	}
}

func TestHTMLDeclaresLanguageAndStatusFilter(t *testing.T) {
	r := loadResults(t)
	for _, lang := range []string{"fr", "en"} {
		doc := string(render(t, func(w io.Writer) error { return HTML(w, r, lang) }))
		for _, want := range []string{`<html lang="` + lang + `">`, `<input type="radio" name="status" id="f-all" value="all" checked>`,
			`id="f-FAIL"`, `<th scope="col">`, `@media print`, `<svg class="chart"`} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s report lacks %q", lang, want)
			}
		}
	}
}

func TestTypographyIsFrench(t *testing.T) {
	r := loadResults(t)
	md := string(render(t, func(w io.Writer) error { return Markdown(w, r, "fr") }))
	for _, want := range []string{"l’inventaire des accès «\u00a0hors EEE\u00a0»\u00a0!", "**État\u00a0:", "l’EEE (us-east-1)\u00a0: déplacez-le"} {
		if !strings.Contains(md, want) {
			t.Errorf("French Markdown lacks %q", want)
		}
	}
	if strings.Contains(md, " :") {
		t.Error("French Markdown has a breaking space before a colon")
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	r := loadResults(t)
	out := string(render(t, func(w io.Writer) error { return CSV(w, r, "en", ',') }))
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Error("CSV must start with a byte-order mark")
	}
	for _, cell := range []string{`'+cmd|' /C calc'!A0`, `'-2+3`, `'@SUM(1;2)`, `"'=HYPERLINK(""https://exemple.invalid"";""clic"")"`} {
		if !strings.Contains(out, cell) {
			t.Errorf("CSV lacks the neutralised cell %s", cell)
		}
	}
	fr := string(render(t, func(w io.Writer) error { return Write(w, r, FormatCSV, Options{Lang: "fr"}) }))
	if !strings.HasPrefix(fr, "\uFEFFset_id;set_name;") {
		t.Error("French CSV must default to the semicolon separator")
	}
}

func TestSoACoversAnnexA(t *testing.T) {
	r := loadResults(t)
	soa := NewSoA(r, loadApplicability(t), "fr")
	if len(soa.Rows) != 93 {
		t.Fatalf("%d rows, want the 93 Annex A controls", len(soa.Rows))
	}
	row := func(id string) SoARow {
		for _, r := range soa.Rows {
			if r.Control == id {
				return r
			}
		}
		t.Fatalf("no row %s", id)
		return SoARow{}
	}
	tests := []struct {
		id         string
		applicable bool
		status     string
		hds        string
		name       string
	}{
		{"A.5.9", true, "Preuve manuelle attendue", "EXI 28", "Inventaire des informations et autres actifs associés"},
		{"A.5.14", true, "Non évaluée", "EXI 29, EXI 31", ""},
		{"A.8.11", false, "Sans objet (mesure exclue)", "", "Masquage des données"},
		{"A.8.15", true, "Conforme", "EXI 15, EXI 16", "Journalisation"},
		{"A.7.4", false, "Sans objet (mesure exclue)", "", ""},
	}
	for _, tt := range tests {
		got := row(tt.id)
		if got.Applicable != tt.applicable || got.StatusLabel != tt.status || strings.Join(got.HDS, ", ") != tt.hds || got.Name != tt.name {
			t.Errorf("%s: got applicable=%v status=%q hds=%v name=%q, want %v %q %q %q",
				tt.id, got.Applicable, got.StatusLabel, got.HDS, got.Name, tt.applicable, tt.status, tt.hds, tt.name)
		}
	}
	if got := row("A.8.11").Justification; !strings.HasPrefix(got, "Aucun environnement hors production") {
		t.Errorf("A.8.11 justification = %q, want the applicability file's", got)
	}
	if got := row("A.5.1").Justification; !strings.HasPrefix(got, "Mesure retenue") {
		t.Errorf("A.5.1 justification = %q, want the default justification", got)
	}
	if soa.Applicable != 91 || soa.Excluded != 2 {
		t.Errorf("applicable %d, excluded %d; want 91 and 2", soa.Applicable, soa.Excluded)
	}

	bare := NewSoA(r, nil, "en")
	if got := bare.Rows[slices.Index(framework.ISOAnnexA(), "A.8.11")]; got.Applicable || !strings.Contains(got.Justification, "No non-production") {
		t.Errorf("without an applicability file, A.8.11 follows the assessment (not applicable, its reason): %+v", got)
	}
}

// TestXLSXIsWellFormed checks the workbook's structure: every part is
// well-formed XML, the sheet has the header and the 93 rows, the header is
// bold and frozen.
func TestXLSXIsWellFormed(t *testing.T) {
	r := loadResults(t)
	data := render(t, func(w io.Writer) error { return NewSoA(r, loadApplicability(t), "fr").XLSX(w) })
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("workbook lacks %s", name)
		}
	}
	sheet := parts["xl/worksheets/sheet1.xml"]
	if n := strings.Count(sheet, "<row "); n != 94 {
		t.Errorf("sheet has %d rows, want 94", n)
	}
	for _, want := range []string{`state="frozen"`, `<c r="A1" s="2" t="inlineStr"><is><t>Mesure</t></is></c>`,
		`<t>État de mise en œuvre</t>`, `<t>Exigences HDS</t>`, `<autoFilter ref="A1:G94"/>`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet lacks %s", want)
		}
	}
	if !strings.Contains(parts["xl/workbook.xml"], `<sheet name="Applicabilité"`) {
		t.Error("sheet is not named Applicabilité")
	}
}

func TestWriteAllWritesEveryFormat(t *testing.T) {
	dir := t.TempDir()
	written, err := WriteAll(dir, loadResults(t), Options{Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range written {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
		names = append(names, filepath.Base(p))
	}
	sort.Strings(names)
	want := []string{"hds-v2-assessment-results.fr.oscal.json", "hds-v2-report.fr.csv", "hds-v2-report.fr.html",
		"hds-v2-report.fr.md", "hds-v2-soa.fr.csv", "hds-v2-soa.fr.html", "hds-v2-soa.fr.xlsx"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files written (-want +got):\n%s", diff)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".hdsctl-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestOSCALIsDeterministic(t *testing.T) {
	r := loadResults(t)
	a := render(t, func(w io.Writer) error { return OSCAL(w, r, "fr") })
	b := render(t, func(w io.Writer) error { return OSCAL(w, r, "fr") })
	if !bytes.Equal(a, b) {
		t.Error("two runs on the same results differ")
	}
}

// dumpZip lists a zip file's entries with their content, for golden files.
func dumpZip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out.WriteString("== " + f.Name + "\n")
		out.Write(bytes.ReplaceAll(b, []byte("<row "), []byte("\n<row ")))
		out.WriteString("\n")
	}
	return out.Bytes()
}
