import Foundation
import Testing

/// `itembench scale-table` end to end (docs/equating.md, "Scale files" and "scale-table").
@Suite struct ScaleTableCLITests {
  static let columns = ["raw", "theta", "equated", "scaled", "pass", "csem"]

  /// A 10-item 2PL form (D = 1, no guessing, so θ runs over the whole line for raw 1…9).
  static let form = RefForm(
    items: (0..<10).map { j in
      RefItem(id: "S\(j + 1)", a: 0.8 + 0.1 * Double(j), b: -1.8 + 0.4 * Double(j))
    }, d: 1)

  static let scaleYAML = """
    format: 1
    range: [200, 350]
    passing_score: 300
    cut:
      theta: 0.3
    mapping:
      type: piecewise-raw
    rounding: nearest
    decimals: 0
    clamp: true

    """

  /// The rounding guarantee and monotonicity, for any table.
  func expectGuarantee(
    _ csv: CSVOutput, cut: Double, passing: Double = 300, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let scaled = csv.numbers("scaled").map { $0 ?? .nan }
    let equated = csv.numbers("equated").map { $0 ?? .nan }
    for (index, row) in csv.rows.enumerated() {
      let pass = row["pass"]
      #expect(pass == "true" || pass == "false", sourceLocation: sourceLocation)
      if pass == "true" {
        #expect(scaled[index] >= passing, "raw \(index) passes at \(scaled[index])", sourceLocation: sourceLocation)
      } else {
        #expect(scaled[index] <= passing - 1, "raw \(index) fails at \(scaled[index])", sourceLocation: sourceLocation)
      }
      #expect((pass == "true") == (equated[index] >= cut - 1e-6), "raw \(index)", sourceLocation: sourceLocation)
      #expect(scaled[index] >= 200 && scaled[index] <= 350, sourceLocation: sourceLocation)
      #expect((csv.numbers("csem")[index] ?? -1) >= 0, sourceLocation: sourceLocation)
    }
    #expect(
      zip(scaled, scaled.dropFirst()).allSatisfy { $0 <= $1 }, "scaled scores decrease", sourceLocation: sourceLocation)
    let firstPass = csv.rows.firstIndex { $0["pass"] == "true" }
    #expect(csv.metadata["lowest_passing_raw"] == firstPass.map { String($0) }, sourceLocation: sourceLocation)
  }

  @Test func publishedFormsGiveAGuaranteedMonotoneTable() throws {
    let formY = Fixtures.equating("kb-form-y.json")
    let formX = Fixtures.equating("kb-form-x-on-y-scale.json")
    let result = try CLIRunner.run([
      "scale-table", "--base", formY, "--new", formX, "--scale", Fixtures.equating("scale.yml"),
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let csv = CSVOutput(result.stdout)
    #expect(csv.header == Self.columns)
    #expect(csv.rows.count == 37)
    // The cut θ = 0.3 on the base scale is the base-form raw score τ_Y(0.3).
    let y = try readParameterJSON(formY).form
    let cut = y.tcc(0.3)
    expectGuarantee(csv, cut: cut)
    // At the maximum raw score θ = +∞: every item correct with certainty, so the CSEM is 0.
    #expect(csv.numbers("csem").last == 0)
    #expect(csv.numbers("scaled").last == 350)
    #expect(csv.numbers("scaled").first == 200)
    for key in ["classification_accuracy", "classification_consistency", "expected_pass_rate"] {
      let value = try #require(csv.metadata[key].flatMap(Double.init), "\(key)")
      #expect(value > 0 && value < 1)
    }
  }

  @Test func baseFormTableMatchesAHandComputedConversion() throws {
    try withTemporaryDirectory { directory in
      let base = try writeFile(Self.form.json(model: "2pl", form: "f"), "f.json", in: directory)
      let scale = try writeFile(Self.scaleYAML, "scale.yml", in: directory)
      let result = try CLIRunner.run([
        "scale-table", "--base", base, "--new", base, "--scale", scale, "--format", "csv",
      ])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(csv.header == Self.columns)
      #expect(csv.rows.count == 11)

      // Piecewise-raw through (0, 200), (r, 300), (10, 350), r = τ(0.3); rounding half up;
      // failing rows at most 299, passing rows at least 300.
      let n = 10.0
      let r = Self.form.tcc(0.3)
      var expectedScaled: [Double] = []
      for x in 0...10 {
        let e = Double(x)
        var s = e < r ? 200 + 100 * e / r : 300 + 50 * (e - r) / (n - r)
        s = min(max(s, 200), 350)
        s = (s + 0.5).rounded(.down)
        s = e < r ? min(s, 299) : max(s, 300)
        expectedScaled.append(s)
      }
      #expect(csv.numbers("scaled").map { $0 ?? .nan } == expectedScaled)
      #expect(csv.rows.map { $0["pass"] == "true" } == (0...10).map { Double($0) >= r })
      expectGuarantee(csv, cut: r)
      let thetas = csv.numbers("theta")
      #expect(thetas.first! == nil && thetas.last! == nil)
      for x in 1...9 {
        #expect(abs((thetas[x] ?? .nan) - Self.form.inverseTCC(Double(x))) < 1e-4, "raw \(x)")
        #expect(abs((csv.numbers("equated")[x] ?? .nan) - Double(x)) < 1e-4, "raw \(x)")
      }

      // CSEM: SD of the reported score over P(X = k | θ_x) (Lord–Wingersky), θ_x = τ⁻¹(x); at
      // raw 0 and 10 (θ = ∓∞, no guessing) the score is certain.
      let csem = csv.numbers("csem").map { $0 ?? .nan }
      #expect(csem[0] == 0 && csem[10] == 0)
      for x in 1...9 {
        let f = Self.form.scoreDistribution(Self.form.inverseTCC(Double(x)))
        let mean = zip(f, expectedScaled).reduce(0) { $0 + $1.0 * $1.1 }
        let variance = zip(f, expectedScaled).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
        #expect(abs(csem[x] - variance.squareRoot()) < 0.006, "raw \(x): \(csem[x]) vs \(variance.squareRoot())")
      }

      // Decision statistics over N(0, 1) (Lee's D-method with the exact score distribution):
      // p_k = P(X ≥ lowest passing raw | θ_k); consistency and pass rate on 61 points on ±6.
      let lowestPassing = try #require((0...10).first { Double($0) >= r })
      var accuracy = 0.0, consistency = 0.0, passRate = 0.0, total = 0.0
      for k in 0...60 {
        let theta = -6 + 0.2 * Double(k)
        let w = normalDensity(theta)
        let p = Self.form.scoreDistribution(theta)[lowestPassing...].reduce(0, +)
        total += w
        accuracy += w * (theta >= 0.3 ? p : 1 - p)
        consistency += w * (p * p + (1 - p) * (1 - p))
        passRate += w * p
      }
      // Accuracy's integrand jumps at θ_cut = 0.3: integrate each side separately (trapezoid,
      // 20,000 intervals on [−10, 0.3] and on [0.3, 10]) instead of on the grid.
      _ = accuracy
      func side(_ a: Double, _ b: Double, failing: Bool) -> Double {
        let n = 20_000
        let h = (b - a) / Double(n)
        var sum = 0.0
        for k in 0...n {
          let theta = a + Double(k) * h
          let p = Self.form.scoreDistribution(theta)[lowestPassing...].reduce(0, +)
          sum += (k == 0 || k == n ? 0.5 : 1) * normalDensity(theta) * (failing ? 1 - p : p)
        }
        return sum * h
      }
      let fineAccuracy = side(-10, 0.3, failing: true) + side(0.3, 10, failing: false)
      for (key, expected) in [
        ("classification_accuracy", fineAccuracy), ("classification_consistency", consistency / total),
        ("expected_pass_rate", passRate / total),
      ] {
        let value = try #require(csv.metadata[key].flatMap(Double.init), "\(key)")
        #expect(abs(value - expected) < 1e-4, "\(key): \(value) vs \(expected)")
      }
    }
  }

  @Test func linearThetaMappingWithARawCutAndFloorRounding() throws {
    try withTemporaryDirectory { directory in
      let base = try writeFile(Self.form.json(model: "2pl", form: "f"), "f.json", in: directory)
      let scale = try writeFile(
        """
        range: {min: 200, max: 350}
        passing_score: 300
        cut:
          raw: 5.5
        mapping:
          type: linear-theta
          slope: 25
        rounding: floor

        """, "scale.yml", in: directory)
      let result = try CLIRunner.run(["scale-table", "--base", base, "--new", base, "--scale", scale])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(csv.header == Self.columns)
      expectGuarantee(csv, cut: 5.5)
      // scaled = 300 + 25·(θ − θ_cut), θ_cut = τ⁻¹(5.5); rows without θ at the range ends.
      let thetaCut = Self.form.inverseTCC(5.5)
      let scaled = csv.numbers("scaled").map { $0 ?? .nan }
      #expect(scaled[0] == 200 && scaled[10] == 350)
      for x in 1...9 {
        let exact = 300 + 25 * (Self.form.inverseTCC(Double(x)) - thetaCut)
        var expected = min(max(exact, 200), 350).rounded(.down)
        expected = Double(x) < 5.5 ? min(expected, 299) : max(expected, 300)
        if abs(exact - exact.rounded()) > 0.01 {  // not on a rounding boundary
          #expect(scaled[x] == expected, "raw \(x): \(scaled[x]) vs \(exact)")
        }
      }
      #expect(csv.metadata["lowest_passing_raw"] == "6")
    }
  }

  @Test func outputFilesAreAtomicAndDeterministic() throws {
    try withTemporaryDirectory { directory in
      let formY = Fixtures.equating("kb-form-y.json")
      let formX = Fixtures.equating("kb-form-x-on-y-scale.json")
      for name in ["table.csv", "table.json", "table.md"] {
        let outDirectory = directory.appendingPathComponent(name + ".d")
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
        let (text, result) = try expectAtomicDeterministicOutput(
          [
            "scale-table", "--base", formY, "--new", formX, "--scale", Fixtures.equating("scale.yml"),
            "--out", outDirectory.appendingPathComponent(name).path,
          ],
          outDirectory: outDirectory, outName: name)
        #expect(result.stdout.contains("lowest passing raw score"), "\(result.stdout)")
        switch name {
        case "table.csv":
          #expect(CSVOutput(text).header == Self.columns)
        case "table.json":
          let root = try jsonObject(text)
          #expect(root["columns"] as? [String] == Self.columns)
          let rows = try #require(root["rows"] as? [[String: Any]])
          #expect(rows.count == 37)
        default:
          #expect(text.contains("| raw | theta | equated | scaled | pass | csem |"))
        }
      }
    }
  }

  @Test func scaleFileErrorsNameFileLineAndColumn() throws {
    try withTemporaryDirectory { directory in
      let base = try writeFile(Self.form.json(model: "2pl", form: "f"), "f.json", in: directory)
      func run(_ scaleText: String) throws -> CLIRunner.Result {
        let scale = try writeFile(scaleText, "scale.yml", in: directory)
        return try CLIRunner.run(["scale-table", "--base", base, "--new", base, "--scale", scale])
      }
      let scalePath = directory.appendingPathComponent("scale.yml").path

      // Line 6 column 1: a misspelt field, with a suggestion.
      let typo = try run(Self.scaleYAML.replacingOccurrences(of: "mapping:", with: "maping:"))
      #expect(typo.status == 2)
      #expect(
        typo.stderr.contains(scalePath + ":6:1: error:") && typo.stderr.contains("did you mean 'mapping'"),
        "\(typo.stderr)")

      // Line 5 column 10: the value of cut.theta is not a number.
      let notNumber = try run(Self.scaleYAML.replacingOccurrences(of: "theta: 0.3", with: "theta: high"))
      #expect(notNumber.status == 2)
      #expect(notNumber.stderr.contains(scalePath + ":5:10: error:"), "\(notNumber.stderr)")

      // A newer format than supported names both versions.
      let version = try run(Self.scaleYAML.replacingOccurrences(of: "format: 1", with: "format: 7"))
      #expect(version.status == 2)
      #expect(version.stderr.contains(scalePath + ":1:"), "\(version.stderr)")
      #expect(version.stderr.contains("7") && version.stderr.contains("1"))

      // Malformed YAML.
      let malformed = try run("range: [200, 350\npassing_score: 300\n")
      #expect(malformed.status == 2)
      #expect(
        malformed.stderr.range(of: #"scale\.yml:\d+:\d+: error: invalid YAML"#, options: .regularExpression) != nil,
        "\(malformed.stderr)")

      let missingFile = try CLIRunner.run([
        "scale-table", "--base", base, "--new", base, "--scale", directory.path + "/absent.yml",
      ])
      #expect(missingFile.status == 2)
      #expect(missingFile.stderr.contains("absent.yml"))

      let missingOption = try CLIRunner.run(["scale-table", "--base", base, "--new", base])
      #expect(missingOption.status == 2)
      #expect(missingOption.stderr.contains("--scale"))
    }
  }
}
