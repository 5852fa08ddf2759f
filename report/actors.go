package report

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/yamlfile"
)

// eeaCountries are the ISO 3166-1 alpha-2 codes of the European Economic
// Area: the 27 member states of the Union (Greece also as EL, the Union's
// own code), Iceland, Liechtenstein and Norway.
var eeaCountries = []string{
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
	"LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
	"IS", "LI", "NO",
}

// LoadActors reads an actors file: the hosting service and every actor
// taking part in it, for the chapter 8 presentation of guarantees and the
// EXI 31 page. An invalid file gives an *InvalidError listing every problem
// with its file:line. The format:
//
//	service:
//	  name: Plateforme Exemple Santé        # required; text, or fr: and en:
//	  description: …                        # optional
//	  url: https://exemple.fr/hds/garanties # optional: this page's address
//	  updated: 2026-11-15                   # optional: date checked
//	  contact: dpo@exemple.fr               # optional
//	actors:
//	  - legalName: Exemple Santé SAS        # required
//	    role: host                          # host or subcontractor
//	    services: Administration du SI      # optional: what it provides
//	    hdsCertified: true                  # required
//	    secNumCloud: false                  # required: SecNumCloud 3.2
//	    activities: [4, 5, 6]               # required: 1 to 6
//	    remoteAccess:                       # EXI 29; leave out when none
//	      - country: {fr: États-Unis, en: United States}
//	        code: US                        # ISO 3166-1 alpha-2, not EEA
//	        legalBasis: adequacy            # adequacy (art. 45) or safeguards (art. 46)
//	        instrument: …                   # the decision or the safeguards
//	        purpose: …                      # optional
//	        measures: …                     # supplementary measures; required with safeguards
//	    lawExposure:                        # EXI 30; leave out when none
//	      laws: [CLOUD Act …]
//	      mitigations: […]
//	      residualRisks: […]
func LoadActors(path string) (*Service, error) {
	data, err := yamlfile.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseActors(path, data)
}

// ParseActors reads an actors file from data; name is used in
// diagnostics.
func ParseActors(name string, data []byte) (*Service, error) {
	r := newReader(name)
	s := &Service{}
	if root, ok := r.Parse(data); ok {
		readService(root, s)
	}
	if err := invalid(r, name, "actors file"); err != nil {
		return nil, err
	}
	return s, nil
}

func readService(root yamlfile.Node, s *Service) {
	f := root.Fields("the actors file", "service", "actors")
	sv := f["service"]
	if sv.Missing() {
		root.Errorf("add a service: mapping with the service's name", "service is missing")
	} else {
		sf := sv.Fields("service", "name", "description", "url", "updated", "contact")
		s.Name = readText(sf["name"], "service name")
		if s.Name.IsZero() {
			sv.Errorf("add name: the name of the hosting service", "service name is missing")
		}
		s.Description = readText(sf["description"], "service description")
		s.URL = readURL(sf["url"])
		s.Updated = readDate(sf["updated"], "service updated")
		s.Contact = readString(sf["contact"], "service contact")
	}
	actors := readList(f["actors"], "actors")
	if len(actors) == 0 {
		root.Errorf("list every actor of the service, the host first", "actors is missing or empty")
	}
	for i, n := range actors {
		s.Actors = append(s.Actors, readActor(n, fmt.Sprintf("actor %d", i+1)))
	}
	hasHost := slices.ContainsFunc(s.Actors, func(a Actor) bool { return a.Role == RoleHost })
	if len(actors) > 0 && !hasHost {
		f["actors"].Errorf("add the host itself, with role: host", "no actor has the role host")
	}
}

func readURL(n yamlfile.Node) string {
	s := readString(n, "service url")
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		n.Errorf("write the page's full address, https://…", "service url %q is not a web address", s)
		return ""
	}
	return s
}

func readActor(n yamlfile.Node, what string) Actor {
	a := Actor{Pos: n.Pos()}
	f := n.Fields(what, "legalName", "role", "services", "hdsCertified", "secNumCloud", "activities",
		"remoteAccess", "lawExposure")
	if !n.IsMapping() {
		return a
	}
	a.LegalName = readRequired(f["legalName"], n, what+": legalName")
	if a.LegalName != "" {
		what = fmt.Sprintf("%s (%s)", what, a.LegalName)
	}
	switch role := readRequired(f["role"], n, what+": role"); Role(role) {
	case RoleHost, RoleSubcontractor, "":
		a.Role = Role(role)
	default:
		f["role"].Errorf("write host or subcontractor", "%s: unknown role %q", what, role)
	}
	a.Services = readText(f["services"], what+": services")
	a.HDSCertified = readRequiredBool(f["hdsCertified"], n, what+": hdsCertified")
	a.SecNumCloud = readRequiredBool(f["secNumCloud"], n, what+": secNumCloud")
	a.Activities = readActivities(n, f["activities"], what)
	for i, ra := range readList(f["remoteAccess"], what+": remoteAccess") {
		what := fmt.Sprintf("%s: remote access %d", what, i+1)
		a.RemoteAccess = append(a.RemoteAccess, readRemoteAccess(ra, what))
	}
	if e := f["lawExposure"]; !e.Missing() {
		a.Exposure = readExposure(e, what+": lawExposure")
		if a.SecNumCloud {
			e.Errorf("check secNumCloud and lawExposure: SecNumCloud 3.2 (criteria 19.6) excludes exposure to non-European law",
				"%s is SecNumCloud 3.2 qualified yet exposed to non-European law", what)
		}
	}
	return a
}

func readActivities(parent, n yamlfile.Node, what string) []int {
	if n.Missing() {
		parent.Errorf("list the hosting activities the actor performs, 1 to 6: activities: [4, 5]", "%s: activities is missing", what)
		return nil
	}
	var acts []int
	for _, item := range readList(n, what+": activities") {
		v, ok := readInt(item, what+": activity")
		switch {
		case !ok:
		case v < 1 || v > 6:
			item.Errorf("write a hosting activity, 1 to 6 (article R.1111-9 of the Code de la santé publique)", "%s: activity %d does not exist", what, v)
		case slices.Contains(acts, v):
			item.Errorf("keep one", "%s: activity %d appears twice", what, v)
		default:
			acts = append(acts, v)
		}
	}
	if len(acts) == 0 && n.IsList() {
		n.Errorf("list at least one activity, 1 to 6", "%s: activities is empty", what)
	}
	slices.Sort(acts)
	return acts
}

func readRemoteAccess(n yamlfile.Node, what string) RemoteAccess {
	var ra RemoteAccess
	f := n.Fields(what, "country", "code", "legalBasis", "instrument", "purpose", "measures")
	if !n.IsMapping() {
		return ra
	}
	ra.Country = readText(f["country"], what+": country")
	if ra.Country.IsZero() {
		n.Errorf("name the country: country: États-Unis", "%s: country is missing", what)
	}
	ra.Code = strings.ToUpper(readRequired(f["code"], n, what+": code"))
	switch {
	case ra.Code == "":
	case len(ra.Code) != 2 || strings.Trim(ra.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "":
		f["code"].Errorf("write the ISO 3166-1 alpha-2 code: US, GB, IN", "%s: %q is not a country code", what, ra.Code)
	case slices.Contains(eeaCountries, ra.Code):
		f["code"].Errorf("list only access from outside the EEA; access from an EEA country is not a transfer",
			"%s: %s is in the European Economic Area", what, ra.Code)
	}
	switch basis := readRequired(f["legalBasis"], n, what+": legalBasis"); LegalBasis(basis) {
	case BasisAdequacy, BasisSafeguards, "":
		ra.LegalBasis = LegalBasis(basis)
	default:
		f["legalBasis"].Errorf("write adequacy (GDPR art. 45) or safeguards (GDPR art. 46)", "%s: unknown legal basis %q", what, basis)
	}
	ra.Instrument = readText(f["instrument"], what+": instrument")
	if ra.Instrument.IsZero() {
		n.Errorf("name the adequacy decision or the art. 46 safeguards (standard contractual clauses…)", "%s: instrument is missing", what)
	}
	ra.Purpose = readText(f["purpose"], what+": purpose")
	ra.Measures = readText(f["measures"], what+": measures")
	if ra.LegalBasis == BasisSafeguards && ra.Measures.IsZero() {
		n.Errorf("describe the supplementary measures that ensure protection equivalent to the Union's (EXI 29)",
			"%s: measures are missing for access under art. 46 safeguards", what)
	}
	return ra
}

func readExposure(n yamlfile.Node, what string) *Exposure {
	e := &Exposure{}
	f := n.Fields(what, "laws", "mitigations", "residualRisks")
	if !n.IsMapping() {
		return e
	}
	for _, part := range []struct {
		key string
		dst *[]framework.Text
		fix string
	}{
		{"laws", &e.Laws, "list the non-European laws that could compel access to the data (EXI 30 a)"},
		{"mitigations", &e.Mitigations, "list the measures that mitigate the risk (EXI 30 b)"},
		{"residualRisks", &e.ResidualRisks, "describe the residual risks of unauthorised access (EXI 30 c)"},
	} {
		*part.dst = readTexts(f[part.key], what+": "+part.key)
		if len(*part.dst) == 0 {
			n.Errorf(part.fix, "%s: %s is missing or empty", what, part.key)
		}
	}
	return e
}
