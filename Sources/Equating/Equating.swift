// The Equating module: IRT linking, equating and reporting-scale conversion tables.
