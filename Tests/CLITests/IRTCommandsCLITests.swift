import Foundation
import Testing
import ItemResponseTheory
import TestSupport

/// Three Rasch items (D = 1) and five candidates' 0/1 responses.
enum RaschExample {
  static let parameters = "id,a,b,c,se_a,se_b,se_c\nQ1,1,-0.5,0,,,\nQ2,1,0,0,,,\nQ3,1,0.5,0,,,\n"
  static let form = RefForm(items: [
    RefItem(id: "Q1", a: 1, b: -0.5), RefItem(id: "Q2", a: 1, b: 0), RefItem(id: "Q3", a: 1, b: 0.5),
  ])
  /// C3 omitted Q3; C6 was not presented Q1.
  static let responses = "candidate,Q1,Q2,Q3\nC1,1,1,1\nC2,1,1,0\nC3,1,0,\nC4,0,1,1\nC5,0,0,0\nC6,.,0,1\n"
}

/// A 2PL form on the normal-ogive metric (D = 1.7) with a non-standard latent distribution.
enum TwoPLExample {
  static let form = RefForm(
    items: [
      RefItem(id: "T1", a: 0.7, b: -1.2), RefItem(id: "T2", a: 1.1, b: -0.4), RefItem(id: "T3", a: 1.4, b: 0.1),
      RefItem(id: "T4", a: 0.9, b: 0.6), RefItem(id: "T5", a: 1.2, b: 1.3),
    ], d: 1.7)
  static let latentMean = 0.2
  static let latentSD = 1.1
  static var json: String { form.json(model: "2pl", form: "t", latentMean: latentMean, latentSD: latentSD) }
  static let patterns: [[Int]] = [
    [1, 1, 0, 1, 0], [1, 0, 0, 0, 0], [1, 1, 1, 1, 0], [0, 1, 0, 1, 1], [1, 1, 1, 0, 0],
  ]
  static var responses: String {
    "candidate,T1,T2,T3,T4,T5\n"
      + patterns.enumerated().map { "K\($0.offset + 1)," + $0.element.map(String.init).joined(separator: ",") }
      .joined(separator: "\n") + "\n"
  }

  /// Log-likelihood derivative Σ D·a·(x − P) (2PL).
  static func score(_ pattern: [Int], _ theta: Double) -> Double {
    zip(form.items, pattern).reduce(0) { $0 + form.d * $1.0.a * (Double($1.1) - $1.0.p(theta, d: form.d)) }
  }
}

/// `itembench score` end to end (docs/analysis.md, "Scoring").
@Suite struct ScoreCLITests {
  @Test func maximumLikelihoodSolvesTheRaschScoreEquation() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(RaschExample.parameters, "p.csv", in: directory)
      let responses = try writeFile(RaschExample.responses, "r.csv", in: directory)
      let result = try CLIRunner.run(["score", responses, "--params", params, "--method", "ml", "--format", "csv"])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(csv.header == ["id", "raw_score", "items_used", "theta", "se", "flags"])
      #expect(csv.rows.map { $0["id"] } == ["C1", "C2", "C3", "C4", "C5", "C6"])
      #expect(csv.rows.map { $0["raw_score"] } == ["3", "2", "1", "2", "0", "1"])
      // The default rule scores C3's omitted Q3 wrong: all three items count.
      #expect(csv.rows.map { $0["items_used"] } == ["3", "3", "3", "3", "3", "2"])
      #expect(csv.metadata["omitted"] == "scored incorrect")

      // Rasch ML: Σ P(θ) over the used items = number correct; SE = 1/√Σ P(1 − P).
      let items = RaschExample.form.items
      func expectML(_ row: [String: String], used: [RefItem], raw: Double) {
        let form = RefForm(items: used)
        let theta = form.inverseTCC(raw)
        let se = 1 / form.information(theta).squareRoot()
        #expect(abs((Double(row["theta"] ?? "") ?? .nan) - theta) < 1e-4, "\(row)")
        #expect(abs((Double(row["se"] ?? "") ?? .nan) - se) < 1e-4, "\(row)")
        #expect(row["flags"] == "")
      }
      expectML(csv.rows[1], used: items, raw: 2)
      expectML(csv.rows[2], used: items, raw: 1)  // the omit is wrong
      expectML(csv.rows[5], used: [items[1], items[2]], raw: 1)  // Q1 not presented

      // All correct / all incorrect: the fence ±4 with SE 1/√I there.
      let fenceSE = 1 / RaschExample.form.information(4).squareRoot()
      #expect(csv.rows[0]["theta"] == "4.0000" && csv.rows[0]["flags"] == "all-correct")
      #expect(abs((Double(csv.rows[0]["se"] ?? "") ?? .nan) - fenceSE) < 1e-4)
      #expect(csv.rows[4]["theta"] == "-4.0000" && csv.rows[4]["flags"] == "all-incorrect")

      // --omitted-as-incorrect (kept for scripts): the same, C3 answered 1 of 3.
      let omitted = try CLIRunner.run([
        "score", responses, "--params", params, "--method", "ml", "--format", "csv", "--omitted-as-incorrect",
      ])
      let row = try #require(CSVOutput(omitted.stdout).rows.first { $0["id"] == "C3" })
      #expect(row["items_used"] == "3")
      expectML(row, used: items, raw: 1)

      // --omitted not-administered: C3's omit is left out, 1 right of Q1 and Q2.
      let ignored = try CLIRunner.run(
        ["score", responses, "--params", params, "--method", "ml", "--format", "csv", "--omitted", "not-administered"])
      let ignoredCSV = CSVOutput(ignored.stdout)
      let ignoredRow = try #require(ignoredCSV.rows.first { $0["id"] == "C3" })
      #expect(ignoredRow["items_used"] == "2" && ignoredRow["raw_score"] == "1")
      expectML(ignoredRow, used: [items[0], items[1]], raw: 1)
      #expect(ignoredCSV.metadata["omitted"] == "ignored (missing)")
      let bad = try CLIRunner.run(["score", responses, "--params", params, "--omitted", "skip"])
      #expect(bad.status == 64 || bad.status == 2, "\(bad.status)")
      #expect(bad.stderr.contains("--omitted must be one of wrong, not-administered, wrong-in-scores"))
    }
  }

  @Test func eapAndMapMatchNumericalIntegrationAndTheModeEquation() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(TwoPLExample.json, "p.json", in: directory)
      let responses = try writeFile(TwoPLExample.responses, "r.csv", in: directory)
      let mu = TwoPLExample.latentMean
      let sigma = TwoPLExample.latentSD
      let form = TwoPLExample.form

      let eap = try CLIRunner.run(["score", responses, "--params", params, "--format", "csv"])
      #expect(eap.status == 0, "\(eap.stderr)")
      let eapRows = CSVOutput(eap.stdout).rows
      #expect(eapRows.count == TwoPLExample.patterns.count)
      // Posterior mean and SD by a fine trapezoidal integral on [−9, 9] with the N(μ, σ²) prior.
      for (row, pattern) in zip(eapRows, TwoPLExample.patterns) {
        var m0 = 0.0, m1 = 0.0, m2 = 0.0
        for k in 0...3600 {
          let theta = -9 + 0.005 * Double(k)
          var likelihood = normalDensity((theta - mu) / sigma)
          for (item, x) in zip(form.items, pattern) {
            let p = item.p(theta, d: form.d)
            likelihood *= x == 1 ? p : 1 - p
          }
          m0 += likelihood
          m1 += likelihood * theta
          m2 += likelihood * theta * theta
        }
        let mean = m1 / m0
        let sd = (m2 / m0 - mean * mean).squareRoot()
        #expect(abs((Double(row["theta"] ?? "") ?? .nan) - mean) < 2e-4, "\(pattern): \(row) vs \(mean)")
        #expect(abs((Double(row["se"] ?? "") ?? .nan) - sd) < 2e-4, "\(pattern): \(row) vs \(sd)")
        #expect(row["raw_score"] == String(pattern.reduce(0, +)))
      }

      // MAP: Σ D·a·(x − P) − (θ − μ)/σ² = 0; SE = 1/√(I(θ̂) + 1/σ²).
      let map = try CLIRunner.run(["score", responses, "--params", params, "--method", "map", "--format", "csv"])
      #expect(map.status == 0)
      #expect(CSVOutput(map.stdout).rows.count == TwoPLExample.patterns.count)
      for (row, pattern) in zip(CSVOutput(map.stdout).rows, TwoPLExample.patterns) {
        let theta = bisect(-10, 10) { -(TwoPLExample.score(pattern, $0) - ($0 - mu) / (sigma * sigma)) }
        let se = 1 / (form.information(theta) + 1 / (sigma * sigma)).squareRoot()
        #expect(abs((Double(row["theta"] ?? "") ?? .nan) - theta) < 1e-4, "\(pattern)")
        #expect(abs((Double(row["se"] ?? "") ?? .nan) - se) < 1e-4, "\(pattern)")
      }

      // ML (2PL, D = 1.7): Σ D·a·(x − P) = 0.
      let ml = try CLIRunner.run(["score", responses, "--params", params, "--method", "ml", "--format", "csv"])
      #expect(ml.status == 0)
      #expect(CSVOutput(ml.stdout).rows.count == TwoPLExample.patterns.count)
      for (row, pattern) in zip(CSVOutput(ml.stdout).rows, TwoPLExample.patterns) {
        let theta = bisect(-10, 10) { -TwoPLExample.score(pattern, $0) }
        #expect(abs((Double(row["theta"] ?? "") ?? .nan) - theta) < 1e-4, "\(pattern)")
      }

      // --prior-mean / --prior-sd override the file's latent distribution (MAP with N(−1, 0.5²)).
      // (A negative value needs the `=` form: `--prior-mean -1` is an argument error.)
      let shifted = try CLIRunner.run([
        "score", responses, "--params", params, "--method", "map", "--prior-mean=-1", "--prior-sd", "0.5", "--format",
        "csv",
      ])
      let first = try #require(CSVOutput(shifted.stdout).rows.first)
      let pattern = TwoPLExample.patterns[0]
      let theta = bisect(-10, 10) { -(TwoPLExample.score(pattern, $0) - ($0 + 1) / 0.25) }
      #expect(abs((Double(first["theta"] ?? "") ?? .nan) - theta) < 1e-4)
    }
  }

  @Test func outFileAndBadInput() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(RaschExample.parameters, "p.csv", in: directory)
      let responses = try writeFile(RaschExample.responses, "r.csv", in: directory)
      let outDirectory = directory.appendingPathComponent("out")
      try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
      let (text, _) = try expectAtomicDeterministicOutput(
        [
          "score", responses, "--params", params, "--format", "json", "--out",
          outDirectory.appendingPathComponent("theta.json").path,
        ],
        outDirectory: outDirectory, outName: "theta.json")
      #expect(
        try jsonObject(text)["columns"] as? [String] == ["id", "raw_score", "items_used", "theta", "se", "flags"])

      let missing = try CLIRunner.run(["score", responses, "--params", directory.path + "/absent.json"])
      #expect(missing.status == 2)
      #expect(missing.stderr.contains("absent.json"))

      let badCSV = try writeFile("id,a,b,c,se_a,se_b,se_c\nQ1,1,-0.5,0,,,\nQ2,1,zero,0,,,\n", "bad.csv", in: directory)
      let malformed = try CLIRunner.run(["score", responses, "--params", badCSV])
      #expect(malformed.status == 2)
      #expect(malformed.stderr.contains(badCSV + ":3:3: error:"), "\(malformed.stderr)")

      let method = try CLIRunner.run(["score", responses, "--params", params, "--method", "wle"])
      #expect(method.status == 2)
      #expect(method.stderr.contains("wle"))

      let badResponses = try writeFile("candidate,Q1,Q2,Q3\nC1,1,2,0\n", "bad-r.csv", in: directory)
      let invalid = try CLIRunner.run(["score", badResponses, "--params", params], in: directory)
      #expect(invalid.status == 2)
      #expect(invalid.stderr.contains(badResponses + ":2:3: error:"), "\(invalid.stderr)")
    }
  }
}

/// `itembench fit` end to end (docs/analysis.md, "Item fit").
@Suite struct FitCLITests {
  static let raschItems = (0..<6).map { RefItem(id: "F\($0 + 1)", a: 1, b: -1.25 + 0.5 * Double($0)) }

  /// Seeded Rasch responses; item F6 is generated with slope `steepLast` instead of 1.
  static func responses(candidates: Int, steepLast: Double = 1, seed: UInt64) -> [[Int]] {
    var generator = SplitMix64(seed: seed)
    return (0..<candidates).map { _ in
      let theta = normalDeviate(&generator)
      return raschItems.enumerated().map { index, item in
        var generating = item
        if index == raschItems.count - 1 { generating.a = steepLast }
        return Double.random(in: 0..<1, using: &generator) < generating.p(theta, d: 1) ? 1 : 0
      }
    }
  }

  static func write(_ data: [[Int]], in directory: URL) throws -> (responses: String, params: String) {
    var text = "candidate," + raschItems.map(\.id).joined(separator: ",") + "\n"
    for (index, row) in data.enumerated() {
      text += "P\(index + 1)," + row.map(String.init).joined(separator: ",") + "\n"
    }
    let responses = try writeFile(text, "r.csv", in: directory)
    let params = try writeFile(
      RefForm(items: raschItems).json(model: "rasch", form: "fit"), "p.json", in: directory)
    return (responses, params)
  }

  @Test func infitAndOutfitMatchAnOwnComputation() throws {
    try withTemporaryDirectory { directory in
      let data = Self.responses(candidates: 200, seed: 11)
      let (responses, params) = try Self.write(data, in: directory)
      let result = try CLIRunner.run(["fit", responses, "--params", params, "--format", "csv"])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(csv.header == ["id", "sx2", "df", "p", "rmsea", "groups", "infit", "outfit", "flags"])
      #expect(csv.rows.map { $0["id"] } == Self.raschItems.map(\.id))
      #expect(csv.metadata["sx2_candidates"] == "200")

      // ML θ of every candidate with 0 < raw < 6 (Σ P = raw), then z = (x − P)/√(P(1 − P)):
      // outfit = mean z², infit = Σ (x − P)² / Σ P(1 − P).
      let form = RefForm(items: Self.raschItems)
      var squares = [[Double]](repeating: [], count: 6)
      var residuals = [Double](repeating: 0, count: 6)
      var variances = [Double](repeating: 0, count: 6)
      for row in data {
        let raw = row.reduce(0, +)
        guard raw > 0 && raw < 6 else { continue }
        let theta = form.inverseTCC(Double(raw))
        for (j, item) in Self.raschItems.enumerated() {
          let p = item.p(theta, d: 1)
          let residual = Double(row[j]) - p
          squares[j].append(residual * residual / (p * (1 - p)))
          residuals[j] += residual * residual
          variances[j] += p * (1 - p)
        }
      }
      for (j, row) in csv.rows.enumerated() {
        let outfit = squares[j].reduce(0, +) / Double(squares[j].count)
        let infit = residuals[j] / variances[j]
        #expect(abs((Double(row["outfit"] ?? "") ?? .nan) - outfit) < 2e-4, "\(row["id"]!): outfit \(outfit)")
        #expect(abs((Double(row["infit"] ?? "") ?? .nan) - infit) < 2e-4, "\(row["id"]!): infit \(infit)")
      }

      // S-X²: df = groups − 1 (Rasch), p = P(χ²(df) ≥ S-X²), RMSEA = √max(0, (S-X² − df)/(df·(N − 1))).
      for row in csv.rows {
        let sx2 = try #require(Double(row["sx2"] ?? ""))
        let df = try #require(Int(row["df"] ?? ""))
        let groups = try #require(Int(row["groups"] ?? ""))
        #expect(df == groups - 1)
        guard df > 0 else { continue }
        let p = try #require(Double(row["p"] ?? ""))
        #expect(abs(p - chiSquareUpperTail(sx2, df: df)) < 2e-4, "\(row)")
        let rmsea = (max(0, (sx2 - Double(df)) / (Double(df) * 199))).squareRoot()
        #expect(abs((Double(row["rmsea"] ?? "") ?? .nan) - rmsea) < 2e-4, "\(row)")
      }
    }
  }

  @Test func aMisfittingItemIsFlaggedAndFailOnFlagsExitsOne() throws {
    try withTemporaryDirectory { directory in
      // F6 generated with slope 4 but calibrated as Rasch: too deterministic (infit/outfit low)
      // and a poor S-X² fit.
      let data = Self.responses(candidates: 1000, steepLast: 4, seed: 5)
      let (responses, params) = try Self.write(data, in: directory)
      let plain = try CLIRunner.run(["fit", responses, "--params", params, "--format", "csv"])
      #expect(plain.status == 0)
      let last = try #require(CSVOutput(plain.stdout).rows.last)
      let flags = last["flags"] ?? ""
      #expect(flags.contains("sx2-misfit") && flags.contains("infit-low") && flags.contains("outfit-low"), "\(last)")
      #expect(plain.stderr.contains("items flagged"))
      let failing = try CLIRunner.run(["fit", responses, "--params", params, "--fail-on-flags"])
      #expect(failing.status == 1)
    }
  }

  @Test func twoPLHasNoMeanSquares() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(TwoPLExample.json, "p.json", in: directory)
      let responses = try writeFile(TwoPLExample.responses, "r.csv", in: directory)
      let result = try CLIRunner.run(["fit", responses, "--params", params, "--format", "csv"])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(csv.rows.count == 5)
      #expect(csv.rows.allSatisfy { $0["infit"] == "" && $0["outfit"] == "" })
    }
  }

  @Test func outFileAndBadInput() throws {
    try withTemporaryDirectory { directory in
      let (responses, params) = try Self.write(Self.responses(candidates: 50, seed: 2), in: directory)
      let outDirectory = directory.appendingPathComponent("out")
      try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
      let (text, _) = try expectAtomicDeterministicOutput(
        [
          "fit", responses, "--params", params, "--format", "markdown", "--out",
          outDirectory.appendingPathComponent("fit.md").path,
        ],
        outDirectory: outDirectory, outName: "fit.md")
      #expect(text.contains("| id | sx2 | df | p | rmsea | groups | infit | outfit | flags |"))

      let missing = try CLIRunner.run(["fit", directory.path + "/absent.csv", "--params", params])
      #expect(missing.status == 2)
      #expect(missing.stderr.contains("absent.csv"))
      let format = try CLIRunner.run(["fit", responses, "--params", params, "--format", "yaml"])
      #expect(format.status == 2)
    }
  }
}

/// `itembench information` end to end (docs/analysis.md, "Test information").
@Suite struct InformationCLITests {
  static let form = RefForm(
    items: [
      RefItem(id: "N1", a: 0.9, b: -1.0, c: 0.2), RefItem(id: "N2", a: 1.3, b: 0.0, c: 0.15),
      RefItem(id: "N3", a: 0.6, b: 0.8, c: 0.25), RefItem(id: "N4", a: 1.6, b: 1.5, c: 0.1),
    ], d: 1.7)

  @Test func informationCSEMAndExpectedScoreMatchTheClosedForms() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(Self.form.json(model: "3pl", form: "n"), "p.json", in: directory)
      let result = try CLIRunner.run(["information", "--params", params, "--format", "csv"])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(csv.header == ["theta", "information", "csem", "expected_score"])
      let thetas = csv.numbers("theta").map { $0 ?? .nan }
      #expect(thetas == (0...16).map { -4 + 0.5 * Double($0) })
      for (index, theta) in thetas.enumerated() {
        let information = Self.form.information(theta)
        #expect(abs((csv.numbers("information")[index] ?? .nan) - information) < 1e-4, "θ \(theta)")
        #expect(
          abs((csv.numbers("csem")[index] ?? .nan) - 1 / information.squareRoot()) < 1e-4 * max(1, 1 / information),
          "θ \(theta)")
        #expect(abs((csv.numbers("expected_score")[index] ?? .nan) - Self.form.tcc(theta)) < 1e-4, "θ \(theta)")
      }
    }
  }

  @Test func itemsAndPerItemColumns() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(Self.form.json(model: "3pl", form: "n"), "p.json", in: directory)
      let result = try CLIRunner.run([
        "information", "--params", params, "--items", "N2,N4", "--per-item", "--from", "-1", "--to", "2", "--step", "1",
        "--format", "csv",
      ])
      #expect(result.status == 0, "\(result.stderr)")
      let csv = CSVOutput(result.stdout)
      #expect(csv.header == ["theta", "information", "csem", "expected_score", "info:N2", "info:N4"])
      #expect(csv.numbers("theta") == [-1, 0, 1, 2])
      let subset = RefForm(items: [Self.form.items[1], Self.form.items[3]], d: 1.7)
      for (index, row) in csv.rows.enumerated() {
        let theta = Double(index - 1)
        #expect(abs((Double(row["information"] ?? "") ?? .nan) - subset.information(theta)) < 1e-4)
        #expect(abs((Double(row["info:N2"] ?? "") ?? .nan) - subset.items[0].information(theta, d: 1.7)) < 1e-4)
        #expect(abs((Double(row["info:N4"] ?? "") ?? .nan) - subset.items[1].information(theta, d: 1.7)) < 1e-4)
        #expect(abs((Double(row["expected_score"] ?? "") ?? .nan) - subset.tcc(theta)) < 1e-4)
      }
    }
  }

  @Test func outFileAndBadInput() throws {
    try withTemporaryDirectory { directory in
      let params = try writeFile(Self.form.json(model: "3pl", form: "n"), "p.json", in: directory)
      let outDirectory = directory.appendingPathComponent("out")
      try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
      let (text, result) = try expectAtomicDeterministicOutput(
        [
          "information", "--params", params, "--format", "json", "--out",
          outDirectory.appendingPathComponent("info.json").path,
        ],
        outDirectory: outDirectory, outName: "info.json")
      #expect(result.stdout.isEmpty)
      let root = try jsonObject(text)
      #expect(root["columns"] as? [String] == ["theta", "information", "csem", "expected_score"])
      #expect((root["rows"] as? [[String: Any]])?.count == 17)

      let unknown = try CLIRunner.run(["information", "--params", params, "--items", "N2,M4"])
      #expect(unknown.status == 2)
      #expect(unknown.stderr.contains("'M4'") && unknown.stderr.contains("did you mean"), "\(unknown.stderr)")

      let grid = try CLIRunner.run(["information", "--params", params, "--step", "0"])
      #expect(grid.status == 2)
      let reversed = try CLIRunner.run(["information", "--params", params, "--from", "2", "--to", "-2"])
      #expect(reversed.status == 2)

      let missing = try CLIRunner.run(["information", "--params", directory.path + "/absent.json"])
      #expect(missing.status == 2)
      #expect(missing.stderr.contains("absent.json"))

      let badCSV = try writeFile(
        "id,a,b,c,se_a,se_b,se_c\nN1,0.9,-1,0.2,,,\nN2,1.3,0,0.15,,\n", "bad.csv", in: directory)
      let malformed = try CLIRunner.run(["information", "--params", badCSV])
      #expect(malformed.status == 2)
      #expect(malformed.stderr.contains(badCSV + ":3:"), "\(malformed.stderr)")
    }
  }
}
