import Foundation
import Testing

/// `itembench equate` end to end (docs/equating.md).
@Suite struct EquateCLITests {
  static let formY = Fixtures.equating("kb-form-y.json")
  static let formX = Fixtures.equating("kb-form-x-on-y-scale.json")

  @Test func trueScoreReproducesPolyEquateAndTheTCC() throws {
    let result = try CLIRunner.run(["equate", "--base", Self.formY, "--new", Self.formX])
    #expect(result.status == 0, "\(result.stderr)")
    let csv = CSVOutput(result.stdout)
    #expect(csv.header == ["raw", "theta", "equated"])
    #expect(csv.rows.map { $0["raw"] } == (0...36).map { String($0) })
    #expect(csv.metadata["method"] == "true-score")
    #expect(csv.metadata["form"] == "kb-form-x" && csv.metadata["base_form"] == "kb-form-y")

    // Kolen's PolyEquate (Kolen & Brennan's ACT Mathematics example), Form Y equivalents and θ.
    let published: [Int: (theta: Double?, equated: Double)] = [
      0: (nil, 0), 1: (nil, 0.888027), 6: (nil, 5.328161), 7: (-4.336128, 6.134033),
      10: (-1.607182, 9.621725), 20: (0.399813, 20.979305), 30: (1.953320, 31.384411),
      35: (4.321431, 35.575623), 36: (nil, 36),
    ]
    let thetas = csv.numbers("theta")
    let equated = csv.numbers("equated")
    for (raw, expected) in published {
      #expect(abs((equated[raw] ?? .nan) - expected.equated) < 5e-6, "raw \(raw)")
      if let theta = expected.theta {
        #expect(abs((thetas[raw] ?? .nan) - theta) < 5e-6, "raw \(raw)")
      } else {
        #expect(thetas[raw] == nil, "raw \(raw) should have no θ")
      }
    }

    // Every row against an own computation: below Σc_new the line through (0, 0) and
    // (Σc_new, Σc_base); otherwise θ = τ_new⁻¹(x), equated = τ_base(θ).
    let x = try readParameterJSON(Self.formX).form
    let y = try readParameterJSON(Self.formY).form
    let sumCX = x.items.reduce(0) { $0 + $1.c }
    let sumCY = y.items.reduce(0) { $0 + $1.c }
    for raw in 0...36 {
      let value = try #require(equated[raw])
      if Double(raw) <= sumCX {
        #expect(abs(value - Double(raw) * sumCY / sumCX) < 2e-6, "raw \(raw)")
      } else if raw < 36 {
        let theta = x.inverseTCC(Double(raw))
        #expect(abs((thetas[raw] ?? .nan) - theta) < 2e-6, "raw \(raw)")
        #expect(abs(value - y.tcc(theta)) < 2e-6, "raw \(raw)")
      } else {
        #expect(abs(value - 36) < 1e-12)
      }
    }
  }

  @Test(arguments: ["true-score", "observed-score"])
  func aFormEquatedToItselfIsTheIdentity(method: String) throws {
    let result = try CLIRunner.run(["equate", "--base", Self.formY, "--new", Self.formY, "--method", method])
    #expect(result.status == 0, "\(result.stderr)")
    let csv = CSVOutput(result.stdout)
    for (raw, value) in csv.numbers("equated").enumerated() {
      #expect(abs((value ?? .nan) - Double(raw)) < 2e-6, "\(method) raw \(raw)")
    }
  }

  @Test func observedScoreEquivalentsAreIncreasingWithinTheHalfPointBand() throws {
    let result = try CLIRunner.run(["equate", "--base", Self.formY, "--new", Self.formX, "--method", "observed-score"])
    #expect(result.status == 0)
    let csv = CSVOutput(result.stdout)
    #expect(csv.header == ["raw", "theta", "equated"])
    let equated = csv.numbers("equated").map { $0 ?? .nan }
    #expect(equated.count == 37)
    #expect(zip(equated, equated.dropFirst()).allSatisfy { $0 < $1 })
    #expect(equated.allSatisfy { $0 >= -0.5 && $0 <= 36.5 })
    // Form X is the harder form in the middle of the scale (PolyEquate: raw 20 → 20.979), and
    // observed-score equating agrees in direction.
    #expect(equated[20] > 20 && equated[20] < 21.5)
  }

  @Test func outputFormatsAndFiles() throws {
    try withTemporaryDirectory { directory in
      // The linking constants named in the metadata come from `link --format json`.
      let linking = try writeFile(
        #"{"A": 1.25, "B": -0.4, "method": "stocking-lord", "anchors": ["KB03", "KB06", "KB09"]}"#,
        "link.json", in: directory)

      let jsonDirectory = directory.appendingPathComponent("json")
      try FileManager.default.createDirectory(at: jsonDirectory, withIntermediateDirectories: true)
      let (jsonText, _) = try expectAtomicDeterministicOutput(
        [
          "equate", "--base", Self.formY, "--new", Self.formX, "--linking", linking,
          "--out", jsonDirectory.appendingPathComponent("eq.json").path,
        ],
        outDirectory: jsonDirectory, outName: "eq.json")
      let root = try jsonObject(jsonText)
      #expect(root["columns"] as? [String] == ["raw", "theta", "equated"])
      #expect((root["rows"] as? [[String: Any]])?.count == 37)
      let metadata = try #require(root["metadata"] as? [String: Any])
      let linkingText = try #require(metadata["linking"] as? String)
      #expect(linkingText.contains("1.25") && linkingText.contains("-0.4"), "\(linkingText)")

      // --format overrides the extension.
      let csvDirectory = directory.appendingPathComponent("csv")
      try FileManager.default.createDirectory(at: csvDirectory, withIntermediateDirectories: true)
      let (csvText, _) = try expectAtomicDeterministicOutput(
        [
          "equate", "--base", Self.formY, "--new", Self.formX, "--format", "csv",
          "--out", csvDirectory.appendingPathComponent("eq.json").path,
        ],
        outDirectory: csvDirectory, outName: "eq.json")
      #expect(CSVOutput(csvText).header == ["raw", "theta", "equated"])

      let markdown = try CLIRunner.run(["equate", "--base", Self.formY, "--new", Self.formX, "--format", "markdown"])
      #expect(markdown.status == 0)
      #expect(markdown.stdout.contains("| raw | theta | equated |"))

      // --scale turns the output into the conversion table.
      let scaled = try CLIRunner.run([
        "equate", "--base", Self.formY, "--new", Self.formX, "--scale", Fixtures.equating("scale.yml"),
      ])
      #expect(scaled.status == 0)
      #expect(CSVOutput(scaled.stdout).header == ["raw", "theta", "equated", "scaled", "pass", "csem"])
    }
  }

  @Test func badInputExitsTwo() throws {
    try withTemporaryDirectory { directory in
      let missing = try CLIRunner.run(["equate", "--base", Self.formY, "--new", directory.path + "/absent.json"])
      #expect(missing.status == 2)
      #expect(missing.stderr.contains("absent.json"))

      let method = try CLIRunner.run(["equate", "--base", Self.formY, "--new", Self.formX, "--method", "linear"])
      #expect(method.status == 2)
      #expect(method.stderr.contains("linear"))

      let weight = try CLIRunner.run(["equate", "--base", Self.formY, "--new", Self.formX, "--new-weight", "1.5"])
      #expect(weight.status == 2)

      let format = try CLIRunner.run(["equate", "--base", Self.formY, "--new", Self.formX, "--format", "xml"])
      #expect(format.status == 2)
      #expect(format.stderr.contains("xml"))

      let badLinking = try writeFile("[1, 2]\n", "link.json", in: directory)
      let linking = try CLIRunner.run(["equate", "--base", Self.formY, "--new", Self.formX, "--linking", badLinking])
      #expect(linking.status == 2)
      #expect(linking.stderr.contains("link.json"))

      // A parameter CSV with a row of the wrong length: named by file and line.
      let short = try writeFile("id,a,b,c,se_a,se_b,se_c\nQ1,1,0,0,,,\nQ2,1,0\n", "short.csv", in: directory)
      let shortRow = try CLIRunner.run(["equate", "--base", short, "--new", short])
      #expect(shortRow.status == 2)
      #expect(shortRow.stderr.contains(short + ":3:"), "\(shortRow.stderr)")
      #expect(try listing(directory) == ["link.json", "short.csv"])
    }
  }
}
