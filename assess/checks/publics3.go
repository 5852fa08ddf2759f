package checks

import (
	"strings"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

var publicS3Facts = []inventory.Fact{
	inventory.FactAccountPublicAccess, inventory.FactBuckets, inventory.FactBucketPublicAccess,
}

// publicS3 is s3-public-access-blocked: S3 Block Public Access is on, all
// four settings, for the account, or else for every bucket of the account.
// With the account-level block on, the account passes whole; without it,
// each bucket passes or fails on its own block. An account without buckets
// passes, with advice when its account-level block is off.
func publicS3(inv *inventory.Inventory, r *report) {
	r.gaps(inv, "", publicS3Facts...)
	for _, a := range inv.Accounts {
		r.publicS3Account(inv, a)
	}
}

func (r *report) publicS3Account(inv *inventory.Inventory, a inventory.Account) {
	global := globalOf(a.ID)
	if r.unread(a, publicS3Facts...) || a.S3PublicAccessBlock == nil ||
		inv.Unknown(inventory.FactAccountPublicAccess, global, "") {
		return
	}
	block := *a.S3PublicAccessBlock
	if block.Complete() {
		r.add(results.Pass, global, accountResource(a.ID), framework.Text{
			EN: "S3 Block Public Access is on for the whole account, which covers every bucket",
			FR: "le blocage de l'accès public S3 est activé pour l'ensemble du compte, ce qui couvre tous ses " +
				"compartiments",
		})
		return
	}
	fixAccount := "aws s3control put-public-access-block --account-id " + a.ID + " --public-access-block-configuration " +
		"BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"
	buckets := 0
	for _, b := range inv.Buckets {
		if b.Account != a.ID {
			continue
		}
		buckets++
		if inv.Unknown(inventory.FactBuckets, b.Location, b.ARN) ||
			inv.Unknown(inventory.FactBucketPublicAccess, b.Location, b.ARN) {
			continue
		}
		if b.PublicAccessBlock.Complete() {
			r.add(results.Pass, b.Location, b.ARN, say("S3 bucket %s blocks all public access",
				"le compartiment S3 %s bloque tout accès public", b.Name))
			continue
		}
		fixBucket := "aws s3api put-public-access-block --bucket " + b.Name + " ..."
		r.add(results.Fail, b.Location, b.ARN, say(
			"S3 bucket %s can be made public: its Block Public Access settings %s are off, and the account-level "+
				"block does not cover it (off: %s). Turn on all four settings for the account (%s) or for the "+
				"bucket (%s)",
			"le compartiment S3 %s peut être rendu public : ses paramètres de blocage de l'accès public %s sont "+
				"désactivés, et le blocage au niveau du compte ne le couvre pas (désactivés : %s). Activez les "+
				"quatre paramètres pour le compte (%s) ou pour le compartiment (%s)",
			b.Name, strings.Join(b.PublicAccessBlock.Missing(), ", "), strings.Join(block.Missing(), ", "),
			fixAccount, fixBucket))
	}
	if buckets == 0 {
		r.add(results.Pass, global, accountResource(a.ID), say(
			"the account has no S3 bucket; its account-level Block Public Access is off (%s), so a bucket "+
				"created later could be made public: %s",
			"le compte n'a aucun compartiment S3 ; le blocage de l'accès public au niveau du compte est "+
				"désactivé (%s), si bien qu'un compartiment créé plus tard pourrait être rendu public : %s",
			strings.Join(block.Missing(), ", "), fixAccount))
	}
}
