import Foundation
import ItemBank
import ItemResponseTheory

/// A seeded synthetic bank for assembly tests: items spread over the blueprint's domains in
/// proportion to their weights, levels 30/50/20, 90 % operational with 3PL parameters
/// (a log-normal around 1, b standard normal, c 0.1–0.25), 10 % pretest without parameters, and
/// some enemy pairs.
struct SyntheticBank {
  var bank: ItemBank
  var parameters: [ItemParameters]

  /// A small, deterministic generator (SplitMix64).
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double {
      let u = Swift.max(uniform(), 1e-300)
      return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * uniform())
    }
  }

  init(items count: Int, blueprint: Blueprint, enemyPairs: Int = 0, seed: UInt64 = 42) {
    var rng = Generator(state: seed)
    let weights = blueprint.domains.map(\.target.weight)
    let total = weights.reduce(0, +)
    var items: [Item] = []
    var parameters: [ItemParameters] = []
    for index in 0..<count {
      var pick = rng.uniform() * total
      var domain = blueprint.domains.count - 1
      for (d, w) in weights.enumerated() {
        if pick < w {
          domain = d
          break
        }
        pick -= w
      }
      let u = rng.uniform()
      let level: CognitiveLevel = u < 0.3 ? .recall : (u < 0.8 ? .application : .analysis)
      let operational = index % 10 != 9
      let id = String(format: "SYN-%05d", index)
      items.append(
        Item(
          id: id, status: operational ? .operational : .pretest, domain: blueprint.domains[domain].id,
          cognitiveLevel: level, stem: "Synthetic question \(index)?",
          options: ["A", "B", "C", "D"].map { ItemOption(id: $0, text: "Option \($0)") },
          key: ["A", "B", "C", "D"][index % 4]))
      if operational {
        parameters.append(
          ItemParameters(id: id, a: exp(0.3 * rng.normal()), b: rng.normal(), c: 0.1 + 0.15 * rng.uniform()))
      }
    }
    for _ in 0..<enemyPairs {
      let i = Int(rng.next() % UInt64(count))
      let j = Int(rng.next() % UInt64(count))
      guard i != j else { continue }
      items[i].enemies.append(items[j].id)
    }
    bank = ItemBank(root: "<synthetic>", items: items, blueprints: [blueprint])
    self.parameters = parameters
  }
}
