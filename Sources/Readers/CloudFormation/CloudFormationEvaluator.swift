import Foundation
import HCL

/// Evaluates a template's values for one stack: parameters (the stack's values over their
/// defaults), pseudo parameters, mappings, conditions and the intrinsic functions — `Ref`,
/// `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If`, `Fn::FindInMap`,
/// `Fn::GetAZs`, `Fn::Base64`, `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`.
///
/// Values come out as Terraform's module pass gives them, so the same placement reads both: a
/// reference to another resource (`!Ref Bucket`, `!GetAtt Bucket.RegionalDomainName`) is a
/// marker holding its component id (see `TerraformMarker`), and what is known only once the
/// stack exists (`AWS::AccountId`) is unknown — inside a string, the marker of an unknown
/// part, so a host is not misread from what is left of it. `Fn::ImportValue` gives what a
/// stack of the commit exports under that name in the same region (`exports`), else unknown.
struct CloudFormationEvaluator {
    let template: CloudFormationFact
    /// Parameter values: the stack's, else the defaults; a parameter without either is unknown.
    let parameters: [String: Value]
    let region: String?
    let stackName: String?
    /// The zones of the stack's region, for `Fn::GetAZs`.
    let zones: [String]?
    /// Component ids of the template's resources, by logical id.
    let ids: [String: String]
    /// The outputs of the nested stacks the template declares, by their logical id.
    var nestedOutputs: [String: [String: Value]] = [:]
    /// What the commit's stacks export, by region and name, for `Fn::ImportValue`.
    var exports: [CloudFormationExport: Value] = [:]
    /// The outputs of the commit's named stacks, for a Serverless `${cf:STACK.OUTPUT}`.
    var stackOutputs: [CloudFormationStackOutput: Value] = [:]
    /// The `${cf:…}` outputs no stack gave, by line.
    private(set) var missingOutputs: [(output: CloudFormationStackOutput, line: Int)] = []
    /// Whether the template imports anything, and the imports no export answered (nil: a
    /// name that is not known), by line.
    private(set) var imports = false
    private(set) var missingImports: [(name: String?, line: Int)] = []

    /// Parameters a value needed that have no value: each a note, once.
    private(set) var unresolvedParameters: Set<String> = []
    /// How many times a value needed one of them.
    private var unresolvedLookups = 0
    /// Lookups CloudFormation would refuse (a `Fn::FindInMap` finding nothing), by line.
    private(set) var problems: [(summary: String, line: Int)] = []

    private var conditionValues: [String: Bool?] = [:]
    private var conditionsInProgress: Set<String> = []
    /// Nesting left: a template nested past it is unknown beyond, never a crash.
    private var depthLeft = 200
    /// Bytes the stack's strings may still be built from (`Fn::Sub` and `Fn::Join` texts
    /// and what they take in): past it, what they make is unknown. Shared by a stack's whole
    /// evaluation, so a template nesting substitutions, or aliasing a large one, stays bounded.
    private(set) var bytesLeft = CloudFormationEvaluator.byteBudget
    static let byteBudget = 32 << 20

    /// Whether the budget ran out, for one warning.
    var isBudgetSpent: Bool { bytesLeft <= 0 }

    private mutating func charge(_ bytes: Int) -> Bool {
        bytesLeft -= bytes
        return bytesLeft > 0
    }

    init(template: CloudFormationFact, overrides: [String: String], region: String?, stackName: String?, zones: [String]?, ids: [String: String]) {
        self.template = template
        var parameters: [String: Value] = [:]
        for parameter in template.parameters {
            let type = parameter.type ?? "String"
            // Resolved from Systems Manager when the stack is deployed: the value is not the path.
            guard !type.hasPrefix("AWS::SSM::Parameter::Value<") else { continue }
            let text: String?
            if let value = overrides[parameter.name] {
                text = value
            } else if let node = parameter.defaultValue, let written = node.string {
                text = written
            } else if let items = parameter.defaultValue?.items {
                text = items.compactMap(\.string).joined(separator: ",")
            } else {
                text = nil
            }
            guard let text else { continue }
            // A list parameter is a list of its comma-separated values.
            if type == "CommaDelimitedList" || type.hasPrefix("List<") {
                parameters[parameter.name] = .tuple(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
            } else {
                parameters[parameter.name] = .string(text)
            }
        }
        self.parameters = parameters
        self.region = region
        self.stackName = stackName
        self.zones = zones
        self.ids = ids
    }

    /// A node's value; nil for `AWS::NoValue`, which removes the property holding it.
    mutating func value(_ node: YAMLNode) -> Value? {
        guard depthLeft > 0 else { return .unknown }
        depthLeft -= 1
        defer { depthLeft += 1 }
        switch node.content {
        case .scalar(let scalar):
            if scalar.isNull { return .null }
            if CloudFormationStackOutput.mayHold(scalar.text), let pieces = CloudFormationStackOutput.pieces(of: scalar.text) {
                return outputs(pieces, line: node.line)
            }
            guard scalar.style == .plain else { return .string(scalar.text) }
            if scalar.text == "true" || scalar.text == "True" { return .bool(true) }
            if scalar.text == "false" || scalar.text == "False" { return .bool(false) }
            if let number = Decimal(string: scalar.text), scalar.text.first.map({ $0.isNumber || $0 == "-" }) == true,
               scalar.text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
                return .number(number)
            }
            return .string(scalar.text)
        case .sequence(let items):
            return .tuple(items.compactMap { value($0) })
        case .mapping(let entries):
            if entries.count == 1, let name = entries[0].key.string, name == "Ref" || name.hasPrefix("Fn::") || name == "Condition" {
                return function(name, entries[0].value)
            }
            var fields: [String: Value] = [:]
            for entry in entries {
                guard let key = entry.key.string, let field = value(entry.value) else { continue }
                fields[key] = field
            }
            return .object(fields)
        }
    }

    /// The value of a parameter, pseudo parameter or resource a `Ref` names.
    mutating func reference(_ name: String) -> Value? {
        switch name {
        case "AWS::NoValue": return nil
        case "AWS::Region": return region.map(Value.string) ?? .string(TerraformMarker.unknownPart)
        case "AWS::Partition": return .string("aws")
        case "AWS::URLSuffix": return .string("amazonaws.com")
        case "AWS::StackName": return .string(stackName ?? TerraformMarker.unknownPart)
        case "AWS::AccountId", "AWS::StackId", "AWS::NotificationARNs": return .string(TerraformMarker.unknownPart)
        default:
            if let value = parameters[name] { return value }
            if let id = ids[name] { return .string(TerraformMarker.marker(id)) }
            if template.parameters.contains(where: { $0.name == name }) {
                unresolvedParameters.insert(name)
                unresolvedLookups += 1
            }
            return .unknown
        }
    }

    private mutating func function(_ name: String, _ argument: YAMLNode) -> Value? {
        switch name {
        case "Ref":
            guard let target = argument.string else { return .unknown }
            return reference(target)
        case "Fn::GetAtt":
            // `A.B` or `[A, B]`: any attribute of a resource names it.
            let target = argument.string.map { String($0.prefix { $0 != "." }) } ?? argument[0]?.string
            let attribute = argument.string.map { String($0.drop { $0 != "." }.dropFirst()) } ?? argument[1]?.string
            // A nested stack's output: what the child stack says it is.
            if let target, let outputs = nestedOutputs[target] {
                guard let attribute, attribute.hasPrefix("Outputs."), let output = outputs[String(attribute.dropFirst("Outputs.".count))] else { return .unknown }
                return output
            }
            guard let target, let id = ids[target] else { return .unknown }
            return .string(TerraformMarker.marker(id))
        case "Fn::Sub":
            if let text = argument.string {
                guard charge(text.utf8.count) else { return .unknown }
                let result = substitute(text, variables: [:])
                return charge(result.utf8.count) ? withOutputs(result, line: argument.line) : .unknown
            }
            guard let text = argument[0]?.string, charge(text.utf8.count) else { return .unknown }
            var variables: [String: Value] = [:]
            for entry in argument[1]?.entries ?? [] {
                guard let key = entry.key.string else { continue }
                variables[key] = value(entry.value) ?? .string("")
            }
            let result = substitute(text, variables: variables)
            return charge(result.utf8.count) ? withOutputs(result, line: argument.line) : .unknown
        case "Fn::Join":
            guard let delimiter = argument[0]?.string, let list = argument[1] else { return .unknown }
            guard case .tuple(let items)? = value(list) else { return .unknown }
            let result = items.map(Self.text).joined(separator: delimiter)
            return charge(result.utf8.count) ? .string(result) : .unknown
        case "Fn::Select":
            guard let indexNode = argument[0], let list = argument[1] else { return .unknown }
            let index = value(indexNode).flatMap { Self.text($0) }.flatMap { Int($0) }
            guard let index, case .tuple(let items)? = value(list), items.indices.contains(index) else { return .unknown }
            return items[index]
        case "Fn::Split":
            guard let delimiter = argument[0]?.string, !delimiter.isEmpty, let source = argument[1], case .string(let text)? = value(source) else { return .unknown }
            return .tuple(text.components(separatedBy: delimiter).map(Value.string))
        case "Fn::If":
            guard let condition = argument[0]?.string, let yes = argument[1], let no = argument[2] else { return .unknown }
            switch self.condition(condition) {
            case true?: return value(yes)
            case false?: return value(no)
            case nil: return .unknown
            }
        case "Fn::FindInMap":
            guard let mapNode = argument[0], let topNode = argument[1], let secondNode = argument[2],
                  let map = value(mapNode).flatMap(Self.knownText), let top = value(topNode).flatMap(Self.knownText),
                  let second = value(secondNode).flatMap(Self.knownText),
                  let found = template.mappings?[map]?[top]?[second] else {
                // The language extensions' default, when the lookup fails.
                if let fallback = argument[3]?["DefaultValue"] { return value(fallback) }
                let keys = [argument[0], argument[1], argument[2]].compactMap { $0.flatMap { value($0) }.flatMap(Self.knownText) }
                if keys.count == 3 {
                    problems.append(("Fn::FindInMap finds nothing at \(keys.joined(separator: " / ")), so CloudFormation would fail to create this stack", argument.line))
                }
                return .unknown
            }
            // A mapping's values are literals: CloudFormation takes no function in them.
            return Self.literal(found)
        case "Fn::GetAZs":
            let asked = argument.string.flatMap { $0.isEmpty ? region : $0 } ?? (value(argument).flatMap(Self.knownText))
            guard let asked, asked == region, let zones else { return .unknown }
            return .tuple(zones.map(Value.string))
        case "Fn::Base64":
            return value(argument)
        case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition":
            return conditionValue(name, argument).map(Value.bool) ?? .unknown
        case "Fn::ImportValue":
            imports = true
            let lookups = unresolvedLookups
            guard let exported = value(argument).flatMap(Self.knownText) else {
                // A name made of a parameter without a value has that parameter's note.
                if unresolvedLookups == lookups { missingImports.append((nil, argument.line)) }
                return .unknown
            }
            // What another stack made counts against this one's budget wherever it is used.
            if let found = exports[CloudFormationExport(region: region, name: exported)] { return charge(Self.size(of: found)) ? found : .unknown }
            missingImports.append((exported, argument.line))
            return .unknown
        default:
            // Fn::Cidr, Fn::Transform, Fn::ToJsonString, …: known only once deployed.
            return .unknown
        }
    }

    /// A text with the `${cf:…}` outputs it holds filled in (a Serverless service's
    /// `resources:` may write them inside `Fn::Sub`).
    private mutating func withOutputs(_ text: String, line: Int) -> Value {
        guard CloudFormationStackOutput.mayHold(text), let pieces = CloudFormationStackOutput.pieces(of: text) else { return .string(text) }
        return outputs(pieces, line: line)
    }

    /// A text made of literal pieces and other stacks' outputs: an output alone is its value,
    /// as it is; one inside a text is written in it (an unknown one as the unknown marker).
    private mutating func outputs(_ pieces: [CloudFormationStackOutput.Piece], line: Int) -> Value {
        imports = true
        var values: [Value] = []
        for piece in pieces {
            switch piece {
            case .text(let text):
                values.append(.string(text))
            case .output(let output, let fallback):
                if let found = stackOutputs[output] {
                    values.append(charge(Self.size(of: found)) ? found : .unknown)
                } else if let fallback {
                    values.append(.string(fallback))
                } else {
                    missingOutputs.append((output, line))
                    values.append(.unknown)
                }
            }
        }
        if values.count == 1 { return values[0] }
        let result = values.map(Self.text).joined()
        return charge(result.utf8.count) ? .string(result) : .unknown
    }

    /// The template's outputs as this stack gives them — what a parent reads with
    /// `!GetAtt Child.Outputs.Name`, and `${cf:STACK.Name}` — and what it exports (entries
    /// with `Export: {Name: …}`), by name, with the line of each; an export whose name is not
    /// known (it needs the stack's name, say, and the stack has none) is left out. Each value
    /// is worked out once, against the stack's budget.
    mutating func outputs() -> (outputs: [String: Value], exports: [(name: String, value: Value, line: Int)]) {
        var outputs: [String: Value] = [:]
        var exports: [(name: String, value: Value, line: Int)] = []
        for entry in template.outputs?.entries ?? [] {
            guard let name = entry.key.string, let node = entry.value["Value"] else { continue }
            if let condition = entry.value["Condition"]?.string, self.condition(condition) == false { continue }
            let given = value(node) ?? .unknown
            outputs[name] = given
            if let nameNode = entry.value["Export"]?["Name"], let exported = value(nameNode).flatMap(Self.knownText) {
                exports.append((exported, given, nameNode.line))
            }
        }
        return (outputs, exports)
    }

    /// A literal node's value: mappings and lists of scalars, with no function evaluated.
    static func literal(_ node: YAMLNode, depth: Int = 0) -> Value {
        guard depth < 64 else { return .unknown }
        switch node.content {
        case .scalar(let scalar): return scalar.isNull ? .null : .string(scalar.text)
        case .sequence(let items): return .tuple(items.map { literal($0, depth: depth + 1) })
        case .mapping(let entries):
            var fields: [String: Value] = [:]
            for entry in entries { if let key = entry.key.string { fields[key] = literal(entry.value, depth: depth + 1) } }
            return .object(fields)
        }
    }

    /// Whether a named condition holds; nil when it depends on something unknown.
    mutating func condition(_ name: String) -> Bool? {
        if let known = conditionValues[name] { return known }
        guard !conditionsInProgress.contains(name), let node = template.conditions?[name] else { return nil }
        conditionsInProgress.insert(name)
        defer { conditionsInProgress.remove(name) }
        let result: Bool?
        if let entry = node.entries?.first, node.entries?.count == 1, let function = entry.key.string {
            result = conditionValue(function, entry.value)
        } else {
            result = nil
        }
        conditionValues[name] = result
        return result
    }

    private mutating func conditionValue(_ function: String, _ argument: YAMLNode) -> Bool? {
        switch function {
        case "Condition":
            return argument.string.flatMap { condition($0) }
        case "Fn::Equals":
            guard let first = argument[0], let second = argument[1],
                  let a = value(first).flatMap(Self.knownText), let b = value(second).flatMap(Self.knownText) else { return nil }
            return a == b
        case "Fn::Not":
            return argument[0].flatMap { boolean($0) }.map { !$0 }
        case "Fn::And":
            let values = (argument.items ?? []).map { boolean($0) }
            if values.contains(false) { return false }
            return values.contains(nil) ? nil : true
        case "Fn::Or":
            let values = (argument.items ?? []).map { boolean($0) }
            if values.contains(true) { return true }
            return values.contains(nil) ? nil : false
        default:
            return nil
        }
    }

    private mutating func boolean(_ node: YAMLNode) -> Bool? {
        if case .bool(let flag)? = value(node) { return flag }
        return nil
    }

    /// `Fn::Sub`'s text with each `${Name}` (a variable, parameter, pseudo parameter or
    /// resource) and `${Resource.Attribute}` replaced, and `${!Literal}` written `${Literal}`.
    mutating func substitute(_ text: String, variables: [String: Value]) -> String {
        // One pass over the bytes: `${` opens a name that `}` closes.
        let bytes = Array(text.utf8)
        var result = ""
        var start = 0, index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == 0x24, bytes[index + 1] == 0x7B else {
                index += 1
                continue
            }
            guard let close = bytes[(index + 2)...].firstIndex(of: 0x7D) else { break }
            result += String(decoding: bytes[start..<index], as: UTF8.self)
            let name = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
            if name.hasPrefix("!") {
                result += "${" + name.dropFirst() + "}"
            } else if let variable = variables[name] {
                result += Self.text(variable)
            } else if let dot = name.firstIndex(of: "."), !name.hasPrefix("AWS::"), let outputs = nestedOutputs[String(name[..<dot])] {
                let attribute = name[name.index(after: dot)...]
                result += attribute.hasPrefix("Outputs.") ? outputs[String(attribute.dropFirst("Outputs.".count))].map(Self.text) ?? TerraformMarker.unknownPart : TerraformMarker.unknownPart
            } else if let dot = name.firstIndex(of: "."), !name.hasPrefix("AWS::"), let id = ids[String(name[..<dot])] {
                result += TerraformMarker.marker(id)
            } else {
                result += reference(name).map(Self.text) ?? ""
            }
            index = close + 1
            start = index
        }
        return result + String(decoding: bytes[start...], as: UTF8.self)
    }

    /// About how many bytes a value holds, for the budget.
    static func size(of value: Value) -> Int {
        switch value {
        case .string(let text): text.utf8.count
        case .tuple(let items): items.reduce(1) { $0 + size(of: $1) }
        case .object(let fields): fields.reduce(1) { $0 + $1.key.utf8.count + size(of: $1.value) }
        default: 1
        }
    }

    /// A value as text inside a string: unknown parts and collections are the unknown marker.
    static func text(_ value: Value) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): "\(number)"
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        default: TerraformMarker.unknownPart
        }
    }

    /// A value's text when it is wholly known.
    static func knownText(_ value: Value) -> String? {
        let text = text(value)
        return TerraformMarker.holdsMarker(text) ? nil : text
    }
}

/// An export of a stack: CloudFormation keeps export names per account and region.
struct CloudFormationExport: Hashable {
    var region: String?
    var name: String
}
