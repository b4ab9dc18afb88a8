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
    .target(name: "FuzzSupport", swiftSettings: fuzzFlags),
    .executableTarget(
      name: "FuzzItemFiles",
      dependencies: [
        "FuzzSupport", .product(name: "ItemBank", package: "ItemBench"),
        .product(name: "ItemBenchCore", package: "ItemBench"),
      ],
      swiftSettings: fuzzFlags),
    .executableTarget(
      name: "FuzzResponses",
      dependencies: [
        "FuzzSupport", .product(name: "ItemResponseTheory", package: "ItemBench"),
        .product(name: "ItemBenchCore", package: "ItemBench"),
      ],
      swiftSettings: fuzzFlags),
    .executableTarget(
      name: "FuzzParameters",
      dependencies: [
        "FuzzSupport", .product(name: "ItemResponseTheory", package: "ItemBench"),
        .product(name: "ItemBenchCore", package: "ItemBench"),
      ],
      swiftSettings: fuzzFlags),
    .executableTarget(
      name: "FuzzSettings",
      dependencies: [
        "FuzzSupport", .product(name: "ExamCycle", package: "ItemBench"),
        .product(name: "ItemBankScale", package: "ItemBench"), .product(name: "ItemLint", package: "ItemBench"),
        .product(name: "ItemBenchCore", package: "ItemBench"),
      ],
      swiftSettings: fuzzFlags),
    .executableTarget(
      name: "FuzzScale",
      dependencies: [
        "FuzzSupport", .product(name: "Equating", package: "ItemBench"),
        .product(name: "ItemBenchCore", package: "ItemBench"),
      ],
      swiftSettings: fuzzFlags),
  ]
)
