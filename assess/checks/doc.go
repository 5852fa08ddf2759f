// Package checks implements hdsctl's own HDS checks, the HDSCTL_CHECK
// evidence sources of the catalog (framework.Checks). Each check is a pure
// function from an inventory to findings; the registry maps check names to
// them.
//
// Every check follows the same conventions, so that reports read alike:
//
//   - One finding per resource judged, PASS findings included, so a report
//     shows what was checked. Resource is the resource's ARN, or
//     AWS::::Account:<id> for a setting of a whole account or Region (the
//     form Security Hub uses).
//   - A fact the provider could not read (an inventory.Gap) gives an ERROR
//     finding naming the Region, service, operation and error, and the
//     resources it concerns are not judged: a check neither passes nor fails
//     on a guess. The checks that ask for at least one good resource (a
//     trail, a backup plan) report the gaps only when they found none.
//   - An account with nothing to judge gets one PASS finding of its own that
//     says what was looked for. The rules are universal ("every key is
//     rotated"), so an empty estate meets them; and results.Aggregate reads a
//     control whose findings are all NOT_APPLICABLE as awaiting manual
//     evidence, which would hide that the check ran.
//   - An account-wide fact that the provider was not asked to read is an
//     ERROR, never a default.
//   - Source is HDSCTL_CHECK:<name>; a FAIL message says what is wrong and
//     how to fix it.
//   - Every message is given in English and in French (results.Finding.Say),
//     the French one a sentence in French throughout: only names, ARNs,
//     IDs, Regions, numbers and commands are the same in both.
//
// Check.Run returns a check's findings sorted; Check.Emit hands them over
// one at a time as they are found, so that a caller summing passing
// findings up (results.Digest) never holds those of a whole estate.
//
// Whether a check applies to a host (backup-plan-coverage concerns hosting
// activity 6) is decided by the applicability of the catalog control that
// names it, not here.
package checks
