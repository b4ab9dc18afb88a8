import Dispatch
import ItemBenchCore
import ItemResponseTheory

/// The lexicographic quality of a form or of all forms: level-range violations first, then the
/// largest weighted deviation, then the sum of squared deviations.
struct SearchKey: Comparable {
  var violation: Int
  var worst: Double
  var squares: Double

  static let tolerance = 1e-12

  static func < (lhs: SearchKey, rhs: SearchKey) -> Bool {
    if lhs.violation != rhs.violation { return lhs.violation < rhs.violation }
    let scale = Swift.max(1, abs(rhs.worst))
    if lhs.worst < rhs.worst - tolerance * scale { return true }
    if lhs.worst > rhs.worst + tolerance * scale { return false }
    return lhs.squares < rhs.squares - tolerance * Swift.max(1, abs(rhs.squares))
  }
}

/// A swap found by the scan: position `position` of the form's free scored list for candidate
/// `incoming`.
private struct Move {
  var key: SearchKey
  var position: Int
  var incoming: Int
}

/// The mutable state of the built-in solver (see ``HeuristicSolver``).
struct SearchState: Sendable {
  let problem: AssemblyProblem
  let n: Int
  let forms: Int
  let r: Int
  let coefficients: [Double]
  let targets: [Double]
  let weights: [Double]
  let maximize: [Bool]
  let domainOf: [Int]
  let levelOf: [Int]
  let canScore: [Bool]
  let capacity: [Int]
  let enemies: [[Int]]
  let domainLow: [Int]
  let domainHigh: [Int]
  let levelLow: [Int]
  let levelHigh: [Int]
  let maxOverlap: Int?

  var scored: [[Int]]
  /// `onForm[f * n + i]`: 1 when item i is on form f.
  var onForm: [UInt8]
  /// `enemyCount[f * n + i]`: enemies of item i on form f.
  var enemyCount: [Int32]
  var used: [Int]
  var domainCount: [[Int]]
  var levelCount: [[Int]]
  var values: [[Double]]
  var shared: [[Int]]

  init(problem: AssemblyProblem) throws {
    self.problem = problem
    n = problem.candidates.count
    forms = problem.formCount
    r = problem.rows.count
    coefficients = problem.coefficients
    targets = problem.rows.map(\.target)
    weights = problem.rows.map(\.weight)
    maximize = problem.rows.map(\.maximize)
    domainOf = problem.candidates.map { $0.domain ?? -1 }
    levelOf = problem.candidates.map { $0.level ?? -1 }
    canScore = problem.candidates.map(\.canScore)
    capacity = problem.candidates.map(\.capacity)
    enemies = problem.candidates.map(\.enemies)
    domainLow = problem.domainRanges.map(\.lowerBound)
    domainHigh = problem.domainRanges.map(\.upperBound)
    levelLow = problem.levelRanges.map(\.lowerBound)
    levelHigh = problem.levelRanges.map(\.upperBound)
    maxOverlap = problem.formCount > 1 ? problem.maxOverlap : nil
    scored = Array(repeating: [], count: forms)
    onForm = Array(repeating: 0, count: forms * n)
    enemyCount = Array(repeating: 0, count: forms * n)
    used = Array(repeating: 0, count: n)
    domainCount = Array(repeating: problem.fixedDomainCounts, count: forms)
    levelCount = Array(repeating: problem.fixedLevelCounts, count: forms)
    values = Array(repeating: problem.fixedContribution, count: forms)
    shared = Array(repeating: Array(repeating: 0, count: forms), count: forms)
  }

  // MARK: Moves

  mutating func add(_ i: Int, to f: Int) {
    onForm[f * n + i] = 1
    used[i] += 1
    if domainOf[i] >= 0 { domainCount[f][domainOf[i]] += 1 }
    if levelOf[i] >= 0 { levelCount[f][levelOf[i]] += 1 }
    for k in 0..<r { values[f][k] += coefficients[i * r + k] }
    for e in enemies[i] { enemyCount[f * n + e] += 1 }
    if maxOverlap != nil {
      for g in 0..<forms where g != f && onForm[g * n + i] == 1 {
        shared[f][g] += 1
        shared[g][f] += 1
      }
    }
    scored[f].append(i)
  }

  mutating func remove(at position: Int, from f: Int) {
    let i = scored[f].remove(at: position)
    onForm[f * n + i] = 0
    used[i] -= 1
    if domainOf[i] >= 0 { domainCount[f][domainOf[i]] -= 1 }
    if levelOf[i] >= 0 { levelCount[f][levelOf[i]] -= 1 }
    for k in 0..<r { values[f][k] -= coefficients[i * r + k] }
    for e in enemies[i] { enemyCount[f * n + e] -= 1 }
    if maxOverlap != nil {
      for g in 0..<forms where g != f && onForm[g * n + i] == 1 {
        shared[f][g] -= 1
        shared[g][f] -= 1
      }
    }
  }

  /// Whether item i may join form f as it stands (ignoring domain and level counts).
  func admissible(_ i: Int, on f: Int, leaving: Int? = nil) -> Bool {
    guard canScore[i], onForm[f * n + i] == 0, used[i] < capacity[i] else { return false }
    let enemiesHere = Int(enemyCount[f * n + i])
    if enemiesHere > 0 {
      guard let leaving, enemiesHere == 1, enemies[i].contains(leaving) else { return false }
    }
    if let k = maxOverlap {
      for g in 0..<forms where g != f {
        let change = Int(onForm[g * n + i]) - (leaving.map { Int(onForm[g * n + $0]) } ?? 0)
        if change > 0, shared[f][g] + change > k { return false }
      }
    }
    return true
  }

  func levelViolation(_ f: Int) -> Int {
    var total = 0
    for l in levelLow.indices {
      let c = levelCount[f][l]
      total += Swift.max(0, levelLow[l] - c) + Swift.max(0, c - levelHigh[l])
    }
    for d in domainLow.indices {
      let c = domainCount[f][d]
      total += Swift.max(0, domainLow[d] - c) + Swift.max(0, c - domainHigh[d])
    }
    return total
  }

  func deviation(_ k: Int, _ value: Double) -> Double {
    maximize[k] ? -value : weights[k] * abs(value - targets[k])
  }

  func formKey(_ f: Int) -> SearchKey {
    var worst = -Double.infinity
    var squares = 0.0
    for k in 0..<r {
      let d = deviation(k, values[f][k])
      worst = Swift.max(worst, d)
      if !maximize[k] { squares += d * d }
    }
    return SearchKey(violation: levelViolation(f), worst: r == 0 ? 0 : worst, squares: squares)
  }

  func globalKey() -> SearchKey {
    var key = SearchKey(violation: 0, worst: -Double.infinity, squares: 0)
    for f in 0..<forms {
      let formKey = formKey(f)
      key.violation += formKey.violation
      key.worst = Swift.max(key.worst, formKey.worst)
      key.squares += formKey.squares
    }
    return key
  }

  /// The program's objective: max over forms and rows of the weighted deviation, or (max-info)
  /// the smallest information.
  func objective() -> Double {
    let worst = (0..<forms).map { formKey($0).worst }.max() ?? 0
    return maximize.contains(true) ? -worst : worst
  }

  struct Snapshot {
    var scored: [[Int]]
  }

  func snapshot() -> Snapshot { Snapshot(scored: scored) }

  mutating func restore(_ snapshot: Snapshot) {
    for f in 0..<forms {
      while !scored[f].isEmpty { remove(at: scored[f].count - 1, from: f) }
    }
    for f in 0..<forms {
      for i in snapshot.scored[f] { add(i, to: f) }
    }
  }

  // MARK: Construction

  /// Free scored items per domain for each form (step 1 of ``HeuristicSolver``).
  func domainPlan() -> [Int] {
    let p = problem
    let d = p.blueprint.domains.count
    var low = [Int](repeating: 0, count: d)
    var high = [Int](repeating: 0, count: d)
    var plan = [Int](repeating: 0, count: d)
    for k in 0..<d {
      low[k] = Swift.max(0, domainLow[k] - p.fixedDomainCounts[k])
      high[k] = Swift.max(0, domainHigh[k] - p.fixedDomainCounts[k])
      let members = (0..<n).filter { canScore[$0] && domainOf[$0] == k }
      let distinct = members.count
      let uses = members.reduce(0) { $0 + capacity[$1] }
      high[k] = Swift.max(low[k], Swift.min(high[k], distinct, uses / forms))
      let target = p.blueprintDomainTargets[k].target - p.fixedDomainCounts[k]
      plan[k] = Swift.min(Swift.max(target, low[k]), high[k])
    }
    let quotas = p.blueprintDomainTargets.map(\.quota)
    func excess(_ k: Int) -> Double { Double(plan[k] + p.fixedDomainCounts[k]) - quotas[k] }
    while plan.reduce(0, +) > p.freeScored,
      let k = (0..<d).filter({ plan[$0] > low[$0] }).max(by: { excess($0) < excess($1) })
    {
      plan[k] -= 1
    }
    while plan.reduce(0, +) < p.freeScored,
      let k = (0..<d).filter({ plan[$0] < high[$0] }).min(by: { excess($0) < excess($1) })
        ?? (0..<d).filter({ plan[$0] + p.fixedDomainCounts[$0] < domainHigh[$0] }).min(by: { excess($0) < excess($1) })
    {
      plan[k] += 1
    }
    return plan
  }

  mutating func construct() throws {
    let p = problem
    let plan = domainPlan()
    // Interleave the domains: position (j + 0.5) / count_d, ties to blueprint order.
    var slots: [(key: Double, domain: Int)] = []
    for (d, count) in plan.enumerated() where count > 0 {
      for j in 0..<count { slots.append(((Double(j) + 0.5) / Double(count), d)) }
    }
    slots.sort { $0.key != $1.key ? $0.key < $1.key : $0.domain < $1.domain }
    let total = p.freeScored
    for (t, slot) in slots.enumerated() {
      for turn in 0..<forms {
        let f = (turn + t) % forms
        let remaining = total - scored[f].count
        guard
          let pick = bestAddition(to: f, domain: slot.domain, remaining: remaining)
            ?? bestAddition(to: f, domain: nil, remaining: remaining)
        else {
          throw AssemblyInfeasibility(
            reasons: [
              "the built-in solver ran out of items for form '\(p.formIDs[f])' in domain '\(p.blueprint.domains[slot.domain].id)' after \(scored[f].count) of \(total) free scored positions: every remaining operational item with parameters is used up (capacity), an enemy of an item already on the form, or would exceed the overlap limit; this does not prove infeasibility (try --solver cbc, or relax --max-uses or --max-overlap)"
            ], proven: false)
        }
        add(pick, to: f)
      }
    }
  }

  /// The best item to add to form f in `domain` (nil: any domain with room) — see step 2.
  func bestAddition(to f: Int, domain: Int?, remaining: Int) -> Int? {
    var need = [Double](repeating: 0, count: r)
    for k in 0..<r { need[k] = (targets[k] - values[f][k]) / Double(Swift.max(1, remaining)) }
    var deficit = 0
    for l in levelLow.indices { deficit += Swift.max(0, levelLow[l] - levelCount[f][l]) }
    var best: Int?
    var bestScore = Double.infinity
    for i in 0..<n where admissible(i, on: f) {
      let d = domainOf[i]
      if let domain {
        guard d == domain else { continue }
      } else {
        guard d >= 0, domainCount[f][d] < domainHigh[d] else { continue }
      }
      var score = 0.0
      for k in 0..<r {
        let c = coefficients[i * r + k]
        if maximize[k] {
          score -= c
        } else {
          let gap = weights[k] * (c - need[k])
          score += gap * gap
        }
      }
      let l = levelOf[i]
      if l >= 0, levelCount[f][l] >= levelHigh[l] { score += 1e6 }
      if deficit >= remaining, l < 0 || levelCount[f][l] >= levelLow[l] { score += 1e6 }
      if score < bestScore {
        bestScore = score
        best = i
      }
    }
    return best
  }

  // MARK: Local search

  /// Best-improvement swaps on every form until none improves; returns the moves made.
  mutating func localSearch() -> Int {
    var moves = 0
    var improved = true
    while improved {
      improved = false
      for f in 0..<forms {
        while true {
          if let move = bestSwap(on: f) {
            remove(at: move.position, from: f)
            add(move.incoming, to: f)
            moves += 1
          } else if !maximize.contains(true), applyBestDoubleSwap(on: f) {
            moves += 2
          } else {
            break
          }
          improved = true
        }
      }
      if maximize.contains(true), forms > 1 {
        while balanceInformation() {
          moves += 1
          improved = true
        }
      }
    }
    return moves
  }

  /// The best swap on form f that improves on `against` (default: the form's key), scanning the
  /// form's positions in two halves in parallel.
  private func bestSwap(on f: Int, against: SearchKey? = nil) -> Move? {
    scan(on: f, keep: 1, threshold: against ?? formKey(f)).first
  }

  /// When no single swap improves form f: each of the 12 best single swaps (improving or not),
  /// followed by the best swap after it; the best pair is applied if it improves the form's key.
  /// This escapes the plateaus of the minimax, where one swap cannot lower the largest deviation
  /// without raising another. Returns whether a pair was applied.
  /// - Complexity: 13 scans of O(S × n × R).
  private mutating func applyBestDoubleSwap(on f: Int) -> Bool {
    let current = formKey(f)
    var best: (first: Move, second: Move)?
    for first in scan(on: f, keep: 12, threshold: nil) {
      var trial = self
      trial.remove(at: first.position, from: f)
      trial.add(first.incoming, to: f)
      guard let second = trial.bestSwap(on: f, against: best?.second.key ?? current) else { continue }
      best = (first, second)
    }
    guard let best else { return false }
    remove(at: best.first.position, from: f)
    add(best.first.incoming, to: f)
    remove(at: best.second.position, from: f)
    add(best.second.incoming, to: f)
    return true
  }

  /// The `keep` best swaps on form f (best first), only those better than `threshold` when given.
  /// Two halves of the positions run in parallel; merging by (key, half) is deterministic.
  private func scan(on f: Int, keep: Int, threshold: SearchKey?) -> [Move] {
    let count = scored[f].count
    guard count > 0 else { return [] }
    let chunks = count * n > 40_000 ? 2 : 1
    let results = DisjointSlots<[Move]>(count: chunks, initial: [])
    let state = self
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let lower = chunk * count / chunks
      let upper = (chunk + 1) * count / chunks
      results[chunk] = state.scanSwaps(on: f, positions: lower..<upper, keep: keep, threshold: threshold)
    }
    var merged: [Move] = []
    for chunk in 0..<chunks {
      for move in results[chunk] {
        let index = merged.firstIndex { move.key < $0.key } ?? merged.count
        merged.insert(move, at: index)
      }
    }
    return Array(merged.prefix(keep))
  }

  private func scanSwaps(on f: Int, positions: Range<Int>, keep: Int, threshold: SearchKey?) -> [Move] {
    var kept: [Move] = []
    let unbounded = SearchKey(violation: Int.max, worst: .infinity, squares: .infinity)
    var bestKey = threshold ?? unbounded
    let violation = levelViolation(f)
    var base = [Double](repeating: 0, count: r)
    coefficients.withUnsafeBufferPointer { coef in
      for position in positions {
        let out = scored[f][position]
        for k in 0..<r { base[k] = values[f][k] - coef[out * r + k] }
        let outDomain = domainOf[out]
        let outLevel = levelOf[out]
        for i in 0..<n where canScore[i] && onForm[f * n + i] == 0 && used[i] < capacity[i] {
          let inDomain = domainOf[i]
          if inDomain != outDomain {
            guard domainCount[f][outDomain] - 1 >= domainLow[outDomain],
              domainCount[f][inDomain] + 1 <= domainHigh[inDomain]
            else { continue }
          }
          if enemyCount[f * n + i] > 0 || maxOverlap != nil {
            guard admissible(i, on: f, leaving: out) else { continue }
          }
          var v = violation
          let inLevel = levelOf[i]
          if inLevel != outLevel {
            if outLevel >= 0 {
              let c = levelCount[f][outLevel]
              v += (Swift.max(0, levelLow[outLevel] - (c - 1)) - Swift.max(0, levelLow[outLevel] - c))
              v += (Swift.max(0, (c - 1) - levelHigh[outLevel]) - Swift.max(0, c - levelHigh[outLevel]))
            }
            if inLevel >= 0 {
              let c = levelCount[f][inLevel]
              v += (Swift.max(0, levelLow[inLevel] - (c + 1)) - Swift.max(0, levelLow[inLevel] - c))
              v += (Swift.max(0, (c + 1) - levelHigh[inLevel]) - Swift.max(0, c - levelHigh[inLevel]))
            }
          }
          if v > bestKey.violation { continue }
          var worst = -Double.infinity
          var squares = 0.0
          for k in 0..<r {
            let d = deviation(k, base[k] + coef[i * r + k])
            if d > worst { worst = d }
            if !maximize[k] { squares += d * d }
          }
          let key = SearchKey(violation: v, worst: worst, squares: squares)
          if key < bestKey {
            let index = kept.firstIndex { key < $0.key } ?? kept.count
            kept.insert(Move(key: key, position: position, incoming: i), at: index)
            if kept.count > keep { kept.removeLast() }
            if kept.count == keep {
              bestKey = threshold.map { Swift.min($0, kept[keep - 1].key) } ?? kept[keep - 1].key
            }
          }
        }
      }
    }
    return kept
  }

  /// Under `max-info`: exchange one same-domain item between the least informative form and
  /// another form when that raises the smallest information. Returns whether it moved.
  mutating func balanceInformation() -> Bool {
    guard let row = maximize.firstIndex(of: true) else { return false }
    let info = (0..<forms).map { values[$0][row] }
    guard let low = info.indices.min(by: { info[$0] < info[$1] }) else { return false }
    var best: (gain: Double, other: Int, a: Int, b: Int)?
    for other in 0..<forms where other != low {
      for (a, itemA) in scored[low].enumerated() {
        for (b, itemB) in scored[other].enumerated()
        where domainOf[itemA] == domainOf[itemB] && levelOf[itemA] == levelOf[itemB] {
          let delta = coefficients[itemB * r + row] - coefficients[itemA * r + row]
          guard delta > 1e-12 else { continue }
          let newMinimum = Swift.min(info[low] + delta, info[other] - delta)
          guard newMinimum > info[low] + 1e-12 else { continue }
          guard onForm[low * n + itemB] == 0, onForm[other * n + itemA] == 0 else { continue }
          let gain = newMinimum - info[low]
          if best.map({ gain > $0.gain + 1e-15 }) ?? true { best = (gain, other, a, b) }
        }
      }
    }
    guard let move = best else { return false }
    let itemA = scored[low][move.a]
    let itemB = scored[move.other][move.b]
    remove(at: move.a, from: low)
    remove(at: move.b, from: move.other)
    let fits = admissible(itemB, on: low) && admissible(itemA, on: move.other)
    if fits {
      add(itemB, to: low)
      add(itemA, to: move.other)
      // Other forms unchanged; the smallest information rose, so this cannot cycle.
      return true
    }
    add(itemA, to: low)
    add(itemB, to: move.other)
    return false
  }

  // MARK: Restarts

  /// A few random feasible same-domain, same-level swaps per form (step 4).
  mutating func perturb(_ rng: inout SplitMix64) {
    for f in 0..<forms {
      let swaps = Swift.max(2, scored[f].count / 10)
      for _ in 0..<swaps {
        guard !scored[f].isEmpty else { break }
        for _ in 0..<50 {
          let position = Int(rng.next() % UInt64(scored[f].count))
          let out = scored[f][position]
          let incoming = Int(rng.next() % UInt64(n))
          guard domainOf[incoming] == domainOf[out], levelOf[incoming] == levelOf[out],
            admissible(incoming, on: f, leaving: out)
          else { continue }
          remove(at: position, from: f)
          add(incoming, to: f)
          break
        }
      }
    }
  }

  // MARK: Pretest and reporting

  /// Fills the free pretest positions (step 0); throws when some cannot be filled.
  mutating func assignPretest() throws -> [[Int]] {
    let p = problem
    var pretest: [[Int]] = Array(repeating: [], count: forms)
    let pool = p.pretestable
    for t in 0..<p.freePretest {
      for turn in 0..<forms {
        let f = (turn + t) % forms
        var pick: Int?
        for i in pool where onForm[f * n + i] == 0 && used[i] < capacity[i] && enemyCount[f * n + i] == 0 {
          if let k = maxOverlap,
            (0..<forms).contains(where: { g in g != f && onForm[g * n + i] == 1 && shared[f][g] + 1 > k })
          {
            continue
          }
          if let current = pick, (used[i], enemies[i].count) >= (used[current], enemies[current].count) { continue }
          pick = i
        }
        guard let i = pick else {
          throw AssemblyInfeasibility(
            reasons: [
              "the built-in solver could fill only \(pretest[f].count) of the \(p.freePretest) free pretest positions of form '\(p.formIDs[f])': the other pretest and approved items are used up, enemies of items on the form, or over the overlap limit; this does not prove infeasibility (try --solver cbc)"
            ], proven: false)
        }
        // Record as on the form (enemies, uses, overlap) without touching the scored rows.
        onForm[f * n + i] = 1
        used[i] += 1
        for e in enemies[i] { enemyCount[f * n + e] += 1 }
        if maxOverlap != nil {
          for g in 0..<forms where g != f && onForm[g * n + i] == 1 {
            shared[f][g] += 1
            shared[g][f] += 1
          }
        }
        pretest[f].append(i)
      }
    }
    return pretest
  }

  /// Which level or domain ranges the best assembly still misses.
  func violationReasons() -> [String] {
    var reasons: [String] = []
    for f in 0..<forms {
      for (l, level) in problem.levels.enumerated() where !(levelLow[l]...levelHigh[l]).contains(levelCount[f][l]) {
        reasons.append(
          "cognitive level '\(level.rawValue)' on form '\(problem.formIDs[f])': the built-in solver reached \(levelCount[f][l]) scored item(s), the blueprint allows \(levelLow[l])–\(levelHigh[l]) together with the domain ranges, enemies and usage limits; this does not prove infeasibility (try --solver cbc)"
        )
      }
    }
    return reasons.isEmpty ? ["the built-in solver found no assembly meeting every range"] : reasons
  }
}
