/// Turns `JSONNode`s into bodies, blocks and expressions following the JSON syntax spec.
struct JSONMapper {
    private(set) var diagnostics: [HCLDiagnostic] = []

    mutating func body(_ node: JSONNode, schema: BlockSchema?) -> Body {
        guard case .object(let members) = node.kind else {
            diagnostics.append(HCLDiagnostic(
                .error, "Incorrect JSON value type", detail: "A body must be a JSON object.", range: node.range))
            return Body(range: node.range)
        }
        var attributes: [Attribute] = []
        var blocks: [Block] = []
        var seen: [String: SourceRange] = [:]
        for member in members where member.key != "//" {
            if let type = schema?.blockTypes[member.key] {
                expandBlocks(
                    member.value, type: member.key, typeRange: member.keyRange, blockType: type, labels: [],
                    labelRanges: [], into: &blocks)
                continue
            }
            if let first = seen[member.key] {
                diagnostics.append(HCLDiagnostic(
                    .error, "Duplicate argument \"\(member.key)\"",
                    detail: "It was already set on line \(first.start.line); each argument may be set once per block.",
                    range: member.keyRange))
                continue
            }
            seen[member.key] = member.keyRange
            attributes.append(Attribute(
                name: member.key, expression: expression(member.value), nameRange: member.keyRange,
                range: member.keyRange.union(member.value.range)))
        }
        return Body(attributes: attributes, blocks: blocks, range: node.range)
    }

    private mutating func expandBlocks(
        _ node: JSONNode, type: String, typeRange: SourceRange, blockType: BlockSchema.BlockType, labels: [String],
        labelRanges: [SourceRange], into blocks: inout [Block]
    ) {
        switch node.kind {
        case .array(let items):
            for item in items {
                expandBlocks(item, type: type, typeRange: typeRange, blockType: blockType, labels: labels, labelRanges: labelRanges, into: &blocks)
            }
        case .object(let members) where labels.count < blockType.labels:
            for member in members where member.key != "//" {
                expandBlocks(
                    member.value, type: type, typeRange: typeRange, blockType: blockType, labels: labels + [member.key],
                    labelRanges: labelRanges + [member.keyRange], into: &blocks)
            }
        case .object:
            // A block starts at its innermost label's key (`"assets": {`), as hashicorp/hcl's
            // JSON syntax locates it: two resources under one `"resource"` key are two lines.
            blocks.append(Block(
                type: type, labels: labels, body: body(node, schema: blockType.body), typeRange: typeRange,
                labelRanges: labelRanges, range: (labelRanges.last ?? typeRange).union(node.range)))
        default:
            diagnostics.append(HCLDiagnostic(
                .error, "Incorrect JSON value type",
                detail: labels.count < blockType.labels
                    ? "A \"\(type)\" block needs \(blockType.labels) label(s): nest one JSON object per label."
                    : "The body of a \"\(type)\" block must be a JSON object.",
                range: node.range))
        }
    }

    mutating func expression(_ node: JSONNode) -> Expression {
        switch node.kind {
        case .string(let text, let contentStart):
            let (template, problems) = NativeSyntax.parseTemplate(text, start: contentStart)
            diagnostics += problems
            return Expression(template.kind, range: node.range)
        case .number(let text):
            guard let n = Value.parseNumber(text) else { return Expression(.literal(.unknown), range: node.range) }
            return Expression(.literal(.number(n)), range: node.range)
        case .bool(let b):
            return Expression(.literal(.bool(b)), range: node.range)
        case .null:
            return Expression(.literal(.null), range: node.range)
        case .array(let items):
            return Expression(.tuple(items.map { expression($0) }), range: node.range)
        case .object(let members):
            let items = members.map { member in
                ObjectItem(
                    key: Expression(.literal(.string(member.key)), range: member.keyRange),
                    value: expression(member.value))
            }
            return Expression(.object(items), range: node.range)
        }
    }
}
