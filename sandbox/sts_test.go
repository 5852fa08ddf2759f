package sandbox

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	amtypes "github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

const memberAccount = "222222222222"

func orgSandbox(t *testing.T) *sandboxT {
	return startSandbox(t, Options{Accounts: []Account{{ID: memberAccount, AccessKeyIDs: []string{"AKIAMEMBER"}}}})
}

func TestGetCallerIdentityNamesTheAccountOfTheKey(t *testing.T) {
	sb := orgSandbox(t)
	for key, want := range map[string]string{"AKIAANY": DefaultAccountID, "AKIAMEMBER": memberAccount} {
		out, err := sb.sts(key).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("GetCallerIdentity with %s: %v", key, err)
		}
		if *out.Account != want || !strings.HasPrefix(*out.Arn, "arn:aws:iam::"+want+":") || *out.UserId != key {
			t.Errorf("GetCallerIdentity with %s = %s %s %s, want account %s", key, *out.Account, *out.Arn, *out.UserId, want)
		}
	}
}

func TestAssumeRoleActsAsTheOtherAccount(t *testing.T) {
	sb := orgSandbox(t)
	out, err := sb.sts("AKIAMGMT").AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:aws:iam::" + memberAccount + ":role/HdsctlAudit"),
		RoleSessionName: aws.String("hdsctl"),
	})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	creds := out.Credentials
	if !strings.HasPrefix(*creds.AccessKeyId, "ASIA") || *creds.SessionToken == "" || creds.Expiration == nil {
		t.Fatalf("credentials = %+v", creds)
	}
	cfg := clientConfig(sb.URL, "eu-west-1", *creds.AccessKeyId)
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if *id.Account != memberAccount || *id.Arn != "arn:aws:sts::"+memberAccount+":assumed-role/HdsctlAudit/hdsctl" {
		t.Errorf("as the role: account %s arn %s", *id.Account, *id.Arn)
	}

	// The role's calls land in the member account, not in the caller's.
	createControl(t, auditmanager.NewFromConfig(cfg), "member control")
	list, err := sb.auditManager("eu-west-1").ListControls(ctx, &auditmanager.ListControlsInput{ControlType: amtypes.ControlTypeCustom})
	if err != nil || len(list.ControlMetadataList) != 0 {
		t.Errorf("the management account sees %d custom controls, want none (%v)", len(list.ControlMetadataList), err)
	}
}

func TestAssumeRoleIntoAnUnknownAccountIsDenied(t *testing.T) {
	sb := orgSandbox(t)
	_, err := sb.sts("AKIAMGMT").AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:aws:iam::999999999999:role/Nope"),
		RoleSessionName: aws.String("hdsctl"),
	})
	if errorCode(err) != "AccessDenied" {
		t.Errorf("AssumeRole into an unknown account gave %v, want AccessDenied", err)
	}
	_, err = sb.sts("AKIAMGMT").AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:aws:iam::" + memberAccount + ":role/R"),
		RoleSessionName: aws.String("x"),
	})
	if errorCode(err) != "ValidationError" {
		t.Errorf("a one-character session name gave %v, want ValidationError", err)
	}
}

func TestExpiredSessionIsRefused(t *testing.T) {
	sb := orgSandbox(t)
	out, err := sb.sts("AKIAMGMT").AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:aws:iam::" + memberAccount + ":role/R"),
		RoleSessionName: aws.String("short"),
		DurationSeconds: aws.Int32(900),
	})
	if err != nil {
		t.Fatal(err)
	}
	key := *out.Credentials.AccessKeyId
	sb.mu.Lock()
	sess := sb.st.Sessions[key]
	sess.Expires = sess.Expires.Add(-time.Hour)
	sb.st.Sessions[key] = sess
	sb.mu.Unlock()
	_, err = sts.NewFromConfig(clientConfig(sb.URL, "eu-west-1", key)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if errorCode(err) != "ExpiredToken" {
		t.Errorf("expired credentials gave %v, want ExpiredToken", err)
	}
}
