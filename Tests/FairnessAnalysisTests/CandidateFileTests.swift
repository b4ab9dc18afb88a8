import Foundation
import ItemBenchCore
import Testing

@testable import FairnessAnalysis

@Suite struct CandidateFileTests {
  @Test func readsVariablesAndAssignsGroups() throws {
    let text =
      "\u{FEFF}# background\ncandidate_id,group,region\r\nC1,reference,north\nC2,\"focal\",south\nC3,,north\n\nC4,other,east\n"
    let file = try CandidateFile.parse(text: text, file: "c.csv")
    #expect(file.variables == ["group", "region"])
    #expect(file.candidateIDs == ["C1", "C2", "C3", "C4"])
    let groups = try file.groups(
      for: ["C2", "C1", "C9", "C3", "C4"], variable: "group", reference: "reference", focal: "focal")
    #expect(groups.membership == [1, 0, nil, nil, nil])
    #expect(groups.notInCandidateFile == 1)
    #expect(groups.otherOrUnknown == 2)
  }

  @Test func errorsNameFileLineAndField() {
    func message(_ text: String) -> String {
      do {
        _ = try CandidateFile.parse(text: text, file: "c.csv")
        return "no error"
      } catch let error as any DiagnosticError {
        return error.compilerStyle(severity: "error")
      } catch { return "\(error)" }
    }
    #expect(message("id,group\nC1,a\nC1,b\n") == "c.csv:3:1: error: duplicate candidate id 'C1' (first on line 2)")
    #expect(
      message("id,group\nC1,a,b\n")
        == "c.csv:2:3: error: row has 3 fields, expected 2 (the candidate id and 1 variable(s))")
    #expect(message("id,group\n,a\n") == "c.csv:2:1: error: empty candidate id")
    #expect(message("id,group,group\n") == "c.csv:1:3: error: duplicate column 'group' (first in field 2)")
    #expect(message("id,group\nC1,\"a\n") == "c.csv:2:2: error: unterminated quoted field")
    #expect(message("") == "c.csv:1:1: error: the candidates file is empty; expected a header row")
  }

  @Test func unknownVariableOrValueIsAnError() throws {
    let file = try CandidateFile.parse(text: "id,group\nC1,reference\nC2,focal\n", file: "c.csv")
    #expect(throws: CandidateFileError.self) {
      try file.groups(for: ["C1"], variable: "gruop", reference: "reference", focal: "focal")
    }
    do {
      _ = try file.groups(for: ["C1"], variable: "group", reference: "reference", focal: "focl")
      Issue.record("expected an error")
    } catch {
      #expect("\(error)".contains("no candidate has group = 'focl' (did you mean 'focal'?)"))
    }
  }
}
