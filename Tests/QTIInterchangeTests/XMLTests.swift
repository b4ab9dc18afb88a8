import ItemBenchCore
import QTIInterchange
import Testing

@Suite struct XMLReaderTests {
  func error(_ text: String) -> XMLReadError? {
    do {
      _ = try XMLReader.parse(text, file: "t.xml")
      return nil
    } catch {
      return error
    }
  }

  @Test func readsNamespacesEntitiesCDATAAndPositions() throws {
    let text = """
      <?xml version="1.0"?>
      <!-- c -->
      <a xmlns="urn:x" xmlns:p="urn:p" k='1 &amp; 2'>
        <p:b>x &lt; y &#65;&#x42;<![CDATA[<raw> & ]]></p:b><c/>
      </a>
      """
    let root = try XMLReader.parse(text, file: "t.xml")
    #expect(root.name == "a" && root.namespace == "urn:x")
    #expect(root.attribute("k") == "1 & 2")
    let b = try #require(root.child("b"))
    #expect(b.namespace == "urn:p")
    #expect(b.textContent == "x < y AB<raw> & ")
    #expect(b.location == SourceLocation(file: "t.xml", line: 4, column: 3))
    #expect(root.child("c")?.location == SourceLocation(file: "t.xml", line: 4, column: 54))
  }

  @Test func errorsAreLocated() {
    // Columns counted by hand from the strings.
    #expect(error("<a><b></a>")?.location == SourceLocation(file: "t.xml", line: 1, column: 7))
    #expect(error("<a><b></a>")?.message.contains("expected '</b>'") == true)
    #expect(error("<a>\n  &bogus;</a>")?.location == SourceLocation(file: "t.xml", line: 2, column: 3))
    #expect(error("<a x='1' x='2'/>")?.location == SourceLocation(file: "t.xml", line: 1, column: 10))
    #expect(error("<p:a/>")?.message.contains("prefix 'p'") == true)
    #expect(error("<a>")?.message.contains("not closed") == true)
    #expect(error("<a/><b/>")?.message.contains("another element") == true)
    #expect(error("")?.message.contains("root element") == true)
    #expect(error("<a>\u{1}</a>")?.message.contains("U+1") == true)
  }

  @Test func entityDeclarationsAreRefusedNotExpanded() {
    let bomb = """
      <?xml version="1.0"?>
      <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
      <lolz>&lol2;</lolz>
      """
    #expect(error(bomb)?.message.contains("internal subset") == true)
    #expect(error(bomb)?.location.line == 2)
  }

  @Test func deepNestingIsRefused() {
    let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
    #expect(error(deep)?.message.contains("nested more than") == true)
  }

  @Test(arguments: [11, 12, 13] as [UInt64])
  func writtenTextAndAttributesReadBackUnchanged(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let alphabet = Array("ab <>&\"'\t\n\r;#]]>é→日") + ["\r\n"]
    for _ in 0..<200 {
      let text = String(
        (0..<Int.random(in: 1...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
      let element = XMLElement("e", [("v", text)], children: [.element(XMLElement("t", text: text))])
      let read = try XMLReader.parse(element.document(), file: "g.xml")
      #expect(read.attribute("v") == text)
      #expect(read.child("t")?.textContent == text)
    }
  }
}
