// The BlueprintCoverage module: blueprint coverage checks of a bank and of exam forms.
