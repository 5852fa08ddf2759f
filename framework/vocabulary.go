package framework

import (
	"fmt"
	"regexp"
	"sort"
)

// Check is one of hdsctl's own checks, named by HDSCTL_CHECK sources. Package
// assess implements each of them.
type Check struct {
	Name        string
	Title       Text
	Description Text
}

// Checks lists hdsctl's own checks, by name.
var Checks = []Check{
	{"eea-data-residency",
		Text{"Données de santé stockées dans l'EEE uniquement", "Health data stored in the EEA only"},
		Text{"Chaque ressource de stockage (S3 et ses destinations de réplication, RDS, DynamoDB, EBS, EFS, coffres AWS Backup et leurs copies) se trouve dans une Région de l'Espace économique européen.",
			"Every storage resource (S3 and its replication destinations, RDS, DynamoDB, EBS, EFS, AWS Backup vaults and their copies) sits in a Region of the European Economic Area."}},
	{"cloudtrail-multi-region-validated",
		Text{"Journalisation CloudTrail multi-Région avec validation", "Multi-Region CloudTrail logging with validation"},
		Text{"Au moins un journal CloudTrail couvre toutes les Régions, enregistre, et valide l'intégrité de ses fichiers.",
			"At least one CloudTrail trail covers every Region, is logging, and validates the integrity of its files."}},
	{"encryption-at-rest-default",
		Text{"Chiffrement au repos par défaut", "Encryption at rest by default"},
		Text{"Le chiffrement EBS par défaut est actif dans chaque Région, et les compartiments S3, volumes et instantanés EBS, bases RDS et leurs instantanés, et systèmes EFS sont chiffrés.",
			"EBS encryption by default is on in every Region, and S3 buckets, EBS volumes and snapshots, RDS databases and their snapshots, and EFS file systems are encrypted."}},
	{"s3-public-access-blocked",
		Text{"Accès public S3 bloqué", "S3 public access blocked"},
		Text{"Le blocage de l'accès public S3 est actif au niveau du compte, ou sur chaque compartiment.",
			"S3 Block Public Access is on for the account, or on every bucket."}},
	{"kms-key-rotation",
		Text{"Rotation des clés KMS", "KMS key rotation"},
		Text{"Chaque clé KMS symétrique gérée par le client a la rotation automatique activée.",
			"Every customer-managed symmetric KMS key has automatic rotation on."}},
	{"root-account-mfa",
		Text{"MFA sur le compte racine", "Root account MFA"},
		Text{"L'utilisateur racine du compte est protégé par une authentification multifacteur.",
			"The account's root user is protected by multi-factor authentication."}},
	{"iam-password-policy",
		Text{"Politique de mots de passe IAM", "IAM password policy"},
		Text{"La politique de mots de passe IAM exige au moins 14 caractères, quatre classes de caractères et interdit la réutilisation des 24 derniers.",
			"The IAM password policy requires at least 14 characters, four character classes, and forbids reusing the last 24."}},
	{"backup-plan-coverage",
		Text{"Plans de sauvegarde", "Backup plans"},
		Text{"Au moins un plan AWS Backup existe avec une règle planifiée et des ressources affectées, dans une Région de l'EEE.",
			"At least one AWS Backup plan exists with a scheduled rule and assigned resources, in an EEA Region."}},
	{"aws-artifact-certifications",
		Text{"Certifications d'AWS (AWS Artifact)", "AWS certifications (AWS Artifact)"},
		Text{"Les rapports en vigueur d'AWS pour HDS et ISO/IEC 27001 sont disponibles dans AWS Artifact, avec leur période de validité.",
			"AWS's current HDS and ISO/IEC 27001 reports are available in AWS Artifact, with their period of validity."}},
}

// LookupCheck returns the hdsctl check with the given name.
func LookupCheck(name string) (Check, bool) {
	for _, c := range Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

func checkNames() []string {
	names := make([]string, len(Checks))
	for i, c := range Checks {
		names[i] = c.Name
	}
	return names
}

// Condition is a condition under which a control applies.
type Condition struct {
	Name  string
	Label Text
}

// Conditions is the vocabulary of applicability conditions, the triggers
// written into the HDS requirements themselves.
var Conditions = []Condition{
	{"stores-health-data", Text{"le service stocke des données de santé", "the service stores health data"}},
	{"uses-subcontractors", Text{"l'hébergeur recourt à des sous-traitants", "the host uses subcontractors"}},
	{"uses-certified-subcontractors", Text{"un sous-traitant certifié HDS réalise tout ou partie de l'hébergement", "an HDS-certified subcontractor performs part of the hosting"}},
	{"dedicated-resources", Text{"des ressources sont dédiées au client", "resources are dedicated to the client"}},
	{"shared-resources", Text{"des ressources sont partagées entre clients", "resources are shared between clients"}},
	{"non-eea-remote-access", Text{"un accès à distance depuis un pays hors EEE existe", "remote access from outside the EEA exists"}},
	{"third-country-law-exposure", Text{"l'hébergeur ou un sous-traitant est soumis au droit d'un pays tiers", "the host or a subcontractor is subject to third-country law"}},
	{"client-interfaces", Text{"le service offre des interfaces ou un support aux clients", "the service offers client interfaces or support"}},
}

// LookupCondition returns the condition with the given name.
func LookupCondition(name string) (Condition, bool) {
	for _, c := range Conditions {
		if c.Name == name {
			return c, true
		}
	}
	return Condition{}, false
}

func conditionNames() []string {
	names := make([]string, len(Conditions))
	for i, c := range Conditions {
		names[i] = c.Name
	}
	return names
}

// Activities names the six HDS hosting activities of article R.1111-9 of the
// Code de la santé publique.
var Activities = map[int]Text{
	1: {"Mise à disposition et maintien en condition opérationnelle des sites physiques hébergeant l'infrastructure matérielle", "Providing and operating the physical sites that house the hardware"},
	2: {"Mise à disposition et maintien en condition opérationnelle de l'infrastructure matérielle", "Providing and operating the hardware infrastructure"},
	3: {"Mise à disposition et maintien en condition opérationnelle de l'infrastructure virtuelle", "Providing and operating the virtual infrastructure"},
	4: {"Mise à disposition et maintien en condition opérationnelle de la plateforme d'hébergement d'applications", "Providing and operating the application hosting platform"},
	5: {"Administration et exploitation du système d'information contenant les données de santé", "Administering and operating the information system holding the health data"},
	6: {"Sauvegarde des données de santé", "Backing up the health data"},
}

// HDSRequirements returns the requirement IDs of the HDS v2 referential: EXI 01
// to EXI 31 and CH 8, the chapter 8 presentation of guarantees.
func HDSRequirements() []string {
	ids := make([]string, 0, 32)
	for i := 1; i <= 31; i++ {
		ids = append(ids, fmt.Sprintf("EXI %02d", i))
	}
	return append(ids, "CH 8")
}

// ISOAnnexA returns the 93 control IDs of ISO/IEC 27001:2022 Annex A, A.5.1 to
// A.8.34, in order.
func ISOAnnexA() []string {
	var ids []string
	for _, theme := range []struct{ n, count int }{{5, 37}, {6, 8}, {7, 14}, {8, 34}} {
		for i := 1; i <= theme.count; i++ {
			ids = append(ids, fmt.Sprintf("A.%d.%d", theme.n, i))
		}
	}
	return ids
}

// ISOClauses returns the requirement clauses of ISO/IEC 27001:2022, 4.1 to
// 10.2, with the sub-clauses that carry requirements of their own.
func ISOClauses() []string {
	return []string{
		"4.1", "4.2", "4.3", "4.4",
		"5.1", "5.2", "5.3",
		"6.1", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
		"7.1", "7.2", "7.3", "7.4", "7.5", "7.5.1", "7.5.2", "7.5.3",
		"8.1", "8.2", "8.3",
		"9.1", "9.2", "9.2.1", "9.2.2", "9.3", "9.3.1", "9.3.2", "9.3.3",
		"10.1", "10.2",
	}
}

// Schemes lists the reference schemes validation knows.
var Schemes = []string{SchemeHDS, SchemeISO, SchemeCSP, SchemeGDPR, SchemeUpstream}

var (
	cspRe  = regexp.MustCompile(`^[LRD]\.\d{4}-\d+(-\d+)*( \d+°(-\d+°)?)?$`)
	gdprRe = regexp.MustCompile(`^Art\. ([1-9]|[1-9]\d)(\(\d+\))?(\([a-z]\))?$`)
)

// validReference reports whether id is a requirement of the scheme, and if
// not, how it should be written.
func validReference(scheme, id string) (bool, string) {
	switch scheme {
	case SchemeHDS:
		return contains(HDSRequirements(), id), `write "EXI 01" to "EXI 31", or "CH 8"`
	case SchemeISO:
		ok := contains(ISOAnnexA(), id) || contains(ISOClauses(), id)
		hint := "write an Annex A control (A.5.1 to A.8.34) or a clause (4.1 to 10.2)"
		if !ok {
			if s := Closest(id, append(ISOAnnexA(), ISOClauses()...)); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
		}
		return ok, hint
	case SchemeCSP:
		return cspRe.MatchString(id), `write the article as "R.1111-11", with its item if any: "R.1111-11 1°"`
	case SchemeGDPR:
		return gdprRe.MatchString(id), `write the article as "Art. 28" or "Art. 28(4)"`
	case SchemeUpstream:
		return id != "", "name the upstream control set"
	}
	return false, ""
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
