// The ItemLint module: item-writing lint rules, configuration, suppressions and reporters.
