package conformance

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/configservice"

	"github.com/hdsctl/hdsctl/deploy"
)

// packAPI is the AWS Config API of one kind of conformance pack: the packs
// of the calling account (accountPacks), or the organization packs AWS
// Config deploys in every member account (orgPacks). Each method makes the
// one call its name says, never retried: the lifecycle around them
// (ownership checks, waiting out work in progress, waiting for AWS Config to
// finish) is the Target's, the same for both kinds.
type packAPI interface {
	// noun names the kind in messages: "conformance pack".
	noun() string
	// put creates or updates the pack of spec, recording hash, and returns
	// the pack's ARN.
	put(ctx context.Context, client *configservice.Client, spec *packSpec, hash string) (string, error)
	// remove deletes a pack; a pack already gone counts as deleted.
	remove(ctx context.Context, client *configservice.Client, name string) error
	// phase reads where AWS Config is with a pack; found is false when the
	// pack does not exist.
	phase(ctx context.Context, client *configservice.Client, name string) (p packPhase, found bool, err error)
}

// packPhase is where AWS Config is with a pack, in terms both kinds share.
type packPhase struct {
	// busy is true while AWS Config works on the pack.
	busy bool
	// deployed is true once the pack is deployed (in every account it
	// targets, for an organization pack).
	deployed bool
	// deployFailed and deleteFailed are true when AWS Config gave up.
	deployFailed, deleteFailed bool
	// why says why AWS Config gave up, reading more from it if need be.
	why func() string
}

// applyChange creates, updates or deletes one pack of the kind api deploys.
func (t *Target) applyChange(ctx context.Context, api packAPI, ch deploy.Change) (string, error) {
	client := t.client(ch.Region)
	switch ch.Action {
	case deploy.Noop:
		return ch.ID, nil
	case deploy.Delete:
		return ch.ID, t.deleteChange(ctx, api, client, ch)
	case deploy.Create:
		if t.isForeign(ch.Region, ch.Key) {
			return "", foreignError(ch.Kind, ch.Region, ch.Key)
		}
	case deploy.Update:
		if _, err := t.checkOwned(ctx, client, ch); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("config target: unknown action %q", ch.Action)
	}
	spec, ok := ch.Desired.Spec.(*packSpec)
	if !ok {
		return "", fmt.Errorf("config target: %s %s has no pack to deploy", ch.Kind, ch.Key)
	}
	var arn string
	err := t.retryInUse(ctx, func() error {
		var err error
		arn, err = api.put(ctx, client, spec, ch.Desired.Hash)
		return err
	}, func() error { return t.waitSettled(ctx, api, client, ch.Region, spec.pack.Name) })
	if err != nil {
		return "", fmt.Errorf("deploying %s %s in %s: %w", api.noun(), spec.pack.Name, ch.Region, err)
	}
	if err := t.waitDeployed(ctx, api, client, ch.Region, spec.pack.Name); err != nil {
		return arn, err
	}
	return arn, nil
}

// deleteChange deletes one pack and waits until it is gone. A pack already
// gone counts as deleted.
func (t *Target) deleteChange(ctx context.Context, api packAPI, client *configservice.Client, ch deploy.Change) error {
	found, err := t.checkOwned(ctx, client, ch)
	if err != nil || !found {
		return err
	}
	err = t.retryInUse(ctx, func() error { return api.remove(ctx, client, ch.Key) },
		func() error { return t.waitSettled(ctx, api, client, ch.Region, ch.Key) })
	if err != nil {
		return fmt.Errorf("deleting %s %s in %s: %w", api.noun(), ch.Key, ch.Region, err)
	}
	return t.waitGone(ctx, api, client, ch.Region, ch.Key)
}

// waitDeployed waits until a pack is deployed.
func (t *Target) waitDeployed(ctx context.Context, api packAPI, client *configservice.Client, region, name string) error {
	pack := fmt.Sprintf("%s %s in %s", api.noun(), name, region)
	return t.poll(ctx, pack+" to be deployed", func() (bool, error) {
		p, found, err := api.phase(ctx, client, name)
		switch {
		case err != nil:
			return false, err
		case !found:
			return false, permanent(fmt.Errorf("%s disappeared while it was being deployed", pack))
		case p.deployFailed:
			return false, permanent(fmt.Errorf("AWS Config failed to deploy %s: %s", pack, p.why()))
		}
		return p.deployed, nil
	})
}

// waitSettled waits until no work is in progress on a pack.
func (t *Target) waitSettled(ctx context.Context, api packAPI, client *configservice.Client, region, name string) error {
	what := fmt.Sprintf("the work in progress on %s %s in %s to end", api.noun(), name, region)
	return t.poll(ctx, what, func() (bool, error) {
		p, found, err := api.phase(ctx, client, name)
		if err != nil {
			return false, err
		}
		return !found || !p.busy, nil
	})
}

// waitGone waits until a pack no longer exists.
func (t *Target) waitGone(ctx context.Context, api packAPI, client *configservice.Client, region, name string) error {
	pack := fmt.Sprintf("%s %s in %s", api.noun(), name, region)
	return t.poll(ctx, pack+" to be deleted", func() (bool, error) {
		p, found, err := api.phase(ctx, client, name)
		switch {
		case err != nil:
			return false, err
		case found && p.deleteFailed:
			return false, permanent(fmt.Errorf("AWS Config failed to delete %s: %s", pack, p.why()))
		}
		return !found, nil
	})
}

// claim reports whether a pack found with hdsctl's name for the framework
// is to be kept among the current packs: it reads the pack's tags, and
// leaves out a pack gone since the listing and a pack without hdsctl's tags,
// which it marks foreign.
func (t *Target) claim(ctx context.Context, client *configservice.Client, region, name, arn, frameworkID string) (bool, error) {
	tags, exists, err := readTags(ctx, client, arn)
	if err != nil || !exists {
		return false, err
	}
	if !ownedBy(tags, frameworkID) {
		t.markForeign(region, name)
		return false, nil
	}
	return true, nil
}
