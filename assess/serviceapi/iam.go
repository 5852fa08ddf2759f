package serviceapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/hdsctl/hdsctl/assess/inventory"
	"github.com/hdsctl/hdsctl/internal/awserr"
)

// iamSettings reads the root user's MFA status and the password policy.
func (r *run) iamSettings(ctx context.Context, region string) {
	client := iam.NewFromConfig(r.cfg, func(o *iam.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, r.limits.apiOption("iam"))
	})
	settings := &inventory.IAMSettings{}
	summary, err := client.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		r.failed(ctx, inventory.GlobalRegion, "", "iam", "GetAccountSummary", err,
			inventory.FactRootMFA)
	} else {
		settings.RootMFA = summary.SummaryMap["AccountMFAEnabled"] == 1
	}
	policy, err := client.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	switch {
	case awserr.HasCode(err, "NoSuchEntity"):
	case err != nil:
		r.failed(ctx, inventory.GlobalRegion, "", "iam", "GetAccountPasswordPolicy", err,
			inventory.FactPasswordPolicy)
	default:
		p := policy.PasswordPolicy
		settings.PasswordPolicy = &inventory.PasswordPolicy{
			MinimumLength:    int(aws.ToInt32(p.MinimumPasswordLength)),
			RequireUppercase: p.RequireUppercaseCharacters,
			RequireLowercase: p.RequireLowercaseCharacters,
			RequireNumbers:   p.RequireNumbers,
			RequireSymbols:   p.RequireSymbols,
			ReusePrevention:  int(aws.ToInt32(p.PasswordReusePrevention)),
		}
	}
	r.mu.Lock()
	r.account.IAM = settings
	r.mu.Unlock()
}
