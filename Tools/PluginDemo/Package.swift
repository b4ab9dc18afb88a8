// swift-tools-version: 6.0
// A package that adopts ItemBench's build-tool plugin: `swift build` lints the exam items of
// each target below and prints the findings as compiler diagnostics. Tools/check_plugins.sh
// builds a copy of it; docs/plugins.md explains each line.
import PackageDescription

let package = Package(
  name: "PluginDemo",
  platforms: [.macOS(.v13)],
  dependencies: [
    // ItemBench by path; another package would use its URL and a version.
    .package(name: "ItemBench", path: "../..")
  ],
  targets: [
    // Items in the target's own Items/ directory (excluded from the target's sources, so
    // SwiftPM neither warns about them nor copies them into a resource bundle).
    .target(
      name: "ExamContent",
      exclude: ["Items"],
      plugins: [.plugin(name: "ItemLintBuildPlugin", package: "ItemBench")]
    ),
    // Items elsewhere, named in the target's itembench-plugin.json.
    .target(
      name: "ExamReports",
      exclude: ["itembench-plugin.json"],
      plugins: [.plugin(name: "ItemLintBuildPlugin", package: "ItemBench")]
    ),
  ]
)
