package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// xlsxSheet is a table to write as a one-sheet workbook.
type xlsxSheet struct {
	// Name is the sheet's tab name: at most 31 characters, none of []:*?/\.
	Name   string
	Title  string
	Lang   string
	Header []string
	Rows   [][]string
	// Widths are the column widths, in characters.
	Widths []float64
}

// zipTime is the time stamped on every part, so that the same sheet always
// gives the same bytes.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Cell styles of styles.xml: 1 wraps text at the top of the cell, 2 does
// the same in bold on a grey fill, for the header.
const (
	styleBody   = 1
	styleHeader = 2
)

// writeXLSX writes sheet as a minimal Office Open XML workbook (ECMA-376):
// inline strings, a bold header row frozen at the top with an autofilter.
// Cells are always text, so nothing in them is ever run as a formula.
func writeXLSX(w io.Writer, sheet xlsxSheet) error {
	zw := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", xlsxContentTypes},
		{"_rels/.rels", xlsxRootRels},
		{"docProps/core.xml", xlsxCore(sheet)},
		{"xl/workbook.xml", xlsxWorkbook(sheet)},
		{"xl/_rels/workbook.xml.rels", xlsxWorkbookRels},
		{"xl/styles.xml", xlsxStyles},
		{"xl/worksheets/sheet1.xml", xlsxWorksheet(sheet)},
	}
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, xml.Header+p.body); err != nil {
			return err
		}
	}
	return zw.Close()
}

const xlsxContentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const xlsxRootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const xlsxWorkbookRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

const xlsxStyles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFE4E7EC"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

func xlsxCore(s xlsxSheet) string {
	return `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<dc:title>` + xmlText(s.Title) + `</dc:title><dc:creator>hdsctl</dc:creator>` +
		`<dc:language>` + xmlText(s.Lang) + `</dc:language></cp:coreProperties>`
}

func xlsxWorkbook(s xlsxSheet) string {
	ref := fmt.Sprintf("'%s'!$A$1:$%s$%d", strings.ReplaceAll(sheetName(s.Name), "'", "''"),
		column(len(s.Header)-1), len(s.Rows)+1)
	return `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="` + xmlText(sheetName(s.Name)) + `" sheetId="1" r:id="rId1"/></sheets>` +
		`<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">` + xmlText(ref) +
		`</definedName></definedNames></workbook>`
}

func xlsxWorksheet(s xlsxSheet) string {
	var b strings.Builder
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0">` +
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`)
	if len(s.Widths) > 0 {
		b.WriteString("<cols>")
		for i, w := range s.Widths {
			fmt.Fprintf(&b, `<col min="%d" max="%d" width="%g" customWidth="1"/>`, i+1, i+1, w)
		}
		b.WriteString("</cols>")
	}
	b.WriteString("<sheetData>")
	writeRow(&b, 1, s.Header, styleHeader)
	for i, row := range s.Rows {
		writeRow(&b, i+2, row, styleBody)
	}
	b.WriteString("</sheetData>")
	fmt.Fprintf(&b, `<autoFilter ref="A1:%s%d"/>`, column(len(s.Header)-1), len(s.Rows)+1)
	b.WriteString("</worksheet>")
	return b.String()
}

func writeRow(b *strings.Builder, r int, cells []string, style int) {
	fmt.Fprintf(b, `<row r="%d">`, r)
	for i, v := range cells {
		space := ""
		if v != strings.TrimSpace(v) {
			space = ` xml:space="preserve"`
		}
		fmt.Fprintf(b, `<c r="%s%d" s="%d" t="inlineStr"><is><t%s>%s</t></is></c>`, column(i), r, style, space, xmlText(v))
	}
	b.WriteString("</row>")
}

// column returns the letters of the zero-based column i: A, B, … Z, AA.
func column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// sheetName makes name a valid sheet name.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" {
		return "Sheet1"
	}
	return name
}

// xmlText escapes s for XML text or attributes; characters XML cannot hold
// become U+FFFD.
func xmlText(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
