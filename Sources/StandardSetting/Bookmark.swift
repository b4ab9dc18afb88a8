import Equating
import Foundation
import ItemBenchCore
import ItemResponseTheory

/// How the response probability is applied to items with a lower asymptote c > 0.
public enum GuessingTreatment: String, Sendable, Hashable, CaseIterable {
  /// The RP applies to the full 3PL probability: Pⱼ(θ) = RP, so
  /// θⱼ = bⱼ + ln((RP − cⱼ)/(1 − RP)) / (D·aⱼ); needs RP > cⱼ.
  case full
  /// The RP applies to the probability above chance, (Pⱼ(θ) − cⱼ)/(1 − cⱼ) = RP, so
  /// θⱼ = bⱼ + ln(RP/(1 − RP)) / (D·aⱼ) (the guessing correction; Huynh, 2006).
  case corrected
}

/// One page of the ordered item booklet.
public struct BookletPage: Sendable, Hashable {
  /// 1-based page number (easiest item first).
  public var page: Int
  public var item: String
  /// The item's location at the RP with the chosen guessing treatment: the ordering key.
  public var location: Double
  /// The location with the RP applied to the full 3PL probability (nil when RP ≤ c).
  public var fullLocation: Double?
  /// The location with the guessing correction.
  public var correctedLocation: Double
}

/// The ordered item booklet of a form.
public struct OrderedItemBooklet: Sendable, Hashable {
  public var responseProbability: Double
  public var guessing: GuessingTreatment
  public var pages: [BookletPage]

  /// Orders `items` by their location at `responseProbability` (ties by item id).
  ///
  /// - Throws: when RP is not strictly between 0 and 1, or (full treatment) RP ≤ cⱼ for an item,
  ///   which then has no location: use the corrected treatment or a higher RP.
  public init(
    items: [ItemParameters], scalingConstant D: Double, responseProbability rp: Double, guessing: GuessingTreatment
  ) throws {
    guard rp > 0, rp < 1 else {
      throw StandardSettingError("the response probability must be strictly between 0 and 1; got \(rp)")
    }
    var pages: [BookletPage] = []
    for item in items {
      let corrected = item.b + log(rp / (1 - rp)) / (D * item.a)
      let full: Double? = rp > item.c ? item.b + log((rp - item.c) / (1 - rp)) / (D * item.a) : nil
      let location: Double
      switch guessing {
      case .corrected: location = corrected
      case .full:
        guard let full else {
          throw StandardSettingError(
            "item '\(item.id)' has c = \(item.c) ≥ RP \(rp): it has no location at that response probability; use a higher RP or the guessing correction"
          )
        }
        location = full
      }
      pages.append(
        BookletPage(page: 0, item: item.id, location: location, fullLocation: full, correctedLocation: corrected))
    }
    pages.sort { ($0.location, $0.item) < ($1.location, $1.item) }
    for index in pages.indices { pages[index].page = index + 1 }
    self.responseProbability = rp
    self.guessing = guessing
    self.pages = pages
  }
}

/// One rater's placement and the θ cut it gives.
public struct BookmarkRaterCut: Sendable, Hashable {
  public var rater: String
  public var round: Int
  public var page: Int
  public var thetaCut: Double
}

/// The panel in one Bookmark round.
public struct BookmarkRound: Sendable, Hashable {
  public var round: Int
  public var raters: [BookmarkRaterCut]
  /// The median of the raters' θ cuts.
  public var thetaCut: Double
  /// The raw cut on the form: τ(θ_cut).
  public var rawCut: Double
  /// The median page.
  public var medianPage: Double
  public var impact: Impact?
}

public struct BookmarkResult: Sendable, Hashable {
  public var booklet: OrderedItemBooklet
  public var rounds: [BookmarkRound]
  public var finalRoundIndex: Int
  public var final: BookmarkRound { rounds[finalRoundIndex] }
}

/// The Bookmark method (Mitzel, Lewis, Patz & Green, 2001).
///
/// Items are ordered by their location at the response probability RP (default 0.67; see
/// ``GuessingTreatment``). A rater places the bookmark on page k: the last page a borderline
/// candidate answers correctly with probability at least RP. The rater's θ cut is that page's
/// location; the panel's θ cut is the median over raters; the raw cut is τ(θ_cut), the form's
/// TCC at the θ cut.
public enum BookmarkMethod {
  public static func analyze(
    placements: [BookmarkPlacement], booklet: OrderedItemBooklet, parameters: ParameterFile, items: [String],
    rawScores: [Int]? = nil, round wanted: Int? = nil
  ) throws -> BookmarkResult {
    let curve = try AngoffMethod.curveFor(parameters, items: items)
    let pageCount = booklet.pages.count
    var byRound: [Int: [BookmarkRaterCut]] = [:]
    for placement in placements {
      guard placement.page <= pageCount else {
        throw StandardSettingError(
          "page \(placement.page) is beyond the booklet's \(pageCount) pages", at: placement.location)
      }
      byRound[placement.round, default: []].append(
        BookmarkRaterCut(
          rater: placement.rater, round: placement.round, page: placement.page,
          thetaCut: booklet.pages[placement.page - 1].location))
    }
    let rounds = byRound.keys.sorted().map { round -> BookmarkRound in
      let raters = byRound[round, default: []].sorted { $0.rater < $1.rater }
      let theta = PanelStatistics.median(raters.map(\.thetaCut))
      let raw = curve.value(at: theta)
      return BookmarkRound(
        round: round, raters: raters, thetaCut: theta, rawCut: raw,
        medianPage: PanelStatistics.median(raters.map { Double($0.page) }),
        impact: rawScores.map { Impact(rawCut: raw, rawScores: $0) })
    }
    let finalIndex: Int
    if let wanted {
      guard let index = rounds.firstIndex(where: { $0.round == wanted }) else {
        throw StandardSettingError(
          "round \(wanted) is not in the placements file; its rounds are \(rounds.map { String($0.round) }.joined(separator: ", "))"
        )
      }
      finalIndex = index
    } else {
      finalIndex = rounds.count - 1
    }
    return BookmarkResult(booklet: booklet, rounds: rounds, finalRoundIndex: finalIndex)
  }
}
