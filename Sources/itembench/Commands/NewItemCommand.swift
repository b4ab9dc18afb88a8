import ArgumentParser
import Foundation
import ItemBank
import ItemBenchCore

/// `itembench new`: write a new draft item from the template.
struct NewItemCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new",
    abstract: "Create a new draft item file from the template.",
    discussion: """
      Writes <bank>/<domain>/<id>.yml and prints its path. Never overwrites an existing file. \
      The id defaults to the domain's prefix and the next free number (for example INV-0042).
      """
  )

  @OptionGroup var bankOptions: BankOptions

  @Option(help: "The blueprint domain id of the new item.")
  var domain: String

  @Option(help: "The item id (default: the next free id for the domain).")
  var id: String?

  @Option(help: "The cognitive level: recall, application or analysis.")
  var level: String = "recall"

  @Option(help: "Write to this path instead of <bank>/<domain>/<id>.yml.")
  var output: String?

  func validate() throws {
    if let problem = Identifier.problem(domain) { throw ValidationError("--domain: \(problem)") }
    if let id, let problem = Identifier.problem(id) { throw ValidationError("--id: \(problem)") }
  }

  func run() throws {
    let bank = BankLoader.load(root: bankOptions.bank)
    let domains = bank.blueprints.flatMap { $0.domains.map(\.id) }
    if !domains.isEmpty && !domains.contains(domain) {
      Console.error(
        "error: unknown domain '\(domain)'\(EditDistance.didYouMean(domain, among: domains)); the blueprints define: \(Set(domains).sorted().joined(separator: ", "))"
      )
      throw ExitStatus.usage
    }
    guard CognitiveLevel(rawValue: level) != nil else {
      Console.error("error: unknown cognitive level '\(level)'; expected one of recall, application, analysis")
      throw ExitStatus.usage
    }
    let itemID = id ?? ItemTemplate.nextID(forDomain: domain, existing: bank.items.map(\.id))
    if bank.item(itemID) != nil {
      Console.error("error: item id '\(itemID)' is already used in \(bank.root)")
      throw ExitStatus.usage
    }
    let path = output ?? "\(bankOptions.bank)/\(domain)/\(itemID).yml"
    let text = ItemTemplate.text(id: itemID, domain: domain, level: level)
    do {
      try AtomicFile.writeNew(Data(text.utf8), to: path)
    } catch let error as AtomicFile.WriteError {
      Console.report(error)
      throw ExitStatus.usage
    }
    print(path)
  }
}
