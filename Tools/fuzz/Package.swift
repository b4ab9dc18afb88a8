// swift-tools-version: 6.0
// libFuzzer targets for ItemBench's readers (docs/hardening.md). Not part of the main build:
// Tools/fuzz/run.sh builds them with `-sanitize=fuzzer` (swiftc links libFuzzer, which supplies
// `main`) and runs each for a bounded time on a seed corpus made from the shipped files.
import PackageDescription

let fuzzFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
  name: "ItemBenchFuzz",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "ItemBench", path: "../..")],
  targets: [
    .executableTarget(
      name: "FuzzItemFiles",
      dependencies: [.product(name: "ItemBank", package: "ItemBench"), .product(name: "ItemBenchCore", package: "ItemBench")],
      swiftSettings: fuzzFlags),
    .executableTarget(
      name: "FuzzResponses",
      dependencies: [
        .product(name: "ItemResponseTheory", package: "ItemBench"), .product(name: "ItemBenchCore", package: "ItemBench"),
      ],
      swiftSettings: fuzzFlags),
    .executableTarget(
      name: "FuzzParameters",
      dependencies: [
        .product(name: "ItemResponseTheory", package: "ItemBench"), .product(name: "ItemBenchCore", package: "ItemBench"),
      ],
      swiftSettings: fuzzFlags),
    .executableTarget(
      name: "FuzzScale",
      dependencies: [.product(name: "Equating", package: "ItemBench"), .product(name: "ItemBenchCore", package: "ItemBench")],
      swiftSettings: fuzzFlags),
  ]
)
