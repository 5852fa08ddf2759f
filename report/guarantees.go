package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/framework"
)

// The statements EXI 31 of the HDS v2 referential mandates, word for word,
// on the public page about transfers outside the European Economic Area.
const (
	// StatementSecNumCloud is published when the hosting activity is
	// SecNumCloud 3.2 qualified.
	StatementSecNumCloud = "Aucun risque d’accès imposé par la législation d’un pays tiers en violation du droit de l’Union"
	// StatementNoTransfer is published when the activity is not SecNumCloud
	// 3.2 qualified and no personal health data leaves the EEA, remote
	// access included.
	StatementNoTransfer = "Aucun transfert de données de santé à caractère personnel vers un pays tiers à l’espace économique européen"
)

// Service is a hosting service and every actor taking part in it: what the
// chapter 8 presentation of guarantees and the EXI 31 public page describe.
// It is read from an actors file; see LoadActors for the format.
type Service struct {
	Name        framework.Text
	Description framework.Text
	// URL is the address of the public page (EXI 31), given to the
	// certification body.
	URL string
	// Updated is when the information was last checked.
	Updated time.Time
	Contact string
	Actors  []Actor
}

// Role is an actor's role in the hosting service.
type Role string

// The roles of chapter 8.
const (
	RoleHost          Role = "host"
	RoleSubcontractor Role = "subcontractor"
)

// Actor is one organisation taking part in the hosting service.
type Actor struct {
	LegalName string
	Role      Role
	// Services says what the actor provides in the service.
	Services     framework.Text
	HDSCertified bool
	// SecNumCloud says the actor's activity is SecNumCloud 3.2 qualified.
	SecNumCloud bool
	// Activities are the hosting activities (1 to 6, article R.1111-9 of
	// the Code de la santé publique) the actor performs.
	Activities []int
	// RemoteAccess lists the countries outside the EEA from which the
	// actor can access the health data (EXI 29); empty when none.
	RemoteAccess []RemoteAccess
	// Exposure is the actor's exposure to non-European law (EXI 30); nil
	// when none.
	Exposure *Exposure
	Pos      framework.Position
}

// LegalBasis is what a remote access from outside the EEA rests on.
type LegalBasis string

// The legal bases EXI 29 accepts.
const (
	// BasisAdequacy is an adequacy decision of the European Commission
	// (GDPR art. 45).
	BasisAdequacy LegalBasis = "adequacy"
	// BasisSafeguards is appropriate safeguards without an adequacy
	// decision (GDPR art. 46), of which the client must be told.
	BasisSafeguards LegalBasis = "safeguards"
)

// RemoteAccess is access to the health data from a country outside the
// EEA (EXI 29).
type RemoteAccess struct {
	Country framework.Text
	// Code is the country's ISO 3166-1 alpha-2 code.
	Code       string
	LegalBasis LegalBasis
	// Instrument names the adequacy decision or the art. 46 safeguard.
	Instrument framework.Text
	Purpose    framework.Text
	// Measures are the supplementary measures that ensure protection
	// equivalent to the Union's.
	Measures framework.Text
}

// Exposure is an actor's exposure to the law of a third country that could
// compel access to the health data without EU authorisation (EXI 30).
type Exposure struct {
	Laws          []framework.Text
	Mitigations   []framework.Text
	ResidualRisks []framework.Text
}

// EXI31Case is which of the three situations of EXI 31 a service is in.
type EXI31Case int

// The EXI 31 situations.
const (
	// EXI31SecNumCloud: every actor's activity is SecNumCloud 3.2
	// qualified; the page states StatementSecNumCloud.
	EXI31SecNumCloud EXI31Case = iota
	// EXI31NoTransfer: not qualified, no health data leaves the EEA (remote
	// access included) and no actor is exposed to a third country's law;
	// the page states StatementNoTransfer.
	EXI31NoTransfer
	// EXI31Publish: not qualified, and data reaches third countries or an
	// actor is exposed to the law of a third country (EXI 30); the page
	// publishes the chapter 8 information: the transfer map and the EXI 30
	// risks.
	EXI31Publish
)

// Statement returns the wording EXI 31 mandates for the case, or "" when
// the case calls for publishing the chapter 8 information instead.
func (c EXI31Case) Statement() string {
	switch c {
	case EXI31SecNumCloud:
		return StatementSecNumCloud
	case EXI31NoTransfer:
		return StatementNoTransfer
	}
	return ""
}

// EXI31Case returns the EXI 31 situation of the service, from its actors.
func (s *Service) EXI31Case() EXI31Case {
	qualified := len(s.Actors) > 0
	for _, a := range s.Actors {
		qualified = qualified && a.SecNumCloud
	}
	switch {
	case qualified:
		return EXI31SecNumCloud
	case !s.transfers():
		return EXI31NoTransfer
	}
	return EXI31Publish
}

// transfers reports whether health data reaches a third country, by remote
// access (EXI 29), or may be reached through a third country's law (EXI 30):
// the referential's third case covers both.
func (s *Service) transfers() bool {
	return slices.ContainsFunc(s.Actors, func(a Actor) bool { return len(a.RemoteAccess) > 0 || a.Exposure != nil })
}

// guaranteesDoc is a service resolved into one language for the writers.
type guaranteesDoc struct {
	Lang        string
	Title       string
	Service     string
	Description string
	Hosts       string
	URL         string
	Updated     string
	Contact     string
	Case        EXI31Case
	// Statement is the mandated wording, quoted; Translation renders it in
	// English for English pages; Why says what the wording rests on.
	Statement   string
	Translation string
	Why         string
	Transfers   []transferRow
	Exposures   []exposureDoc
	Columns     []string
	Actors      [][]string
	Activities  []string
}

type transferRow struct {
	Country, Actor, Purpose, Basis, Instrument, Measures string
}

type exposureDoc struct {
	Actor         string
	Laws          []string
	Mitigations   []string
	ResidualRisks []string
}

func newGuaranteesDoc(s *Service, lang string) *guaranteesDoc {
	d := &guaranteesDoc{
		Lang:        lang,
		Service:     text(lang, s.Name),
		Description: text(lang, s.Description),
		URL:         s.URL,
		Updated:     day(s.Updated),
		Contact:     s.Contact,
		Case:        s.EXI31Case(),
	}
	d.Title = label(lang, "gTitle") + " – " + d.Service
	var hosts []string
	for _, a := range s.Actors {
		if a.Role == RoleHost {
			hosts = append(hosts, a.LegalName)
		}
	}
	d.Hosts = strings.Join(hosts, ", ")
	if st := d.Case.Statement(); st != "" {
		d.Statement = quote(framework.French, st)
		if lang == framework.English {
			d.Translation = label(lang, translationKeys[d.Case])
		}
	}
	d.Why = label(lang, whyKeys[d.Case])
	exposed := slices.ContainsFunc(s.Actors, func(a Actor) bool { return a.Exposure != nil })
	if d.Case != EXI31Publish && exposed {
		d.Why += " " + label(lang, "gExposureNote")
	}
	for _, a := range s.Actors {
		for _, ra := range a.RemoteAccess {
			d.Transfers = append(d.Transfers, transferRow{
				Country: text(lang, ra.Country) + " (" + ra.Code + ")", Actor: a.LegalName,
				Purpose: text(lang, ra.Purpose), Basis: label(lang, "basis."+string(ra.LegalBasis)),
				Instrument: text(lang, ra.Instrument), Measures: text(lang, ra.Measures),
			})
		}
		if e := a.Exposure; e != nil {
			d.Exposures = append(d.Exposures, exposureDoc{Actor: a.LegalName, Laws: texts(lang, e.Laws),
				Mitigations: texts(lang, e.Mitigations), ResidualRisks: texts(lang, e.ResidualRisks)})
		}
		d.Actors = append(d.Actors, actorCells(lang, a))
	}
	for _, k := range []string{"gActor", "gRole", "gHDS", "gSNC", "gActivities", "gEXI29", "gEXI30"} {
		d.Columns = append(d.Columns, label(lang, k))
	}
	for i := 1; i <= 6; i++ {
		n := activityNumber(lang, i)
		if lang != framework.French {
			n += "."
		}
		d.Activities = append(d.Activities, n+" "+text(lang, framework.Activities[i]))
	}
	return d
}

// The captions that explain each EXI 31 case, and translate its wording.
var (
	whyKeys = map[EXI31Case]string{
		EXI31SecNumCloud: "gWhySNC", EXI31NoTransfer: "gWhyNoTransfer", EXI31Publish: "gWhyPublish",
	}
	translationKeys = map[EXI31Case]string{EXI31SecNumCloud: "gSNCen", EXI31NoTransfer: "gNoTransferEn"}
)

func texts(lang string, ts []framework.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = text(lang, t)
	}
	return out
}

// activityNumber writes a hosting activity number as the Code de la santé
// publique does in French: 1°.
func activityNumber(lang string, n int) string {
	if lang == framework.French {
		return fmt.Sprintf("%d°", n)
	}
	return fmt.Sprint(n)
}

// actorCells returns the chapter 8 table row of an actor.
func actorCells(lang string, a Actor) []string {
	yesNo := func(b bool) string {
		if b {
			return label(lang, "yes")
		}
		return label(lang, "no")
	}
	name := a.LegalName
	if sv := text(lang, a.Services); sv != "" {
		name += " – " + sv
	}
	acts := make([]string, len(a.Activities))
	for i, n := range a.Activities {
		acts[i] = activityNumber(lang, n)
	}
	exi29 := label(lang, "no")
	if len(a.RemoteAccess) > 0 {
		var parts []string
		for _, ra := range a.RemoteAccess {
			parts = append(parts, text(lang, ra.Country)+" ("+label(lang, "basis."+string(ra.LegalBasis))+")")
		}
		exi29 = label(lang, "yes") + colon(lang) + " " + strings.Join(parts, semicolon(lang)+" ")
	}
	exi30 := label(lang, "no")
	if a.Exposure != nil {
		laws := strings.Join(texts(lang, a.Exposure.Laws), semicolon(lang)+" ")
		exi30 = label(lang, "yes") + colon(lang) + " " + laws + " " + label(lang, "gSeeBelow")
	}
	return []string{name, label(lang, "role."+string(a.Role)), yesNo(a.HDSCertified), yesNo(a.SecNumCloud),
		strings.Join(acts, ", "), exi29, exi30}
}

// GuaranteesHTML writes the presentation of guarantees as one
// self-contained HTML page, ready to publish: the EXI 31 statement chosen
// from the data (or the transfer map and EXI 30 risks when no statement
// applies), then the chapter 8 table.
func GuaranteesHTML(w io.Writer, s *Service, lang string) error {
	return pages.ExecuteTemplate(w, "guarantees", newPage(lang, newGuaranteesDoc(s, lang), ""))
}

// GuaranteesMarkdown writes the same content as GuaranteesHTML in Markdown.
func GuaranteesMarkdown(w io.Writer, s *Service, lang string) error {
	d := newGuaranteesDoc(s, lang)
	p := &printer{w: w}
	col := colon(lang)
	p.line("# " + md(d.Title))
	p.blank()
	p.field(col, label(lang, "gHosts"), d.Hosts)
	p.field(col, label(lang, "gURL"), d.URL)
	p.field(col, label(lang, "gUpdated"), d.Updated)
	p.field(col, label(lang, "gContact"), d.Contact)
	if d.Description != "" {
		p.blank()
		p.line(md(d.Description))
	}
	p.blank()
	p.line("## " + md(label(lang, "gEXI31")))
	p.blank()
	if d.Statement != "" {
		p.line("> " + md(label(lang, "gStates")) + " **" + md(d.Statement) + "**")
		if d.Translation != "" {
			p.line(">")
			p.line("> " + md(d.Translation))
		}
		p.blank()
	}
	p.line(md(d.Why))
	if len(d.Transfers) > 0 {
		p.blank()
		p.line("### " + md(label(lang, "gTransfers")))
		p.blank()
		p.tableHeader([]string{label(lang, "gCountry"), label(lang, "gActor"), label(lang, "gPurpose"),
			label(lang, "gBasis"), label(lang, "gInstrument"), label(lang, "gMeasures")}, 0)
		for _, t := range d.Transfers {
			p.tableRow([]string{md(t.Country), md(t.Actor), md(t.Purpose), md(t.Basis), md(t.Instrument), md(t.Measures)})
		}
	}
	if len(d.Exposures) > 0 {
		p.blank()
		p.line("### " + md(label(lang, "gExposures")))
		for _, e := range d.Exposures {
			p.blank()
			p.line("#### " + md(e.Actor))
			for _, part := range []struct {
				key   string
				items []string
			}{{"gLaws", e.Laws}, {"gMitigations", e.Mitigations}, {"gResidual", e.ResidualRisks}} {
				p.blank()
				p.line("**" + md(label(lang, part.key)) + "**")
				p.blank()
				for _, it := range part.items {
					p.line("- " + md(it))
				}
			}
		}
	}
	p.blank()
	p.line("## " + md(label(lang, "gTable")))
	p.blank()
	p.tableHeader(d.Columns, 0)
	for _, row := range d.Actors {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = md(c)
		}
		p.tableRow(cells)
	}
	p.blank()
	p.line("**" + md(label(lang, "gActivitiesLegend")) + "**")
	p.blank()
	for _, a := range d.Activities {
		p.line("- " + md(a))
	}
	p.blank()
	p.line("---")
	p.blank()
	p.line("*" + md(label(lang, "gFooter")) + "*")
	return p.err
}
