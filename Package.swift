// swift-tools-version: 6.1
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
    // MARK: Standard setting and candidate scores (issue 14)
    .library(name: "StandardSetting", targets: ["StandardSetting"]),
    .library(name: "CandidateScoring", targets: ["CandidateScoring"]),
    // MARK: QTI interchange (docs/qti.md)
    .library(name: "QTIInterchange", targets: ["QTIInterchange"]),
    // MARK: Report and fairness products (issue 15)
    .library(name: "Charts", targets: ["Charts"]),
    .library(name: "FairnessAnalysis", targets: ["FairnessAnalysis"]),
    .library(name: "TechnicalReport", targets: ["TechnicalReport"]),
    // MARK: Form assembly (docs/assembly.md)
    .library(name: "FormAssembly", targets: ["FormAssembly"]),
    // MARK: Bank scale (issue 11)
    .library(name: "ItemBankScale", targets: ["ItemBankScale"]),
    // SwiftPM plugins (docs/plugins.md)
    .plugin(name: "ItemLintBuildPlugin", targets: ["ItemLintBuildPlugin"]),
    .plugin(name: "LintItemsPlugin", targets: ["LintItemsPlugin"]),
    .plugin(name: "CalibratePlugin", targets: ["CalibratePlugin"]),
    .plugin(name: "ExportEquatingPlugin", targets: ["ExportEquatingPlugin"]),
  ],
  // MARK: Form assembly traits (docs/assembly.md)
  // `swift build --traits CBC` links COIN-OR CBC (Debian: coinor-libcbc-dev) as a second solver
  // for `itembench assemble --solver cbc`. The default build needs nothing beyond the toolchain.
  traits: [
    .trait(name: "CBC", description: "Link COIN-OR CBC (coinor-libcbc-dev) as a form-assembly solver")
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    // MARK: QTI interchange: content-package ZIP archives
    .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    // MARK: Report dependency (issue 15): the HTML of `itembench report`
    .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
  ],
  targets: [
    // MARK: Core libraries (pipeline order: bank → lint / coverage → IRT → equating)

    /// Diagnostics, source locations, atomic file output, table exporters. No dependencies.
    .target(name: "ItemBenchCore"),

    /// YAML composition with positions; the one mapping reader every file format uses (items,
    /// blueprints, forms, scales, bank scales, project and lint configuration): strict types,
    /// every problem collected with its line and column; and the libyaml fast path for item
    /// files (YAMLTree, the one user of CYaml).
    .target(
      name: "ItemBenchYAML",
      dependencies: ["ItemBenchCore", .product(name: "Yams", package: "Yams")]
    ),

    /// Item, blueprint and form models and their YAML loader.
    .target(
      name: "ItemBank",
      dependencies: ["ItemBenchCore", "ItemBenchYAML", .product(name: "Yams", package: "Yams")]
    ),

    /// Item-writing lint rules, configuration, suppressions, baselines and reporters.
    .target(
      name: "ItemLint",
      dependencies: ["ItemBenchCore", "ItemBank", "ItemBenchYAML", .product(name: "Yams", package: "Yams")]
    ),

    /// Blueprint coverage validation of a bank and of exam forms.
    .target(name: "BlueprintCoverage", dependencies: ["ItemBenchCore", "ItemBank"]),

    /// The calibration's vector kernels in C (E-step row sums and count scatter, cross-product
    /// information): baseline x86-64, AVX2 and AVX-512 builds chosen at run time, bit-identical
    /// results (docs/calibration.md, "Kernels").
    .target(name: "CalibrationKernels"),

    /// Response data, classical item analysis, IRT calibration, scoring and fit.
    .target(name: "ItemResponseTheory", dependencies: ["ItemBenchCore", "CalibrationKernels"]),

    /// Linking, equating and reporting-scale conversion tables.
    .target(
      name: "Equating",
      dependencies: [
        "ItemBenchCore", "ItemBenchYAML", "ItemResponseTheory", .product(name: "Yams", package: "Yams"),
      ]
    ),

    // MARK: Bank scale (issue 11)

    /// The program's bank scale: banked parameters with provenance and history, its text file
    /// format, and conversion tables (pre- and post-equated) from it.
    .target(
      name: "ItemBankScale",
      dependencies: [
        "ItemBenchCore", "ItemBenchYAML", "ItemResponseTheory", "Equating", .product(name: "Yams", package: "Yams"),
      ]
    ),
    .testTarget(
      name: "ItemBankScaleTests", dependencies: ["ItemBankScale", "Equating", "ItemResponseTheory", "ItemBenchCore"]),

    /// The whole exam cycle on a project: lint → coverage → analysis → calibration → linking →
    /// equating → scale tables → summary.
    .target(
      name: "ExamCycle",
      dependencies: [
        "ItemBenchCore", "ItemBank", "ItemLint", "BlueprintCoverage", "ItemResponseTheory", "Equating",
        "ItemBankScale", "CandidateScoring", "FairnessAnalysis", "TechnicalReport", "ItemBenchYAML",
        .product(name: "Yams", package: "Yams"),
      ]
    ),

    // MARK: Standard setting and candidate scores (issue 14)

    /// Modified Angoff, Bookmark and Hofstee standard setting; writing the cut into a scale file.
    .target(name: "StandardSetting", dependencies: ["ItemBenchCore", "ItemResponseTheory", "Equating"]),

    /// Candidate score reports through a form's conversion table: scaled scores, decisions,
    /// CSEM bands, domain feedback and Haberman's subscore-value criterion.
    .target(name: "CandidateScoring", dependencies: ["ItemBenchCore", "ItemResponseTheory"]),

    .testTarget(
      name: "StandardSettingTests",
      dependencies: ["StandardSetting", "Equating", "ItemResponseTheory", "ItemBenchCore"]
    ),
    .testTarget(
      name: "CandidateScoringTests",
      dependencies: ["CandidateScoring", "Equating", "ItemBank", "ItemResponseTheory", "ItemBenchCore"]
    ),

    // MARK: QTI interchange (docs/qti.md)

    /// QTI 3.0 export of items and forms as a content package, and import of QTI 3.0 / 2.2
    /// choice items: its own XML writer and reader, deterministic ZIP archives.
    .target(
      name: "QTIInterchange",
      dependencies: [
        "ItemBenchCore", "ItemBank", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    .testTarget(
      name: "QTIInterchangeTests",
      dependencies: ["TestSupport", "QTIInterchange", "ItemBank", "ItemBenchCore", "ItemLint"],
      exclude: ["Fixtures"]
    ),
    // MARK: Technical report and fairness (issue 15)

    /// Deterministic SVG charts: axes, ticks, lines, points, bars, error bars, legends.
    .target(name: "Charts", dependencies: ["ItemBenchCore"]),

    /// Differential item functioning: Mantel–Haenszel, standardisation, logistic regression.
    .target(name: "FairnessAnalysis", dependencies: ["ItemBenchCore", "ItemResponseTheory"]),

    /// The self-contained HTML technical report of an administration (Plot + inline SVG).
    .target(
      name: "TechnicalReport",
      dependencies: [
        "ItemBenchCore", "ItemResponseTheory", "Equating", "FairnessAnalysis", "Charts",
        .product(name: "Plot", package: "Plot"),
      ]
    ),

    // MARK: Form assembly (docs/assembly.md)

    /// COIN-OR CBC's C interface, found through pkg-config (`cbc`); only with the CBC trait.
    .systemLibrary(
      name: "CCbc", path: "Sources/CCbc", pkgConfig: "cbc", providers: [.apt(["coinor-libcbc-dev"])]),

    /// Automated test assembly: the blueprint, statuses, enemies, anchors, overlap and usage as a
    /// mixed-integer program; a built-in solver and, with the CBC trait, COIN-OR CBC.
    .target(
      name: "FormAssembly",
      dependencies: [
        "ItemBenchCore", "ItemBank", "BlueprintCoverage", "ItemResponseTheory",
        .target(name: "CCbc", condition: .when(traits: ["CBC"])),
      ]
    ),

    // MARK: Command-line tool

    .executableTarget(
      name: "itembench",
      dependencies: [
        "ItemBenchCore", "ItemBank", "ItemLint", "BlueprintCoverage", "ItemResponseTheory",
        "Equating", "ExamCycle", "StandardSetting", "CandidateScoring", "QTIInterchange",
        "FairnessAnalysis", "TechnicalReport", "FormAssembly", "ItemBankScale",
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
            reason:
              "export-equating writes the equating and scale tables into a folder of the package (default: equating-tables)"
          )
        ]
      ),
      dependencies: ["itembench"]
    ),

    // MARK: Tests

    /// What the test targets share: the seeded generator, the subprocess runner, the package
    /// layout (issue 18: one copy instead of one per target).
    .target(name: "TestSupport", dependencies: ["ItemResponseTheory"], path: "Tests/TestSupport"),
    .testTarget(name: "ItemBenchCoreTests", dependencies: ["ItemBenchCore"]),
    .testTarget(
      name: "ItemBankTests",
      dependencies: [
        "TestSupport", "ItemResponseTheory", "ItemBank", "ItemBenchCore", "ItemBenchYAML",
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "ItemLintTests",
      dependencies: ["TestSupport", "ItemResponseTheory", "ItemLint", "ItemBank", "ItemBenchCore"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "BlueprintCoverageTests",
      dependencies: ["TestSupport", "ItemResponseTheory", "BlueprintCoverage", "ItemBank", "ItemBenchCore"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "ItemResponseTheoryTests",
      dependencies: ["TestSupport", "ItemResponseTheory", "ItemBenchCore", "CalibrationKernels"]),
    .testTarget(
      name: "EquatingTests", dependencies: ["TestSupport", "Equating", "ItemResponseTheory"], exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "ExamCycleTests",
      dependencies: ["ExamCycle", "ItemBenchCore", "ItemResponseTheory", "ItemBankScale", "Equating"]),
    // MARK: Report and fairness tests (issue 15)
    .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
    .testTarget(
      name: "FairnessAnalysisTests", dependencies: ["FairnessAnalysis", "ItemResponseTheory"]
    ),
    .testTarget(
      name: "TechnicalReportTests",
      dependencies: [
        "TestSupport",
        "TechnicalReport", "FairnessAnalysis", "Charts", "ItemResponseTheory", "Equating",
        "ItemBenchCore",
      ]
    ),
    .testTarget(
      name: "FormAssemblyTests",
      dependencies: ["FormAssembly", "BlueprintCoverage", "ItemBank", "ItemResponseTheory", "ItemBenchCore"]
    ),
    .testTarget(
      name: "CLITests",
      dependencies: ["TestSupport", "ItemResponseTheory", "itembench"]
    ),
  ]
)
