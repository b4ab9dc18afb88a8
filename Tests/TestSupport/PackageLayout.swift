import Foundation

/// Where the package's files are, for tests that read the shipped sample or run the built tool.
public enum PackageLayout {
  /// The package root, found from this file's path (`Tests/TestSupport/PackageLayout.swift`).
  public static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The `itembench` executable built beside the running test bundle (`swift test` builds every
  /// product), or nil when there is none.
  public static let itembench: URL? = {
    let directories = [
      URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
      Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    ]
    for directory in directories {
      let url = directory.appendingPathComponent("itembench")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    let fallback = root.appendingPathComponent(".build/debug/itembench")
    return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
  }()
}
