import ArgumentParser
import Foundation
import ItemBank
import ItemBenchCore

/// `itembench summary`: load the bank and print what it holds.
struct SummaryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "summary",
    abstract: "Load an item bank and summarise it by domain and status.",
    discussion:
      "Exits 1 if the bank has loading errors (they are listed on standard error), 2 if the path does not exist."
  )

  @Argument(help: "The item bank directory.")
  var path: String = "Items"

  func run() throws {
    guard FileManager.default.fileExists(atPath: path) else {
      Console.error("\(path): error: no such file or directory")
      throw ExitStatus.usage
    }
    let bank = BankLoader.load(root: path)
    Console.print(diagnostics: bank.diagnostics)
    print(BankSummary(bank: bank).rendered())
    if bank.hasErrors { throw ExitStatus.findings }
  }
}
