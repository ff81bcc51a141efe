// hcl-dump: prints, for each file argument, its block/attribute structure as one line of JSON,
// normalised for comparison with other HCL parsers (scripts/hcl-differential.py).
//
//   {"path": P, "errors": ["line:col: message", …],
//    "body": {"attributes": {NAME: VALUE, …}, "blocks": [{"type": T, "labels": [...], "body": {…}}, …]}}
//
// VALUE is the literal (string, number, bool, null) when the expression is a plain literal or a
// template of literal text only, else {"expression": "<compact dump>"}. `.tf.json` files are read
// with Terraform's top-level block schema. Exit status: 0 all parsed cleanly, 1 some file had
// errors, 2 a file could not be read.
import Foundation
import HCL

let terraformSchema = BlockSchema(labels: [
    "resource": 2, "data": 2, "module": 1, "provider": 1, "variable": 1, "output": 1, "locals": 0, "terraform": 0,
])

func json(_ string: String) -> String {
    Value.quote(string)
}

func json(_ expression: HCL.Expression) -> String {
    if let text = expression.staticString { return json(text) }
    switch expression.kind {
    case .literal(.null): return "null"
    case .literal(.bool(let b)): return b ? "true" : "false"
    case .literal(.number(let n)): return n.description
    default: return "{\"expression\": \(json(expression.dump))}"
    }
}

func json(_ body: Body) -> String {
    let attributes = body.attributes.map { "\(json($0.name)): \(json($0.expression))" }.joined(separator: ", ")
    let blocks = body.blocks.map { block in
        let labels = block.labels.map(json).joined(separator: ", ")
        return "{\"type\": \(json(block.type)), \"labels\": [\(labels)], \"body\": \(json(block.body))}"
    }.joined(separator: ", ")
    return "{\"attributes\": {\(attributes)}, \"blocks\": [\(blocks)]}"
}

var status: Int32 = 0
for path in CommandLine.arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("hcl-dump: cannot read \(path); check the path and permissions.\n".utf8))
        status = 2
        continue
    }
    let bytes = Array(data)
    let result = path.hasSuffix(".json") ? JSONSyntax.parse(bytes, schema: terraformSchema) : NativeSyntax.parse(bytes)
    if result.hasErrors && status == 0 { status = 1 }
    let errors = result.diagnostics.map { json("\($0.range.start): \($0.message)" + ($0.detail.isEmpty ? "" : " (\($0.detail))")) }
    print("{\"path\": \(json(path)), \"errors\": [\(errors.joined(separator: ", "))], \"body\": \(json(result.body))}")
}
exit(status)
