package framework

// SetCoverage counts how a control set's controls are evidenced.
type SetCoverage struct {
	Set *ControlSet
	// Controls is the number of controls in the set.
	Controls int
	// Automated counts controls with at least one automated source.
	Automated int
	// ManualOnly counts controls evidenced by people only.
	ManualOnly int
	// AWS counts controls AWS carries under the shared responsibility model.
	AWS int
}

// Coverage returns, for each control set and in total, how many controls have
// automated evidence.
func Coverage(fw *Framework) (sets []SetCoverage, total SetCoverage) {
	for _, s := range fw.ControlSets {
		sc := SetCoverage{Set: s, Controls: len(s.Controls)}
		for _, c := range s.Controls {
			if c.Automated() {
				sc.Automated++
			} else {
				sc.ManualOnly++
			}
			if c.EffectiveResponsibility() == ResponsibilityAWS {
				sc.AWS++
			}
		}
		sets = append(sets, sc)
		total.Controls += sc.Controls
		total.Automated += sc.Automated
		total.ManualOnly += sc.ManualOnly
		total.AWS += sc.AWS
	}
	return sets, total
}
