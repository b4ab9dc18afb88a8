import Foundation
import Testing
import ItemResponseTheory
import TestSupport

// Helpers shared by the end-to-end command tests: fixture paths, temporary directories, reading
// the CSV and JSON the commands print, and a small independent IRT reference (closed forms and
// bisection, written here without the library) to check the numbers against.

enum Fixtures {
  static let coverage = CLIRunner.packageRoot.appendingPathComponent("Tests/BlueprintCoverageTests/Fixtures")
  static let equating = CLIRunner.packageRoot.appendingPathComponent("Tests/EquatingTests/Fixtures")
  static var goodBank: String { coverage.appendingPathComponent("good-bank").path }
  static var brokenBank: String { coverage.appendingPathComponent("broken-bank").path }
  static func equating(_ name: String) -> String { equating.appendingPathComponent(name).path }
}

/// A fresh temporary directory for one test, removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let directory = try CLIRunner.temporaryDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  return try body(directory)
}

@discardableResult
func writeFile(_ text: String, _ name: String, in directory: URL) throws -> String {
  let url = directory.appendingPathComponent(name)
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

func readFile(_ path: String) throws -> String {
  try String(contentsOfFile: path, encoding: .utf8)
}

/// The names in `directory` (not recursive), sorted.
func listing(_ directory: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

/// Runs a command that writes `outName` into the empty directory `outDirectory` twice and checks
/// that the file appears with nothing else beside it (no temporary files left) and that the
/// second run writes the same bytes. Returns the file's text and the first run's result.
func expectAtomicDeterministicOutput(
  _ arguments: [String], outDirectory: URL, outName: String, status: Int32 = 0,
  sourceLocation: SourceLocation = #_sourceLocation
) throws -> (text: String, result: CLIRunner.Result) {
  let path = outDirectory.appendingPathComponent(outName).path
  let first = try CLIRunner.run(arguments)
  #expect(first.status == status, "exit \(first.status): \(first.stderr)", sourceLocation: sourceLocation)
  #expect(try listing(outDirectory) == [outName], "files beside the output", sourceLocation: sourceLocation)
  let firstBytes = try Data(contentsOf: URL(fileURLWithPath: path))
  let second = try CLIRunner.run(arguments)
  #expect(second.status == status, sourceLocation: sourceLocation)
  #expect(try listing(outDirectory) == [outName], sourceLocation: sourceLocation)
  let secondBytes = try Data(contentsOf: URL(fileURLWithPath: path))
  #expect(firstBytes == secondBytes, "second run wrote different bytes", sourceLocation: sourceLocation)
  #expect(!firstBytes.isEmpty, sourceLocation: sourceLocation)
  return (String(decoding: firstBytes, as: UTF8.self), first)
}

// MARK: - Reading outputs

/// A CSV written by the shared exporter: `# key: value` metadata lines, a header, rows.
struct CSVOutput {
  var metadata: [String: String] = [:]
  var header: [String] = []
  var rows: [[String: String]] = []

  init(_ text: String) {
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      if line.hasPrefix("# ") {
        let body = line.dropFirst(2)
        if let colon = body.range(of: ": ") {
          metadata[String(body[..<colon.lowerBound])] = String(body[colon.upperBound...])
        }
        continue
      }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      if header.isEmpty {
        header = fields
      } else {
        var row: [String: String] = [:]
        for (name, value) in zip(header, fields) { row[name] = value }
        rows.append(row)
      }
    }
  }

  /// The column `name` of every row as numbers (nil for empty cells).
  func numbers(_ name: String) -> [Double?] { rows.map { $0[name].flatMap(Double.init) } }
}

func jsonObject(_ text: String) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(object as? [String: Any], "not a JSON object")
}

func number(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }

// MARK: - Independent IRT reference

/// One item, P(θ) = c + (1 − c)/(1 + exp(−D·a·(θ − b))).
struct RefItem {
  var id: String
  var a: Double
  var b: Double
  var c: Double = 0

  func p(_ theta: Double, d: Double) -> Double {
    c + (1 - c) / (1 + exp(-d * a * (theta - b)))
  }

  /// Fisher information (D·a)²·(Q/P)·((P − c)/(1 − c))².
  func information(_ theta: Double, d: Double) -> Double {
    let p = p(theta, d: d)
    let ratio = (p - c) / (1 - c)
    return d * d * a * a * (1 - p) / p * ratio * ratio
  }
}

struct RefForm {
  var items: [RefItem]
  var d: Double = 1

  var n: Int { items.count }
  func tcc(_ theta: Double) -> Double { items.reduce(0) { $0 + $1.p(theta, d: d) } }
  func information(_ theta: Double) -> Double { items.reduce(0) { $0 + $1.information(theta, d: d) } }

  /// θ with τ(θ) = x by bisection on [−40, 40] (τ is increasing).
  func inverseTCC(_ x: Double) -> Double {
    bisect(-40, 40) { tcc($0) - x }
  }

  /// P(X = k | θ), k = 0…n, by the Lord–Wingersky recursion.
  func scoreDistribution(_ theta: Double) -> [Double] {
    var f = [1.0]
    for item in items {
      let p = item.p(theta, d: d)
      var next = [Double](repeating: 0, count: f.count + 1)
      for k in f.indices {
        next[k] += f[k] * (1 - p)
        next[k + 1] += f[k] * p
      }
      f = next
    }
    return f
  }

  /// Parameter file JSON (format 1) for these items.
  func json(model: String, form: String, latentMean: Double = 0, latentSD: Double = 1, se: Bool = false) -> String {
    let rows = items.map { item in
      let seText =
        se ? "\"se_a\": 0.05, \"se_b\": 0.1, \"se_c\": null" : "\"se_a\": null, \"se_b\": null, \"se_c\": null"
      return "    {\"id\": \"\(item.id)\", \"a\": \(item.a), \"b\": \(item.b), \"c\": \(item.c), \(seText)}"
    }
    return """
      {
        "format": 1,
        "model": "\(model)",
        "scaling_constant": \(d),
        "form": "\(form)",
        "latent": {"mean": \(latentMean), "sd": \(latentSD)},
        "items": [
      \(rows.joined(separator: ",\n"))
        ]
      }

      """
  }
}

/// The root of an increasing function `f` on [low, high] by bisection to machine precision.
func bisect(_ low: Double, _ high: Double, _ f: (Double) -> Double) -> Double {
  var low = low
  var high = high
  for _ in 0..<200 {
    let mid = (low + high) / 2
    if f(mid) < 0 { low = mid } else { high = mid }
    if high - low < 1e-13 { break }
  }
  return (low + high) / 2
}

/// Standard normal density.
func normalDensity(_ z: Double) -> Double { exp(-z * z / 2) / (2 * Double.pi).squareRoot() }

/// Upper tail of the chi-square distribution with integer df, by the closed forms (Abramowitz &
/// Stegun 26.4.4–26.4.5): even df a Poisson sum, odd df erfc plus a series.
func chiSquareUpperTail(_ x: Double, df: Int) -> Double {
  precondition(df >= 1)
  if df % 2 == 0 {
    var term = exp(-x / 2)
    var sum = term
    var k = 1
    while 2 * k < df {
      term *= (x / 2) / Double(k)
      sum += term
      k += 1
    }
    return sum
  }
  var sum = erfc((x / 2).squareRoot())
  var term = (2 * x / Double.pi).squareRoot() * exp(-x / 2)  // k = 1 term: √(2x/π)·e^(−x/2)
  var k = 1
  while 2 * k + 1 <= df {
    sum += term
    term *= x / Double(2 * k + 1)
    k += 1
  }
  return sum
}

/// Pearson correlation of two samples (nil without variance).
func pearson(_ x: [Double], _ y: [Double]) -> Double? {
  let n = Double(x.count)
  let mx = x.reduce(0, +) / n
  let my = y.reduce(0, +) / n
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for (u, v) in zip(x, y) {
    sxy += (u - mx) * (v - my)
    sxx += (u - mx) * (u - mx)
    syy += (v - my) * (v - my)
  }
  guard sxx > 0, syy > 0 else { return nil }
  return sxy / (sxx * syy).squareRoot()
}

/// Sample variance (n − 1).
func sampleVariance(_ x: [Double]) -> Double {
  let mean = x.reduce(0, +) / Double(x.count)
  return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
}

/// A standard normal deviate (Box–Muller).
func normalDeviate(_ generator: inout SplitMix64) -> Double {
  let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
  let u2 = Double.random(in: 0..<1, using: &generator)
  return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
}
