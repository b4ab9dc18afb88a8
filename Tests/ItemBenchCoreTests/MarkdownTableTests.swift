import Testing

@testable import ItemBenchCore

/// The shared Markdown table writer against tables written out by hand.
@Suite struct MarkdownTableTests {
  @Test func labelledTableAlignsLabelsLeftAndNumbersRight() {
    let table = MarkdownTable.labelled(header: ["form", "candidates", "alpha"], rows: [["form-a", "3000", "0.912"]])
    #expect(
      table.rendered() == """
        | form | candidates | alpha |
        | --- | ---: | ---: |
        | form-a | 3000 | 0.912 |

        """)
  }

  @Test func cellsCannotBreakTheColumns() {
    let table = MarkdownTable(header: ["a|b", "c"], rows: [["x|y", "two\nlines"], ["short"]])
    #expect(
      table.rendered() == """
        | a\\|b | c |
        | --- | --- |
        | x\\|y | two lines |
        | short |  |

        """)
  }

  @Test func exporterWritesTheSameTable() throws {
    let data = DataTable(name: "t", columns: ["raw", "scaled"], rows: [[.integer(3), .text("250")]])
    let text = try MarkdownExporter().export(data)
    #expect(text == "# t\n\n| raw | scaled |\n| ---: | ---: |\n| 3 | 250 |\n")
  }
}
