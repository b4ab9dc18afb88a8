import Dispatch
import Foundation
import ItemBenchCore

/// Simulated candidates: their responses and the abilities that generated them.
public struct SimulatedResponses: Sendable, Equatable {
  public var responses: ResponseMatrix
  /// The true θ of each candidate, in row order.
  public var thetas: [Double]
}

/// Generates dichotomous responses from known item parameters, reproducibly from a seed.
///
/// Model: θᵢ ~ N(mean, sd²); candidate i answers item j correctly when uᵢⱼ < Pⱼ(θᵢ) with
/// uᵢⱼ ~ U[0, 1) and P(θ) = c + (1 − c) / (1 + exp(−D·a·(θ − b))).
///
/// Random numbers: ``Xoshiro256StarStar``. Candidates are generated in blocks of
/// ``blockSize``; block k uses its own xoshiro256** stream seeded with the k-th output of
/// ``SplitMix64`` started at `seed`. Within a block, each candidate draws θ (two uniforms,
/// Box–Muller) and then one uniform per item in item order (plus one more per incorrect response
/// when letters are simulated). So the data depend only on the seed and the inputs, not on the
/// number of threads, and blocks are generated on all cores.
///
/// Letters: when `options` is given for an item, a correct response records the key's option
/// and an incorrect one a distractor drawn uniformly from the other options.
///
/// - Complexity: O(candidates × items).
public struct ResponseSimulator: Sendable {
  /// Option ids and the key's index for an item whose responses are simulated as letters.
  public struct Options: Sendable, Hashable {
    public var ids: [String]
    public var keyIndex: Int
    public init(ids: [String], keyIndex: Int) {
      precondition(ids.count >= 2 && ids.indices.contains(keyIndex) && ids.count <= 63)
      self.ids = ids
      self.keyIndex = keyIndex
    }
  }

  /// Candidates per random-number stream.
  public static let blockSize = 4096

  public var items: [ItemParameters]
  public var scalingConstant: Double
  public var latent: LatentDistribution
  /// Per item, the options to simulate letters with; `nil` (or an empty array) for 0/1 data.
  public var options: [Options]?

  public init(
    items: [ItemParameters], scalingConstant: Double = 1,
    latent: LatentDistribution = LatentDistribution(), options: [Options]? = nil
  ) {
    precondition(options == nil || options?.count == items.count, "one Options per item")
    self.items = items
    self.scalingConstant = scalingConstant
    self.latent = latent
    self.options = options
  }

  /// The ids `C000001`, `C000002`, … (at least six digits, wider when needed).
  public static func candidateIDs(count: Int, prefix: String = "C") -> [String] {
    let width = max(6, String(count).count)
    return (1...max(count, 1)).prefix(count).map { index in
      let digits = String(index)
      return prefix + String(repeating: "0", count: width - digits.count) + digits
    }
  }

  /// Simulates `candidates` candidates from `seed`.
  ///
  /// `candidates` must lie in ``InputLimits/simulatedCandidates`` and `candidates × items` must
  /// be at most ``InputLimits/simulatedCells`` (the caller checks; violating it is a
  /// programming error and stops the program before allocating).
  public func simulate(candidates: Int, seed: UInt64) -> SimulatedResponses {
    precondition(InputLimits.simulatedCandidates.contains(candidates), "candidates out of range")
    precondition(
      items.isEmpty || candidates <= InputLimits.simulatedCells / items.count, "response matrix too large")
    let itemCount = items.count
    let blockCount = (candidates + Self.blockSize - 1) / Self.blockSize
    var seeder = SplitMix64(seed: seed)
    let blockSeeds = (0..<blockCount).map { _ in seeder.next() }
    var codes = [UInt8](repeating: 0, count: candidates * itemCount)
    var thetas = [Double](repeating: 0, count: candidates)
    let D = scalingConstant
    let slopes = items.map { D * $0.a }
    let difficulties = items.map(\.b)
    let asymptotes = items.map(\.c)
    let functions = items.map(\.modelParameters)
    let options = self.options
    let latent = self.latent
    codes.withUnsafeMutableBufferPointer { codeBuffer in
      thetas.withUnsafeMutableBufferPointer { thetaBuffer in
        let codeBox = UncheckedSendableBox(codeBuffer)
        let thetaBox = UncheckedSendableBox(thetaBuffer)
        DispatchQueue.concurrentPerform(iterations: blockCount) { block in
          var random = Xoshiro256StarStar(seed: blockSeeds[block])
          let start = block * Self.blockSize
          let end = min(candidates, start + Self.blockSize)
          for candidate in start..<end {
            let theta = latent.mean + latent.sd * random.nextNormal()
            thetaBox.value[candidate] = theta
            let row = candidate * itemCount
            for item in 0..<itemCount {
              let p: Double
              if let function = functions[item] {
                p = function.probability(at: theta, scalingConstant: D)
              } else {
                let c = asymptotes[item]
                p = c + (1 - c) / (1 + exp(-slopes[item] * (theta - difficulties[item])))
              }
              let correct = random.nextUniform() < p
              var code: UInt8 = correct ? 1 : 0
              if let itemOptions = options?[item] {
                var index = itemOptions.keyIndex
                if !correct {
                  index = random.nextInt(below: itemOptions.ids.count - 1)
                  if index >= itemOptions.keyIndex { index += 1 }
                }
                code = ResponseCode.answered(score: correct ? 1 : 0, optionIndex: index)
              }
              codeBox.value[row + item] = code
            }
          }
        }
      }
    }
    let matrix = ResponseMatrix(
      candidateIDs: Self.candidateIDs(count: candidates), itemIDs: items.map(\.id), codes: codes,
      optionIDs: options?.map(\.ids) ?? [])
    return SimulatedResponses(responses: matrix, thetas: thetas)
  }
}

extension ResponseMatrix {
  /// The response-file CSV text: a header `candidate,<item ids>` and one row per candidate.
  ///
  /// Answered cells are written as the option id when the code records one (and
  /// ``optionIDs`` knows the item's options), else as `0`/`1`. Missing cells: omitted → empty,
  /// not reached → `NR`, not presented → `.` (the reader's default codes).
  ///
  /// - Complexity: O(candidates × items).
  public func csvText(candidateHeader: String = "candidate") -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(candidateCount * (itemCount * 2 + 10) + 64)
    func append(_ text: String) { bytes.append(contentsOf: Array(text.utf8)) }
    append(CSVExporter.field(candidateHeader))
    for id in itemIDs {
      bytes.append(UInt8(ascii: ","))
      append(CSVExporter.field(id))
    }
    bytes.append(UInt8(ascii: "\n"))
    let optionBytes: [[[UInt8]]] = optionIDs.map { $0.map { Array(CSVExporter.field($0).utf8) } }
    for candidate in 0..<candidateCount {
      append(CSVExporter.field(candidateIDs[candidate]))
      let row = candidate * itemCount
      for item in 0..<itemCount {
        bytes.append(UInt8(ascii: ","))
        let code = codes[row + item]
        switch code {
        case ResponseCode.omitted: break
        case ResponseCode.notReached: bytes.append(contentsOf: [UInt8(ascii: "N"), UInt8(ascii: "R")])
        case ResponseCode.notPresented: bytes.append(UInt8(ascii: "."))
        default:
          if let option = ResponseCode.optionIndex(code), item < optionBytes.count,
            option < optionBytes[item].count
          {
            bytes.append(contentsOf: optionBytes[item][option])
          } else {
            bytes.append(code & 1 == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0"))
          }
        }
      }
      bytes.append(UInt8(ascii: "\n"))
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
