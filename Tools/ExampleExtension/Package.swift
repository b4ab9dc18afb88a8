// swift-tools-version: 6.0
// An example of extending ItemBench from another package, without forking it: one custom lint
// rule, one table exporter and one IRT model (the 4PL), registered through the same public protocols and registries the
// built-in ones use. See docs/extending.md.
import PackageDescription

let package = Package(
  name: "ExampleExtension",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "ItemBenchExtras", targets: ["ItemBenchExtras"]),
    .executable(name: "extras-lint", targets: ["extras-lint"]),
  ],
  dependencies: [
    // ItemBench itself, by path (another package would use its URL and a version).
    .package(name: "ItemBench", path: "../..")
  ],
  targets: [
    .target(
      name: "ItemBenchExtras",
      dependencies: [
        .product(name: "ItemBenchCore", package: "ItemBench"),
        .product(name: "ItemBank", package: "ItemBench"),
        .product(name: "ItemLint", package: "ItemBench"),
        .product(name: "ItemResponseTheory", package: "ItemBench"),
      ]
    ),
    // `itembench lint` with the extension's rule registered.
    .executableTarget(
      name: "extras-lint",
      dependencies: ["ItemBenchExtras", .product(name: "ItemLint", package: "ItemBench")]
    ),
    .testTarget(
      name: "ItemBenchExtrasTests",
      dependencies: [
        "ItemBenchExtras",
        .product(name: "ItemBenchCore", package: "ItemBench"),
        .product(name: "ItemBank", package: "ItemBench"),
        .product(name: "ItemLint", package: "ItemBench"),
        .product(name: "ItemResponseTheory", package: "ItemBench"),
        .product(name: "Equating", package: "ItemBench"),
      ]
    ),
  ]
)
