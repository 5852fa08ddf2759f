package report

import (
	"strings"
	"time"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// labels are the captions of every document, in French and in English.
// French captions carry a non-breaking space before : ; ! ? and inside « ».
var labels = map[string]framework.Text{
	// Assessment report.
	"reportTitle": {FR: "Rapport d'évaluation", EN: "Assessment report"},
	"framework":   {FR: "Référentiel", EN: "Framework"},
	"version":     {FR: "Version", EN: "Version"},
	"account":     {FR: "Compte AWS", EN: "AWS account"},
	"accounts":    {FR: "Comptes évalués", EN: "Accounts assessed"},
	"regions":     {FR: "Régions", EN: "Regions"},
	"generated":   {FR: "Évalué le", EN: "Assessed on"},
	"tool":        {FR: "Outil", EN: "Tool"},
	"activities":  {FR: "Activités d'hébergement déclarées", EN: "Hosting activities declared"},
	"scopeUndeclared": {FR: "non déclarées : tous les contrôles ont été évalués comme applicables",
		EN: "not declared: every control was assessed as applicable"},
	"conditions":     {FR: "Conditions déclarées", EN: "Conditions declared"},
	"contents":       {FR: "Sommaire", EN: "Contents"},
	"summary":        {FR: "Synthèse", EN: "Summary"},
	"summaryCaption": {FR: "Contrôles par ensemble et par état", EN: "Controls by set and status"},
	"controls":       {FR: "Contrôles", EN: "Controls"},
	"set":            {FR: "Ensemble", EN: "Set"},
	"total":          {FR: "Total", EN: "Total"},
	"chart":          {FR: "Répartition", EN: "Breakdown"},
	"filter":         {FR: "Afficher les contrôles", EN: "Show controls"},
	"all":            {FR: "Tous", EN: "All"},
	"shown":          {FR: "contrôle(s) affiché(s)", EN: "control(s) shown"},
	"description":    {FR: "Description", EN: "Description"},
	"reason":         {FR: "Motif", EN: "Reason"},
	"references":     {FR: "Références", EN: "References"},
	"responsibility": {FR: "Responsabilité", EN: "Responsibility"},
	"findings":       {FR: "Constats", EN: "Findings"},
	"noFindings":     {FR: "Aucun constat.", EN: "No findings."},
	"status":         {FR: "État", EN: "Status"},
	"resource":       {FR: "Ressource", EN: "Resource"},
	"region":         {FR: "Région", EN: "Region"},
	"source":         {FR: "Source", EN: "Source"},
	"message":        {FR: "Message", EN: "Message"},
	"evidence":       {FR: "Preuves attendues", EN: "Evidence sought"},
	"attestation":    {FR: "Attestation", EN: "Attestation"},
	"owner":          {FR: "Attestée par", EN: "Attested by"},
	"date":           {FR: "Date", EN: "Date"},
	"expires":        {FR: "Expire le", EN: "Expires on"},
	"links":          {FR: "Preuves jointes", EN: "Evidence links"},
	"comment":        {FR: "Commentaire", EN: "Comment"},
	"awsReports":     {FR: "Rapports AWS Artifact", EN: "AWS Artifact reports"},
	"awsEvidence":    {FR: "Rapports AWS Artifact (voir la section dédiée)", EN: "AWS Artifact reports (see their section)"},
	"reportID":       {FR: "Identifiant", EN: "ID"},
	"title":          {FR: "Titre", EN: "Title"},
	"period":         {FR: "Période couverte", EN: "Period covered"},
	"file":           {FR: "Fichier", EN: "File"},
	"none":           {FR: "aucune", EN: "none"},
	"footer":         {FR: "Document produit par hdsctl à partir des résultats d'évaluation ; il ne remplace pas l'audit de certification.", EN: "Document written by hdsctl from assessment results; it does not replace the certification audit."},
	"owner.source":   {FR: "Fournie par", EN: "Provided by"},
	"other":          {FR: "Autres contrôles", EN: "Other controls"},
	"to":             {FR: "au", EN: "to"},
	"yes":            {FR: "Oui", EN: "Yes"},

	// Statement of Applicability.
	"soaTitle":           {FR: "Déclaration d'applicabilité", EN: "Statement of Applicability"},
	"soaSubtitle":        {FR: "Mesures de l'annexe A de l'ISO/IEC 27001:2022 (clause 6.1.3 d) – exigence HDS EXI 08", EN: "ISO/IEC 27001:2022 Annex A controls (clause 6.1.3 d) – HDS requirement EXI 08"},
	"soaControl":         {FR: "Mesure", EN: "Control"},
	"soaName":            {FR: "Intitulé", EN: "Title"},
	"soaApplicable":      {FR: "Applicable", EN: "Applicable"},
	"soaJustification":   {FR: "Justification", EN: "Justification"},
	"soaStatus":          {FR: "État de mise en œuvre", EN: "Implementation status"},
	"soaHDS":             {FR: "Exigences HDS", EN: "HDS requirements"},
	"soaAssessed":        {FR: "Contrôles évalués", EN: "Controls assessed"},
	"soaSheet":           {FR: "Applicabilité", EN: "Applicability"},
	"soaCaption":         {FR: "Applicabilité et mise en œuvre des 93 mesures de l'annexe A", EN: "Applicability and implementation of the 93 Annex A controls"},
	"soaCounts":          {FR: "%d mesures applicables, %d exclues, sur %d.", EN: "%d controls applicable, %d excluded, out of %d."},
	"soaExcluded":        {FR: "Sans objet (mesure exclue)", EN: "Not applicable (excluded)"},
	"soaNotAssessed":     {FR: "Non évaluée", EN: "Not assessed"},
	"soaNoJustification": {FR: "Justification à compléter dans le fichier d'applicabilité", EN: "Justification to be given in the applicability file"},
	"organization":       {FR: "Organisme", EN: "Organisation"},
	"scope":              {FR: "Périmètre du SMSI", EN: "ISMS scope"},
	"soaVersion":         {FR: "Version de la déclaration", EN: "Statement version"},
	"approvedBy":         {FR: "Approuvée par", EN: "Approved by"},
	"approvedOn":         {FR: "Approuvée le", EN: "Approved on"},

	// Presentation of guarantees (chapter 8) and EXI 31 public page.
	"gTitle":        {FR: "Présentation des garanties", EN: "Presentation of guarantees"},
	"gHosts":        {FR: "Hébergeur", EN: "Host"},
	"gURL":          {FR: "Adresse de cette page", EN: "Address of this page"},
	"gUpdated":      {FR: "Informations à jour au", EN: "Information up to date on"},
	"gContact":      {FR: "Contact", EN: "Contact"},
	"gEXI31":        {FR: "Transferts hors de l'Espace économique européen (exigence 31)", EN: "Transfers outside the European Economic Area (requirement 31)"},
	"gStates":       {FR: "L'hébergeur déclare :", EN: "The host states:"},
	"gSNCen":        {FR: "", EN: "In English: no risk of access imposed by the law of a third country in breach of Union law."},
	"gNoTransferEn": {FR: "", EN: "In English: no transfer of personal health data to a country outside the European Economic Area."},
	"gWhySNC": {FR: "Toutes les activités d'hébergement de ce service sont qualifiées SecNumCloud 3.2.",
		EN: "Every hosting activity of this service is SecNumCloud 3.2 qualified."},
	"gWhyNoTransfer": {FR: "Les activités d'hébergement de ce service ne sont pas toutes qualifiées SecNumCloud 3.2 ; aucun acteur n'accède aux données de santé depuis un pays tiers à l'Espace économique européen, où elles sont stockées (exigence 28).",
		EN: "Not every hosting activity of this service is SecNumCloud 3.2 qualified; no actor accesses the health data from a country outside the European Economic Area, where the data is stored (requirement 28)."},
	"gWhyPublish": {FR: "Des données de santé à caractère personnel sont accessibles depuis des pays tiers à l'Espace économique européen, ou un acteur du service est soumis à une législation non européenne qui pourrait imposer un accès. L'hébergeur publie donc ci-dessous les informations du tableau de présentation des garanties : la cartographie des transferts (exigence 29) et les risques d'accès imposé par une législation non européenne (exigence 30).",
		EN: "Personal health data can be accessed from countries outside the European Economic Area, or an actor of the service is subject to non-European law that could impose access. The host therefore publishes below the information of the presentation of guarantees: the map of transfers (requirement 29) and the risks of access imposed by non-European law (requirement 30)."},
	"gExposureNote": {FR: "Les risques liés à l'exposition d'acteurs du service à des législations non européennes (exigence 30) sont décrits ci-dessous.",
		EN: "The risks arising from actors of the service being subject to non-European law (requirement 30) are described below."},
	"gTransfers":         {FR: "Cartographie des transferts et accès à distance hors EEE (exigence 29)", EN: "Map of transfers and remote access from outside the EEA (requirement 29)"},
	"gCountry":           {FR: "Pays", EN: "Country"},
	"gPurpose":           {FR: "Finalité", EN: "Purpose"},
	"gBasis":             {FR: "Fondement juridique", EN: "Legal basis"},
	"gInstrument":        {FR: "Décision ou garanties", EN: "Decision or safeguards"},
	"gMeasures":          {FR: "Mesures supplémentaires", EN: "Supplementary measures"},
	"gExposures":         {FR: "Exposition à des législations non européennes (exigence 30)", EN: "Exposure to non-European law (requirement 30)"},
	"gLaws":              {FR: "Réglementations pouvant imposer un accès non autorisé par le droit de l'Union", EN: "Regulations that could compel access not authorised by Union law"},
	"gMitigations":       {FR: "Mesures d'atténuation", EN: "Mitigation measures"},
	"gResidual":          {FR: "Risques résiduels d'accès non autorisé", EN: "Residual risks of unauthorised access"},
	"gTable":             {FR: "Tableau de présentation des garanties (chapitre 8)", EN: "Presentation of guarantees table (chapter 8)"},
	"gTableCaption":      {FR: "Acteurs intervenant dans la prestation d'hébergement", EN: "Actors taking part in the hosting service"},
	"gActor":             {FR: "Raison sociale de l'acteur", EN: "Actor's legal name"},
	"gRole":              {FR: "Rôle dans la prestation d'hébergement", EN: "Role in the hosting service"},
	"gHDS":               {FR: "Certifié HDS", EN: "HDS certified"},
	"gSNC":               {FR: "Qualifié SecNumCloud 3.2", EN: "SecNumCloud 3.2 qualified"},
	"gActivities":        {FR: "Activités d'hébergement sur lesquelles l'acteur intervient", EN: "Hosting activities the actor performs"},
	"gEXI29":             {FR: "Exigence n°\u00a029 : accès à distance depuis un pays hors EEE", EN: "Requirement 29: remote access from outside the EEA"},
	"gEXI30":             {FR: "Exigence n°\u00a030 : soumission à une législation non européenne", EN: "Requirement 30: subject to non-European law"},
	"gSeeBelow":          {FR: "(voir l'exigence 30 ci-dessus)", EN: "(see requirement 30 above)"},
	"gActivitiesLegend":  {FR: "Activités d'hébergement (article R. 1111-9 du code de la santé publique)", EN: "Hosting activities (article R.1111-9 of the French public health code)"},
	"gFooter":            {FR: "Page produite par hdsctl à partir de la description des acteurs fournie par l'hébergeur, qui en est responsable.", EN: "Page written by hdsctl from the description of the actors given by the host, who is responsible for it."},
	"role.host":          {FR: "Hébergeur", EN: "Host"},
	"role.subcontractor": {FR: "Sous-traitant", EN: "Subcontractor"},
	"basis.adequacy":     {FR: "décision d'adéquation (art. 45 RGPD)", EN: "adequacy decision (GDPR Art. 45)"},
	"basis.safeguards":   {FR: "garanties appropriées (art. 46 RGPD), en l'absence de décision d'adéquation", EN: "appropriate safeguards (GDPR Art. 46), no adequacy decision"},

	// OSCAL assessment results.
	"oscalPlan": {FR: "hdsctl n'écrit pas de plan d'évaluation OSCAL distinct : le plan est le référentiel lui-même, décrit en annexe.",
		EN: "hdsctl writes no separate OSCAL assessment plan: the plan is the framework itself, described in the back matter."},
	"oscalPlanTitle": {FR: "Plan d'évaluation hdsctl :", EN: "hdsctl assessment plan:"},
	"oscalPlanDescription": {FR: "Chaque contrôle du référentiel %[1]s est évalué : sources automatisées (AWS Config, Security Hub, vérifications hdsctl) et attestations pour les preuves manuelles. Le catalogue OSCAL correspondant s'obtient par `hdsctl export %[1]s --format oscal-catalog`.",
		EN: "Every control of framework %[1]s is assessed: automated sources (AWS Config, Security Hub, hdsctl checks) and attestations for manual evidence. The matching OSCAL catalog is written by `hdsctl export %[1]s --format oscal-catalog`."},
	"oscalNoControl": {FR: "Les résultats ne contiennent aucun contrôle.", EN: "The results hold no control."},
	"no":             {FR: "Non", EN: "No"},
}

// label returns the caption key in lang, typeset.
func label(lang, key string) string {
	t, ok := labels[key]
	if !ok {
		panic("report: no label " + key)
	}
	return text(lang, t)
}

var statusLabels = map[results.Status]framework.Text{
	results.Pass:          {FR: "Conforme", EN: "Pass"},
	results.Fail:          {FR: "Non conforme", EN: "Fail"},
	results.Manual:        {FR: "Preuve manuelle attendue", EN: "Manual evidence awaited"},
	results.NotApplicable: {FR: "Non applicable", EN: "Not applicable"},
	results.Error:         {FR: "Erreur d'évaluation", EN: "Evaluation error"},
}

// statusLabel returns the name of a status in lang, or the status itself
// when unknown.
func statusLabel(lang string, s results.Status) string {
	if t, ok := statusLabels[s]; ok {
		return t.Get(lang)
	}
	return string(s)
}

var responsibilityLabels = map[framework.Responsibility]framework.Text{
	framework.ResponsibilityCustomer: {FR: "hébergeur (client d'AWS)", EN: "host (AWS customer)"},
	framework.ResponsibilityAWS:      {FR: "AWS (modèle de responsabilité partagée)", EN: "AWS (shared responsibility model)"},
	framework.ResponsibilityShared:   {FR: "partagée entre AWS et l'hébergeur", EN: "shared between AWS and the host"},
}

var schemeLabels = map[string]string{
	framework.SchemeHDS:      "HDS v2",
	framework.SchemeISO:      "ISO/IEC 27001:2022",
	framework.SchemeCSP:      "CSP",
	framework.SchemeGDPR:     "RGPD",
	framework.SchemeUpstream: "upstream",
}

// schemeLabel names a reference scheme in lang.
func schemeLabel(lang, scheme string) string {
	if scheme == framework.SchemeGDPR && lang == framework.English {
		return "GDPR"
	}
	if l, ok := schemeLabels[scheme]; ok {
		return l
	}
	return scheme
}

// colon returns the colon of lang: French puts a non-breaking space before
// it.
func colon(lang string) string {
	if lang == framework.French {
		return "\u00a0:"
	}
	return ":"
}

// semicolon returns the semicolon of lang, spaced like colon.
func semicolon(lang string) string {
	if lang == framework.French {
		return "\u00a0;"
	}
	return ";"
}

// quote puts s between the quotation marks of lang: « » with non-breaking
// spaces in French, “ ” in English.
func quote(lang, s string) string {
	if lang == framework.French {
		return "«\u00a0" + s + "\u00a0»"
	}
	return "“" + s + "”"
}

var frenchSpacing = strings.NewReplacer(
	" :", "\u00a0:", " ;", "\u00a0;", " !", "\u00a0!", " ?", "\u00a0?",
	"« ", "«\u00a0", " »", "\u00a0»",
)

// typeset applies the spacing rules of lang to a text: in French, the space
// before : ; ! ? and inside « » becomes non-breaking, so that a line never
// starts with the mark. English text is returned as is.
func typeset(lang, s string) string {
	if lang != framework.French {
		return s
	}
	return frenchSpacing.Replace(s)
}

// text returns t in lang, typeset.
func text(lang string, t framework.Text) string { return typeset(lang, t.Get(lang)) }

// day formats a date; the ISO form reads the same in both languages.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// instant formats a moment to the minute, in UTC.
func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
