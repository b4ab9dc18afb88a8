import ItemBank

extension AssemblyProblem {
  /// Necessary conditions for a solution, checked before any solver runs; each failed condition
  /// is one sentence naming the constraint and the numbers that conflict. Empty when every check
  /// passes (which does not prove a solution exists: enemies, overlap and the interplay of
  /// domains and levels are left to the solver).
  ///
  /// Checks, for F new forms: the fixed items' statuses, capacity and enemies; the anchors'
  /// miniature ranges against the blueprint's; per domain and level, the distinct usable items
  /// against one form's minimum and their capacity Σ min(F, capacity_i) against F × minimum; the
  /// usable scored supply within the ranges against F × the free scored positions; the pretest
  /// supply against F × the free pretest positions.
  /// - Complexity: O(candidates × (domains + levels)).
  public func infeasibilities() -> [String] {
    var reasons: [String] = []
    let f = formCount
    let formsText = f == 1 ? "one form" : "\(f) forms"
    let domains = blueprint.domains

    // Fixed items.
    for i in anchorItems {
      let c = candidates[i]
      if c.status != .operational {
        reasons.append(
          "anchor item '\(c.id)' is \(c.status.rawValue); anchors must be operational (coverage's status rule)")
      } else if c.domain == nil {
        reasons.append("anchor item '\(c.id)' has a domain that is not in blueprint '\(blueprint.id)'")
      } else if c.parameters == nil {
        reasons.append("anchor item '\(c.id)' has no parameters in the parameter file; scored items need them")
      }
    }
    let includedAll = includedScored + includedPretest
    for id in options.include
    where !includedAll.contains(where: { candidates[$0].id == id })
      && !anchorItems.contains(where: { candidates[$0].id == id })
    {
      let status = candidates.first { $0.id == id }?.status.rawValue ?? droppedReasons[id] ?? "not usable"
      reasons.append(
        "included item '\(id)' is \(status); a form may hold only operational (scored) or pretest and approved (pretest) items"
      )
    }
    for i in includedScored {
      let c = candidates[i]
      if c.domain == nil {
        reasons.append("included item '\(c.id)' has a domain that is not in blueprint '\(blueprint.id)'")
      } else if c.parameters == nil {
        reasons.append("included item '\(c.id)' is operational but has no parameters; scored items need them")
      }
    }
    for i in includedAll where candidates[i].capacity < f {
      let c = candidates[i]
      reasons.append(
        "included item '\(c.id)' would be on \(formsText) but may be used \(Swift.max(0, c.capacity)) more time(s) (--max-uses \(maxUses) counting the previous forms)"
      )
    }
    let fixed = anchorItems + includedAll
    for (position, i) in fixed.enumerated() {
      for j in fixed[(position + 1)...] where candidates[i].enemies.contains(j) {
        reasons.append(
          "items '\(candidates[i].id)' and '\(candidates[j].id)' must both be on every form (anchors or --include) but are enemies"
        )
      }
    }
    let fixedScoredCount = anchorItems.count + includedScored.count
    if fixedScoredCount > blueprint.scoredCount {
      reasons.append(
        "the anchors and included items fill \(fixedScoredCount) scored positions; blueprint '\(blueprint.id)' has \(blueprint.scoredCount)"
      )
    }
    if includedPretest.count > blueprint.pretestCount {
      reasons.append(
        "\(includedPretest.count) included pretest items; blueprint '\(blueprint.id)' has \(blueprint.pretestCount) pretest positions"
      )
    }

    // Anchors against the blueprint's ranges.
    for (d, allowed) in anchorConflicts {
      let anchors = anchorItems.filter { candidates[$0].domain == d }.count
      let range = blueprintDomainTargets[d]
      if let allowed {
        reasons.append(
          "the \(anchorItems.count) anchors put \(anchors) item(s) in domain '\(domains[d].id)'; to stay a miniature the form needs \(text(allowed)) scored item(s) there, but blueprint '\(blueprint.id)' allows \(range.rangeText)"
        )
      } else {
        reasons.append(
          "the \(anchorItems.count) anchors put \(anchors) item(s) in domain '\(domains[d].id)', more than any miniature of a \(blueprint.scoredCount)-item form allows"
        )
      }
    }
    for d in domains.indices where fixedDomainCounts[d] > domainRanges[d].upperBound {
      reasons.append(
        "the anchors and included items put \(fixedDomainCounts[d]) scored item(s) in domain '\(domains[d].id)'; at most \(domainRanges[d].upperBound) are allowed"
      )
    }
    for l in levels.indices where fixedLevelCounts[l] > levelRanges[l].upperBound {
      reasons.append(
        "the anchors and included items put \(fixedLevelCounts[l]) scored item(s) at cognitive level '\(levels[l].rawValue)'; at most \(levelRanges[l].upperBound) are allowed"
      )
    }
    guard reasons.isEmpty else { return reasons }

    // Supply per domain and level.
    let scorable = self.scorable
    func supply(_ members: [Int]) -> (distinct: Int, capacity: Int) {
      (members.count, members.reduce(0) { $0 + Swift.min(f, candidates[$1].capacity) })
    }
    let previousText =
      options.previousForms.isEmpty
      ? "" : " counting \(options.previousForms.map { "'\($0.id)'" }.joined(separator: ", "))"
    let usableText =
      "usable (not excluded, not used up by --max-uses \(maxUses)\(previousText), not an enemy of an anchor or included item)"
    var usableTotal = 0
    for (d, domain) in domains.enumerated() {
      let members = scorable.filter { candidates[$0].domain == d }
      let (distinct, capacity) = supply(members)
      let perForm = Swift.max(0, domainRanges[d].lowerBound - fixedDomainCounts[d])
      let maximum = Swift.max(0, domainRanges[d].upperBound - fixedDomainCounts[d])
      usableTotal += Swift.min(capacity, f * maximum)
      if distinct < perForm || capacity < f * perForm {
        reasons.append(
          "domain '\(domain.id)' needs \(f * perForm) operational item(s) with parameters for \(formsText) (at least \(domainRanges[d].lowerBound) scored per form\(fixedDomainCounts[d] > 0 ? ", \(fixedDomainCounts[d]) of them fixed" : "")), the bank has \(f == 1 ? distinct : capacity)\(f == 1 ? "" : " uses of \(distinct) item(s)") \(usableText)\(self.supply.domains[d].explanation)"
        )
      }
    }
    for (l, level) in levels.enumerated() {
      let members = scorable.filter { candidates[$0].level == l }
      let (distinct, capacity) = supply(members)
      let perForm = Swift.max(0, levelRanges[l].lowerBound - fixedLevelCounts[l])
      if distinct < perForm || capacity < f * perForm {
        reasons.append(
          "cognitive level '\(level.rawValue)' needs \(f * perForm) operational item(s) with parameters for \(formsText) (at least \(levelRanges[l].lowerBound) scored per form), the bank has \(f == 1 ? distinct : capacity)\(f == 1 ? "" : " uses of \(distinct) item(s)") \(usableText)\(self.supply.levels[l].explanation)"
        )
      }
    }
    let lowSum = domains.indices.reduce(0) { $0 + Swift.max(0, domainRanges[$1].lowerBound - fixedDomainCounts[$1]) }
    let highSum = domains.indices.reduce(0) { $0 + Swift.max(0, domainRanges[$1].upperBound - fixedDomainCounts[$1]) }
    if lowSum > freeScored || highSum < freeScored {
      reasons.append(
        "the domain ranges allow \(lowSum)–\(highSum) free scored items per form, but \(freeScored) scored positions are to be filled"
      )
    }
    if reasons.isEmpty, usableTotal < f * freeScored {
      reasons.append(
        "\(formsText) need \(f * freeScored) scored uses of operational items with parameters within the domain ranges; the bank offers \(usableTotal) \(usableText)"
      )
    }
    let pretest = supply(pretestable)
    if pretest.distinct < freePretest || pretest.capacity < f * freePretest {
      reasons.append(
        "the pretest positions need \(f * freePretest) pretest or approved item(s) for \(formsText), the bank has \(f == 1 ? pretest.distinct : pretest.capacity)\(f == 1 ? "" : " uses of \(pretest.distinct) item(s)") \(usableText)"
      )
    }
    return reasons
  }

  private func text(_ range: ClosedRange<Int>) -> String {
    range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
  }
}
