import Foundation
import Testing

/// Reads a parameter JSON file (the fixtures and `link --out`) into the test's reference form.
func readParameterJSON(_ path: String) throws -> (
  form: RefForm, latent: (mean: Double, sd: Double), root: [String: Any]
) {
  let root = try jsonObject(try readFile(path))
  let items = try #require(root["items"] as? [[String: Any]])
  let refItems = try items.map { item in
    RefItem(
      id: try #require(item["id"] as? String), a: number(item["a"]) ?? 1,
      b: try #require(number(item["b"])), c: number(item["c"]) ?? 0)
  }
  let latent = root["latent"] as? [String: Any]
  return (
    RefForm(items: refItems, d: number(root["scaling_constant"]) ?? 1),
    (number(latent?["mean"]) ?? 0, number(latent?["sd"]) ?? 1), root
  )
}

/// A base form and the same form expressed on another θ scale, θ_base = A·θ_new + B:
/// a_new = A·a_base, b_new = (b_base − B)/A, c unchanged. Linking must recover A and B.
struct KnownLink {
  static let A = 1.25
  static let B = -0.4
  static let base = RefForm(
    items: [
      RefItem(id: "L1", a: 0.8, b: -1.5, c: 0.2), RefItem(id: "L2", a: 1.0, b: -0.8, c: 0.15),
      RefItem(id: "L3", a: 1.2, b: -0.2, c: 0.25), RefItem(id: "L4", a: 0.6, b: 0.3, c: 0.1),
      RefItem(id: "L5", a: 1.5, b: 0.7, c: 0.2), RefItem(id: "L6", a: 0.9, b: 1.2, c: 0.18),
      RefItem(id: "L7", a: 1.1, b: 1.8, c: 0.22), RefItem(id: "L8", a: 0.7, b: -0.4, c: 0.12),
    ], d: 1.7)
  static var new: RefForm {
    var form = base
    form.items = base.items.map { RefItem(id: $0.id, a: A * $0.a, b: ($0.b - B) / A, c: $0.c) }
    return form
  }
}

/// `itembench link` end to end (docs/equating.md).
@Suite struct LinkCLITests {
  @Test func momentMethodsReproduceStuirtAndTheFormulas() throws {
    let base = Fixtures.equating("kb-common-y.json")
    let new = Fixtures.equating("kb-common-x.json")
    let y = try readParameterJSON(base).form
    let x = try readParameterJSON(new).form

    // Own computation from the files: mean/sigma with population SDs, mean/mean.
    func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
    func sd(_ v: [Double]) -> Double {
      let m = mean(v)
      return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
    }
    let sigmaA = sd(y.items.map(\.b)) / sd(x.items.map(\.b))
    let sigmaB = mean(y.items.map(\.b)) - sigmaA * mean(x.items.map(\.b))
    let meanA = mean(x.items.map(\.a)) / mean(y.items.map(\.a))
    let meanB = mean(y.items.map(\.b)) - meanA * mean(x.items.map(\.b))

    // STUIRT example 1 (Kolen): mean/sigma A = 1.168891, B = −0.515543; mean/mean A = 1.217266,
    // B = −0.557156.
    for (method, published, own) in [
      ("mean-sigma", (1.168891, -0.515543), (sigmaA, sigmaB)),
      ("mean-mean", (1.217266, -0.557156), (meanA, meanB)),
    ] {
      let result = try CLIRunner.run(["link", "--base", base, "--new", new, "--method", method, "--format", "json"])
      // Anchor KB27's slope ratio drifts (docs/equating.md): exit 1, outputs still written.
      #expect(result.status == 1, "\(method): \(result.stderr)")
      #expect(result.stderr.contains("KB27"))
      let root = try jsonObject(result.stdout)
      let a = try #require(number(root["A"]))
      let b = try #require(number(root["B"]))
      #expect(abs(a - published.0) < 1e-6 && abs(b - published.1) < 1e-6, "\(method): A = \(a), B = \(b)")
      #expect(abs(a - own.0) < 1e-6 && abs(b - own.1) < 1e-6, "\(method)")
      #expect(root["method"] as? String == method)
      #expect((root["anchors"] as? [String])?.count == 12)
      #expect(root["flagged"] as? [String] == ["KB27"])
    }

    // Excluding KB27: the formulas over the other 11 anchors.
    let keep = y.items.indices.filter { y.items[$0].id != "KB27" }
    let ySub = keep.map { y.items[$0].b }
    let xSub = keep.map { x.items[$0].b }
    let subA = sd(ySub) / sd(xSub)
    let subB = mean(ySub) - subA * mean(xSub)
    let excluded = try CLIRunner.run([
      "link", "--base", base, "--new", new, "--method", "mean-sigma", "--exclude", "KB27", "--format", "json",
    ])
    let root = try jsonObject(excluded.stdout)
    #expect(root["excluded"] as? [String] == ["KB27"])
    #expect((root["anchors"] as? [String])?.contains("KB27") == false)
    #expect(abs((number(root["A"]) ?? 0) - subA) < 1e-6)
    #expect(abs((number(root["B"]) ?? 0) - subB) < 1e-6)
  }

  @Test(arguments: ["stocking-lord", "haebara"])
  func characteristicCurveMethodsRecoverAKnownTransformation(method: String) throws {
    try withTemporaryDirectory { directory in
      let base = try writeFile(KnownLink.base.json(model: "3pl", form: "base"), "base.json", in: directory)
      let new = try writeFile(KnownLink.new.json(model: "3pl", form: "new", se: true), "new.json", in: directory)
      let outDirectory = directory.appendingPathComponent("out")
      try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
      let out = outDirectory.appendingPathComponent("new-on-base.json").path
      let (_, result) = try expectAtomicDeterministicOutput(
        ["link", "--base", base, "--new", new, "--method", method, "--out", out, "--format", "json"],
        outDirectory: outDirectory, outName: "new-on-base.json")
      let root = try jsonObject(result.stdout)
      let a = try #require(number(root["A"]))
      let b = try #require(number(root["B"]))
      #expect(abs(a - KnownLink.A) < 1e-5 && abs(b - KnownLink.B) < 1e-5, "A = \(a), B = \(b)")
      #expect(root["converged"] as? Bool == true)
      #expect(root["flagged"] as? [String] == [])

      // The text report states the same constants (6 decimals).
      let text = try CLIRunner.run(["link", "--base", base, "--new", new, "--method", method])
      #expect(text.status == 0)
      let lines = text.stdout.split(separator: "\n").map(String.init)
      let textA = lines.first { $0.hasPrefix("A = ") }.flatMap { Double($0.dropFirst(4)) }
      let textB = lines.first { $0.hasPrefix("B = ") }.flatMap { Double($0.dropFirst(4)) }
      #expect(abs((textA ?? .nan) - KnownLink.A) < 1e-5 && abs((textB ?? .nan) - KnownLink.B) < 1e-5, "\(text.stdout)")

      // The new form on the base scale is the base form again; se(a*) = se(a)/A, se(b*) = A·se(b);
      // latent mean* = A·0 + B, sd* = A·1.
      let (linked, latent, linkedRoot) = try readParameterJSON(out)
      #expect(linked.d == 1.7)
      for (item, expected) in zip(linked.items, KnownLink.base.items) {
        #expect(item.id == expected.id)
        #expect(
          abs(item.a - expected.a) < 1e-5 && abs(item.b - expected.b) < 1e-5 && item.c == expected.c, "\(item.id)")
      }
      #expect(abs(latent.mean - KnownLink.B) < 1e-5 && abs(latent.sd - KnownLink.A) < 1e-5)
      let firstItem = try #require((linkedRoot["items"] as? [[String: Any]])?.first)
      #expect(abs((number(firstItem["se_a"]) ?? 0) - 0.05 / KnownLink.A) < 1e-5)
      #expect(abs((number(firstItem["se_b"]) ?? 0) - 0.1 * KnownLink.A) < 1e-5)
    }
  }

  @Test func raschFilesHoldTheSlopeAtOne() throws {
    try withTemporaryDirectory { directory in
      var base = RefForm(items: (1...6).map { RefItem(id: "R\($0)", a: 1, b: -1.5 + 0.6 * Double($0 - 1)) })
      base.d = 1
      var new = base
      new.items = base.items.map { RefItem(id: $0.id, a: 1, b: $0.b - 0.35) }  // θ_base = θ_new + 0.35
      let basePath = try writeFile(base.json(model: "rasch", form: "rb"), "b.json", in: directory)
      let newPath = try writeFile(new.json(model: "rasch", form: "rn"), "n.json", in: directory)
      for method in ["mean-mean", "mean-sigma", "haebara", "stocking-lord"] {
        let result = try CLIRunner.run([
          "link", "--base", basePath, "--new", newPath, "--method", method, "--format", "json",
        ])
        #expect(result.status == 0, "\(method): \(result.stderr)")
        let root = try jsonObject(result.stdout)
        #expect(number(root["A"]) == 1, "\(method)")
        #expect(abs((number(root["B"]) ?? 0) - 0.35) < 1e-5, "\(method)")
        #expect(root["slope_fixed"] as? Bool == true)
      }
    }
  }

  @Test func aDriftedAnchorIsFlaggedAndExcludingItRestoresTheLink() throws {
    try withTemporaryDirectory { directory in
      var drifted = KnownLink.new
      drifted.items[3].b += 1.0  // L4 became harder on the new form
      let base = try writeFile(KnownLink.base.json(model: "3pl", form: "base"), "base.json", in: directory)
      let new = try writeFile(drifted.json(model: "3pl", form: "new"), "new.json", in: directory)

      // mean/mean: A from the slopes is exact; B absorbs −A·1.0/8, so every other anchor's
      // displacement is the same and only L4 stands out.
      let flagged = try CLIRunner.run([
        "link", "--base", base, "--new", new, "--method", "mean-mean", "--format", "json",
      ])
      #expect(flagged.status == 1)
      #expect(flagged.stderr.contains("L4"))
      let root = try jsonObject(flagged.stdout)
      #expect(root["flagged"] as? [String] == ["L4"])
      #expect(abs((number(root["B"]) ?? 0) - (KnownLink.B - KnownLink.A * 1.0 / 8)) < 1e-6)
      let drift = try #require(root["drift"] as? [[String: Any]])
      #expect(drift.count == 8)
      for row in drift {
        #expect(Set(row.keys).isSuperset(of: ["id", "b_displacement", "z_b", "log_a_ratio", "z_a", "flagged"]))
        #expect((row["flagged"] as? Bool) == (row["id"] as? String == "L4"))
      }
      let text = try CLIRunner.run(["link", "--base", base, "--new", new, "--method", "mean-mean"])
      #expect(text.status == 1)
      #expect(text.stdout.split(separator: "\n").contains { $0.hasPrefix("L4 ") && $0.hasSuffix("DRIFT") })

      for method in ["mean-mean", "stocking-lord"] {
        let relinked = try CLIRunner.run([
          "link", "--base", base, "--new", new, "--method", method, "--exclude", "L4", "--format", "json",
        ])
        #expect(relinked.status == 0, "\(method): \(relinked.stderr)")
        let again = try jsonObject(relinked.stdout)
        #expect(abs((number(again["A"]) ?? 0) - KnownLink.A) < 1e-5, "\(method)")
        #expect(abs((number(again["B"]) ?? 0) - KnownLink.B) < 1e-5, "\(method)")
      }
    }
  }

  @Test func csvOutputHasTheParameterHeader() throws {
    try withTemporaryDirectory { directory in
      let base = try writeFile(KnownLink.base.json(model: "3pl", form: "base"), "base.json", in: directory)
      let new = try writeFile(KnownLink.new.json(model: "3pl", form: "new"), "new.json", in: directory)
      let outDirectory = directory.appendingPathComponent("out")
      try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
      let out = outDirectory.appendingPathComponent("linked.csv").path
      let (text, _) = try expectAtomicDeterministicOutput(
        ["link", "--base", base, "--new", new, "--method", "stocking-lord", "--out", out],
        outDirectory: outDirectory, outName: "linked.csv")
      let csv = CSVOutput(text)
      #expect(csv.header == ["id", "a", "b", "c", "se_a", "se_b", "se_c"])
      #expect(csv.rows.map { $0["id"] } == KnownLink.base.items.map(\.id))
      for (row, expected) in zip(csv.rows, KnownLink.base.items) {
        #expect(abs((Double(row["b"] ?? "") ?? .nan) - expected.b) < 1e-5)
      }
    }
  }

  @Test func badInputExitsTwoNamingTheProblem() throws {
    try withTemporaryDirectory { directory in
      let base = try writeFile(KnownLink.base.json(model: "3pl", form: "base"), "base.json", in: directory)
      let new = try writeFile(KnownLink.new.json(model: "3pl", form: "new"), "new.json", in: directory)

      let missing = try CLIRunner.run([
        "link", "--base", base, "--new", directory.path + "/absent.json", "--method", "mean-mean",
      ])
      #expect(missing.status == 2)
      #expect(missing.stderr.contains("absent.json"))

      let method = try CLIRunner.run(["link", "--base", base, "--new", new, "--method", "mean-median"])
      #expect(method.status == 2)
      #expect(method.stderr.contains("mean-median"))

      let anchor = try CLIRunner.run([
        "link", "--base", base, "--new", new, "--method", "mean-mean", "--anchors", "L1,L2,L9",
      ])
      #expect(anchor.status == 2)
      #expect(anchor.stderr.contains("'L9'"))

      let grid = try CLIRunner.run(["link", "--base", base, "--new", new, "--method", "haebara", "--grid", "4:-4:1"])
      #expect(grid.status == 2)

      // CSV files carry no D (read as 1): linking them with D = 1.7 JSON is refused.
      let csv = try writeFile(
        "id,a,b,c,se_a,se_b,se_c\nL1,1,0,0,,,\nL2,1,1,0,,,\nL3,1,-1,0,,,\n", "new.csv", in: directory)
      let scaling = try CLIRunner.run(["link", "--base", base, "--new", csv, "--method", "mean-mean"])
      #expect(scaling.status == 2)
      #expect(scaling.stderr.contains("scaling constant"))

      // A malformed parameter CSV: file, line and column of the bad cell.
      let badCSV = try writeFile("id,a,b,c,se_a,se_b,se_c\nL1,1,0,0,,,\nL2,1,one,0,,,\n", "bad.csv", in: directory)
      let malformed = try CLIRunner.run(["link", "--base", badCSV, "--new", csv, "--method", "mean-mean"])
      #expect(malformed.status == 2)
      #expect(malformed.stderr.contains(badCSV + ":3:3: error:"), "\(malformed.stderr)")
    }
  }
}
