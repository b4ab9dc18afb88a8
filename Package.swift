// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "ItemBench",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "itembench", targets: ["itembench"]),
    .library(name: "ItemBenchCore", targets: ["ItemBenchCore"]),
    .library(name: "ItemBank", targets: ["ItemBank"]),
    .library(name: "ItemLint", targets: ["ItemLint"]),
    .library(name: "BlueprintCoverage", targets: ["BlueprintCoverage"]),
    .library(name: "ItemResponseTheory", targets: ["ItemResponseTheory"]),
    .library(name: "Equating", targets: ["Equating"]),
    .library(name: "ExamCycle", targets: ["ExamCycle"]),
    // MARK: Bank scale (issue 11)
    .library(name: "ItemBankScale", targets: ["ItemBankScale"]),
    // SwiftPM plugins (docs/plugins.md)
    .plugin(name: "ItemLintBuildPlugin", targets: ["ItemLintBuildPlugin"]),
    .plugin(name: "LintItemsPlugin", targets: ["LintItemsPlugin"]),
    .plugin(name: "CalibratePlugin", targets: ["CalibratePlugin"]),
    .plugin(name: "ExportEquatingPlugin", targets: ["ExportEquatingPlugin"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
  ],
  targets: [
    // MARK: Core libraries (pipeline order: bank → lint / coverage → IRT → equating)

    /// Diagnostics, source locations, atomic file output, table exporters. No dependencies.
    .target(name: "ItemBenchCore"),

    /// Item, blueprint and form models and their YAML loader.
    .target(
      name: "ItemBank",
      dependencies: ["ItemBenchCore", .product(name: "Yams", package: "Yams")]
    ),

    /// Item-writing lint rules, configuration, suppressions, baselines and reporters.
    .target(
      name: "ItemLint",
      dependencies: ["ItemBenchCore", "ItemBank", .product(name: "Yams", package: "Yams")]
    ),

    /// Blueprint coverage validation of a bank and of exam forms.
    .target(name: "BlueprintCoverage", dependencies: ["ItemBenchCore", "ItemBank"]),

    /// Response data, classical item analysis, IRT calibration, scoring and fit.
    .target(name: "ItemResponseTheory", dependencies: ["ItemBenchCore"]),

    /// Linking, equating and reporting-scale conversion tables.
    .target(
      name: "Equating",
      dependencies: [
        "ItemBenchCore", "ItemResponseTheory", .product(name: "Yams", package: "Yams"),
      ]
    ),

    // MARK: Bank scale (issue 11)

    /// The program's bank scale: banked parameters with provenance and history, its text file
    /// format, and conversion tables (pre- and post-equated) from it.
    .target(
      name: "ItemBankScale",
      dependencies: ["ItemBenchCore", "ItemResponseTheory", "Equating", .product(name: "Yams", package: "Yams")]
    ),
    .testTarget(name: "ItemBankScaleTests", dependencies: ["ItemBankScale", "Equating", "ItemResponseTheory", "ItemBenchCore"]),

    /// The whole exam cycle on a project: lint → coverage → analysis → calibration → linking →
    /// equating → scale tables → summary.
    .target(
      name: "ExamCycle",
      dependencies: [
        "ItemBenchCore", "ItemBank", "ItemLint", "BlueprintCoverage", "ItemResponseTheory", "Equating",
        "ItemBankScale", .product(name: "Yams", package: "Yams"),
      ]
    ),

    // MARK: Command-line tool

    .executableTarget(
      name: "itembench",
      dependencies: [
        "ItemBenchCore", "ItemBank", "ItemLint", "BlueprintCoverage", "ItemResponseTheory",
        "Equating", "ExamCycle", "ItemBankScale",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Yams", package: "Yams"),
      ]
    ),

    // MARK: Plugins (docs/plugins.md)

    /// Lints an adopting target's items during `swift build` (a build command, not prebuild:
    /// it runs the `itembench` built from source).
    .plugin(
      name: "ItemLintBuildPlugin",
      capability: .buildTool(),
      dependencies: ["itembench"]
    ),

    /// `swift package lint-items [ARGUMENTS]`: `itembench lint`, Items/ by default.
    .plugin(
      name: "LintItemsPlugin",
      capability: .command(
        intent: .custom(verb: "lint-items", description: "Lint exam items with itembench lint")
      ),
      dependencies: ["itembench"]
    ),

    /// `swift package calibrate RESPONSES --model ...`: `itembench calibrate`.
    .plugin(
      name: "CalibratePlugin",
      capability: .command(
        intent: .custom(
          verb: "calibrate", description: "Calibrate IRT item parameters with itembench calibrate"),
        permissions: [
          .writeToPackageDirectory(reason: "itembench calibrate writes the parameter file named by --out")
        ]
      ),
      dependencies: ["itembench"]
    ),

    /// `swift package export-equating [--output-folder NAME]`: the equating tables of the
    /// shipped forms into a folder of the package.
    .plugin(
      name: "ExportEquatingPlugin",
      capability: .command(
        intent: .custom(
          verb: "export-equating",
          description: "Write the equating and scale tables of the shipped forms into the package"),
        permissions: [
          .writeToPackageDirectory(
            reason: "export-equating writes the equating and scale tables into a folder of the package (default: equating-tables)")
        ]
      ),
      dependencies: ["itembench"]
    ),

    // MARK: Tests

    .testTarget(name: "ItemBenchCoreTests", dependencies: ["ItemBenchCore"]),
    .testTarget(
      name: "ItemBankTests",
      dependencies: ["ItemBank", "ItemBenchCore", .product(name: "Yams", package: "Yams")],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "ItemLintTests", dependencies: ["ItemLint", "ItemBank", "ItemBenchCore"], exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "BlueprintCoverageTests", dependencies: ["BlueprintCoverage", "ItemBank", "ItemBenchCore"],
      exclude: ["Fixtures"]
    ),
    .testTarget(name: "ItemResponseTheoryTests", dependencies: ["ItemResponseTheory", "ItemBenchCore"]),
    .testTarget(
      name: "EquatingTests", dependencies: ["Equating", "ItemResponseTheory"], exclude: ["Fixtures"]
    ),
    .testTarget(name: "ExamCycleTests", dependencies: ["ExamCycle", "ItemBenchCore", "ItemResponseTheory", "ItemBankScale", "Equating"]),
    .testTarget(
      name: "CLITests",
      dependencies: ["itembench"]
    ),
  ]
)
