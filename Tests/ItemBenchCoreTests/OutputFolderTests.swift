import Foundation
import ItemBenchCore
import Testing

@Suite struct IdentifierTests {
  @Test func acceptsTheDocumentedCharacterSet() {
    for id in ["INV-0001", "form-a", "cpim.demo_2", "A", String(repeating: "x", count: 64)] {
      #expect(Identifier.isValid(id), "\(id)")
    }
  }

  @Test func rejectsEmptyPathSyntaxControlBidiAndInvisible() {
    let cases: [(String, String)] = [
      ("", "empty"), ("..", "starts with"), ("a..b", "'..'"), ("a/b", "path syntax"),
      ("a\\b", "path syntax"), ("a\u{0}b", "control"), ("a\u{1B}b", "control"),
      ("ab\u{202E}c", "bidirectional"), ("a\u{2066}", "bidirectional"), ("a\u{200B}b", "invisible"),
      ("a\u{FEFF}", "invisible"), ("a\u{AD}", "invisible"), ("é", "non-ASCII"), ("a b", "space"),
      (String(repeating: "x", count: 65), "65 characters"), ("-x", "starts with"),
    ]
    for (id, reason) in cases {
      let problem = Identifier.problem(id)
      #expect(problem?.contains(reason) == true, "\(Identifier.quoted(id)): \(problem ?? "accepted")")
    }
  }

  @Test func quotingShowsHiddenCharacters() {
    #expect(Identifier.quoted("a\u{202E}b") == "'a\\u{202E}b'")
  }
}

@Suite struct OutputFolderTests {
  func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("outfolder-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func confinesEveryComponent() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = try OutputFolder(root + "/out")
    #expect(try folder.file(["tables", "form-a.csv"]) == root + "/out/tables/form-a.csv")
    for bad in [["..", "x"], ["tables", "../../x"], ["a/b"], [""], ["x\u{202E}"], ["."]] {
      #expect(throws: OutputFolder.PathError.self, "\(bad)") { try folder.file(bad) }
    }
    // The cycle's old failure: a form id of ../../Items/responses/form-a in "tables/<id>.csv".
    #expect(throws: OutputFolder.PathError.self) {
      try folder.write("x", to: "tables/../../Items/responses/form-a.csv")
    }
    try folder.write("hello", to: "tables/form-a.csv")
    #expect(try String(contentsOfFile: root + "/out/tables/form-a.csv", encoding: .utf8) == "hello")
  }

  @Test func aSymlinkInsideTheFolderCannotRedirectAWrite() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: root + "/out/tables", withDestinationPath: root + "/elsewhere")
    let folder = try OutputFolder(root + "/out")
    #expect(throws: OutputFolder.PathError.self) { try folder.write("x", to: "tables/form-a.csv") }
    #expect(!FileManager.default.fileExists(atPath: root + "/elsewhere/form-a.csv"))
  }

  @Test func inputsAndTheBankAreProtected() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let input = root + "/responses.csv"
    try "id\n".write(toFile: input, atomically: true, encoding: .utf8)
    let folder = try OutputFolder(root, inputs: [input], forbiddenDirectories: [root + "/Items"])
    #expect(throws: OutputFolder.PathError.self) { try folder.file(["responses.csv"]) }
    #expect(throws: OutputFolder.PathError.self) { try folder.file(["Items", "x.yml"]) }
    #expect(throws: OutputFolder.PathError.self) {
      try OutputFolder(root + "/Items/out", forbiddenDirectories: [root + "/Items"])
    }
    #expect(throws: OutputFolder.PathError.self) {
      try OutputFolder.checkSingleFile(root + "/./responses.csv", inputs: [input])
    }
    #expect(try OutputFolder.checkSingleFile(root + "/other.csv", inputs: [input]) == root + "/other.csv")
  }
}
