package checks

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/framework"
)

// say formats a message in English and in French. An argument that is a
// framework.Text gives each language its own words; any other argument (a
// name, a number, a Region, a command) is the same in both.
func say(en, fr string, args ...any) framework.Text {
	enArgs, frArgs := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(framework.Text); ok {
			enArgs[i], frArgs[i] = t.EN, t.FR
			continue
		}
		enArgs[i], frArgs[i] = a, a
	}
	return framework.Text{EN: fmt.Sprintf(en, enArgs...), FR: fmt.Sprintf(fr, frArgs...)}
}

// The separators of the lists in messages. French typography puts a space
// before a semicolon.
var (
	semicolon = framework.Text{EN: "; ", FR: " ; "}
	comma     = framework.Same(", ")
)

// join joins texts with sep, language by language.
func join(texts []framework.Text, sep framework.Text) framework.Text {
	var en, fr []string
	for _, t := range texts {
		en, fr = append(en, t.EN), append(fr, t.FR)
	}
	return framework.Text{EN: strings.Join(en, sep.EN), FR: strings.Join(fr, sep.FR)}
}

// sentence returns s with its first letter in upper case.
func sentence(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// The kinds of resource the messages name; the French takes its article.
var (
	s3Bucket      = framework.Text{EN: "S3 bucket", FR: "le compartiment S3"}
	ebsVolume     = framework.Text{EN: "EBS volume", FR: "le volume EBS"}
	ebsSnapshot   = framework.Text{EN: "EBS snapshot", FR: "l'instantané EBS"}
	rdsInstance   = framework.Text{EN: "RDS DB instance", FR: "l'instance de base de données RDS"}
	rdsCluster    = framework.Text{EN: "RDS DB cluster", FR: "le cluster de base de données RDS"}
	rdsSnapshot   = framework.Text{EN: "RDS snapshot", FR: "l'instantané RDS"}
	dynamoDBTable = framework.Text{EN: "DynamoDB table", FR: "la table DynamoDB"}
	efsFileSystem = framework.Text{EN: "EFS file system", FR: "le système de fichiers EFS"}
	backupVault   = framework.Text{EN: "AWS Backup vault", FR: "le coffre-fort AWS Backup"}
	backupPlan    = framework.Text{EN: "AWS Backup plan", FR: "le plan de sauvegarde AWS Backup"}
)

// named names the resource of the given kind and name.
func named(kind framework.Text, name string) framework.Text {
	return framework.Text{EN: kind.EN + " " + name, FR: kind.FR + " " + name}
}

// factNamesFR names the facts of the inventory in French, with their
// article, as inventory.Fact names them in English.
var factNamesFR = map[inventory.Fact]string{
	inventory.FactBuckets:             "les compartiments S3 et leurs Régions",
	inventory.FactBucketEncryption:    "le chiffrement par défaut des compartiments S3",
	inventory.FactBucketPublicAccess:  "les blocages de l'accès public des compartiments S3",
	inventory.FactBucketReplication:   "les règles de réplication S3",
	inventory.FactAccountPublicAccess: "le blocage de l'accès public S3 au niveau du compte",
	inventory.FactEBSEncryptionDef:    "le chiffrement EBS par défaut",
	inventory.FactVolumes:             "les volumes EBS",
	inventory.FactVolumeSnapshots:     "les instantanés EBS",
	inventory.FactDBInstances:         "les instances de base de données RDS",
	inventory.FactDBClusters:          "les clusters de base de données RDS",
	inventory.FactDBSnapshots:         "les instantanés RDS",
	inventory.FactTables:              "les tables DynamoDB",
	inventory.FactFileSystems:         "les systèmes de fichiers EFS",
	inventory.FactBackupVaults:        "les coffres-forts AWS Backup",
	inventory.FactBackupPlans:         "les plans de sauvegarde AWS Backup",
	inventory.FactBackupSelections:    "les attributions de ressources des plans AWS Backup",
	inventory.FactTrails:              "les journaux de suivi CloudTrail",
	inventory.FactKeys:                "les clés KMS",
	inventory.FactRootMFA:             "l'état MFA de l'utilisateur racine",
	inventory.FactPasswordPolicy:      "la politique de mots de passe IAM",
}

// factName names f for a message. A fact without a French name keeps its
// English one.
func factName(f inventory.Fact) framework.Text {
	fr, ok := factNamesFR[f]
	if !ok {
		fr = string(f)
	}
	return framework.Text{EN: string(f), FR: fr}
}

// copyKindsFR names in French the kinds of copy of the inventory.
var copyKindsFR = map[inventory.CopyKind]string{
	inventory.CopyReplication:        "destination de réplication",
	inventory.CopyReadReplica:        "réplica en lecture",
	inventory.CopyReplicatedBackups:  "sauvegardes automatisées répliquées",
	inventory.CopyGlobalTableReplica: "réplica de table globale",
	inventory.CopyBackupRule:         "copie de la règle",
}

// copyKind names the kind of a copy for a message: for the copy of an AWS
// Backup rule, with the rule's name.
func copyKind(c inventory.Copy) framework.Text {
	t := framework.Text{EN: string(c.Kind), FR: copyKindsFR[c.Kind]}
	if t.FR == "" {
		t.FR = t.EN
	}
	if c.Kind == inventory.CopyBackupRule {
		return say("%s %s", "%s %s", t, c.Rule)
	}
	return t
}

// countriesFR names in French the countries of awsref's Regions.
var countriesFR = map[string]string{
	"Australia":             "Australie",
	"Bahrain":               "Bahreïn",
	"Brazil":                "Brésil",
	"Canada":                "Canada",
	"Chile":                 "Chili",
	"China":                 "Chine",
	"France":                "France",
	"Germany":               "Allemagne",
	"Hong Kong SAR (China)": "RAS de Hong Kong (Chine)",
	"India":                 "Inde",
	"Indonesia":             "Indonésie",
	"Ireland":               "Irlande",
	"Israel":                "Israël",
	"Italy":                 "Italie",
	"Japan":                 "Japon",
	"Malaysia":              "Malaisie",
	"Mexico":                "Mexique",
	"New Zealand":           "Nouvelle-Zélande",
	"Saudi Arabia":          "Arabie saoudite",
	"Singapore":             "Singapour",
	"South Africa":          "Afrique du Sud",
	"South Korea":           "Corée du Sud",
	"Spain":                 "Espagne",
	"Sweden":                "Suède",
	"Switzerland":           "Suisse",
	"Taiwan":                "Taïwan",
	"Thailand":              "Thaïlande",
	"United Arab Emirates":  "Émirats arabes unis",
	"United Kingdom":        "Royaume-Uni",
	"United States":         "États-Unis",
}

// describeRegion names a Region and its country for a message; the French
// takes its article ("la Région eu-west-3 (France)").
func describeRegion(code string) framework.Text {
	if code == "" {
		return framework.Text{EN: "an unknown Region", FR: "une Région inconnue"}
	}
	r, ok := awsref.LookupRegion(code)
	if !ok {
		return say("%s (a Region hdsctl does not know)", "la Région %s (inconnue de hdsctl)", code)
	}
	country, ok := countriesFR[r.Country]
	if !ok {
		country = r.Country
	}
	return framework.Text{EN: code + " (" + r.Country + ")", FR: "la Région " + code + " (" + country + ")"}
}

// regionOrUnknown names a Region for a message, without its country.
func regionOrUnknown(code string) framework.Text {
	if code == "" {
		return framework.Text{EN: "an unknown Region", FR: "Région inconnue"}
	}
	return say("%s", "Région %s", code)
}

// eeaRegions lists the EEA Regions for a message.
func eeaRegions() string { return strings.Join(awsref.EEARegions(), ", ") }
