import Model
import Yams

/// Turns the bytes of a YAML file into `YAMLDocument`s and located diagnostics.
///
/// This is the only place Faultline calls Yams. Nothing here throws: invalid UTF-8, tabs used
/// for indentation, unclosed quotes, duplicate keys, alias bombs and Helm templates all become
/// `Diagnostic`s carrying the caller's path and the line of the problem. The stream is split
/// at `---` lines before parsing, so one broken document does not hide the others.
public struct YAMLLoader: Sendable {
    /// Most nodes that aliases may copy into one document before it is refused, which keeps a
    /// "billion laughs" file from expanding exponentially.
    public var aliasExpansionLimit: Int
    /// Whether chunks in the plain block subset are built by `YAMLBlockParser` (the same trees,
    /// faster); off only to compare the two in tests.
    var usesBlockParser = true
    /// Whether a file that reads as a Helm template is refused with a diagnostic. Off for
    /// Helm values files, whose string values may hold `{{ … }}` for the chart to expand.
    var refusesTemplates = true
    /// Whether CloudFormation's short-form tags become the long form they stand for: `!Ref X`
    /// is read as `{Ref: X}`, `!GetAtt A.B` as `{Fn::GetAtt: A.B}`, `!Sub …` as `{Fn::Sub: …}`
    /// (any `!Name` but YAML's own `!!` tags). Set for CloudFormation templates only: elsewhere
    /// a tag is kept on its scalar and a tagged collection reads as the collection.
    public var cloudFormationTags = false
    /// Whether a sequence or mapping keeps a local tag written on it (`!reset {}`) in its
    /// ``YAMLNode/tag``: set for Compose files, whose merge tags say how to merge them.
    public var keepsCollectionTags = false
    /// Whether a document that is a CustomResourceDefinition, told from its top-level lines,
    /// is passed over unparsed (see ``YAMLText/isCustomResourceDefinition(_:)``). Set for
    /// Kubernetes manifests, where nothing is read from one.
    var passesOverDefinitions = false
    /// Whether a document with a key written twice is only a note when its text holds no
    /// `kind` at all (nor a backslash, which could spell it): set for the Kubernetes reader,
    /// which takes every YAML file of a repository to look for objects, and so meets test
    /// fixtures and tools' files (Test Kitchen's `.kitchen.yml`) whose own tools take the last
    /// of the two. A document that may declare an object, written in any style, keeps the
    /// error: it cannot be told apart from one without parsing it.
    var duplicatesOutsideObjectsAreNotes = false

    public init(aliasExpansionLimit: Int = 100_000) {
        self.aliasExpansionLimit = aliasExpansionLimit
    }

    /// Loads a file's raw bytes; `path` locates diagnostics, and says whether the file is in a
    /// chart's `templates/` (see `helmTemplateLine`).
    public func load(_ bytes: [UInt8], path: String) -> YAMLLoadResult {
        switch YAMLText.decode(bytes) {
        case .failure(let problem):
            return YAMLLoadResult(diagnostics: [
                Diagnostic(.error, problem.summary, detail: problem.detail, path: path, line: problem.line)
            ])
        case .success(let text):
            return load(text: text, path: path)
        }
    }

    /// Loads text already decoded from UTF-8.
    public func load(text: String, path: String) -> YAMLLoadResult {
        // Only a file that may declare objects (`kind:`) has workloads a template would hide: a
        // CI or release file quoting `{{ .Release.Version }}` is plain YAML to read.
        if refusesTemplates, YAMLText.mayDeclareObjects(text),
           let line = YAMLText.helmTemplateLine(in: text, blockScalarsAreData: !Self.isInTemplatesFolder(path)) {
            return YAMLLoadResult(diagnostics: [Self.helmDiagnostic(path: path, line: line)])
        }
        var result = YAMLLoadResult()
        var index = 0
        for chunk in YAMLText.documentChunks(of: text) {
            load(chunk, path: path, nextIndex: &index, into: &result)
        }
        return result
    }

    /// Whether a path is in a folder named `templates`, as a chart's templates are.
    public static func isInTemplatesFolder(_ path: String) -> Bool {
        path.hasPrefix("templates/") || path.contains("/templates/")
    }

    /// What the warning on a file read as a Helm template says.
    public static let helmTemplateSummary = "looks like a Helm template, so its workloads are not read; commit the rendered manifests"

    /// The advice is the one thing that works: `.faultline.yaml` cannot stand in for a chart,
    /// since its `dependencies:` only attach endpoints to components some file declares.
    static func helmDiagnostic(path: String, line: Int) -> Diagnostic {
        Diagnostic(
            .warning, helmTemplateSummary,
            detail: "Faultline reads plain YAML and never runs Helm: the chart's values files stand for its release (their images, "
                + "endpoints and ingress or LoadBalancer settings); for what the templates make, render the chart "
                + "(helm template RELEASE CHART > rendered/RELEASE.yaml) and commit the output, which is read like any manifest",
            path: path, line: line)
    }

    /// Parses one `---`-delimited chunk, which normally holds one document. CloudFormation
    /// takes the last of a key written twice in a mapping: in its mode, the earlier one is
    /// renamed (a warning at it) and the chunk parsed again, at most 16 times (once for a
    /// text over 1 MB, larger than CloudFormation takes).
    private func load(_ chunk: YAMLText.Chunk, path: String, nextIndex: inout Int, into result: inout YAMLLoadResult) {
        if passesOverDefinitions, YAMLText.isCustomResourceDefinition(chunk.text) {
            nextIndex += 1
            return
        }
        guard cloudFormationTags else { return loadOnce(chunk, path: path, nextIndex: &nextIndex, into: &result) }
        var chunk = chunk
        // CloudFormation takes templates of at most 1 MB: a larger text is parsed once more at most.
        let renames = chunk.text.utf8.count > 1 << 20 ? 1 : 16
        for renamed in 0...renames {
            var attempt = result, index = nextIndex
            loadOnce(chunk, path: path, nextIndex: &index, into: &attempt, duplicates: renamed < renames ? .report : .fail)
            guard let duplicate = attempt.duplicate else {
                // The renamed keys are gone, as CloudFormation drops them.
                if renamed > 0 {
                    for position in result.documents.count..<attempt.documents.count {
                        attempt.documents[position].root = attempt.documents[position].root.removingEntries(withKeyPrefix: "faultline-duplicate-")
                    }
                }
                (result, nextIndex) = (attempt, index)
                return
            }
            guard let rewritten = YAMLText.renamingKey(
                atLine: duplicate.line, column: duplicate.column, in: chunk.text, prefix: "faultline-duplicate-\(renamed)-") else {
                // Not found where the parser says: the duplicate is the error it always was.
                loadOnce(chunk, path: path, nextIndex: &nextIndex, into: &result, duplicates: .fail)
                return
            }
            result.diagnostics.append(Diagnostic(
                .warning, "key '\(duplicate.key)' is written again later in this mapping; CloudFormation takes the last one",
                detail: "remove one of them", path: path, line: duplicate.line + chunk.startLine - 1))
            chunk.text = rewritten
        }
    }

    enum DuplicateKeys { case fail, report }

    private func loadOnce(
        _ chunk: YAMLText.Chunk, path: String, nextIndex: inout Int, into result: inout YAMLLoadResult, duplicates: DuplicateKeys = .fail
    ) {
        let lineOffset = chunk.startLine - 1
        // The block parser takes no aliases at all, so what it answers needs no alias check
        // (which, being a scan of the text, also fires on `*name:` inside a string).
        if usesBlockParser, let roots = YAMLBlockParser.parse(chunk.text, lineOffset: lineOffset) {
            for root in roots {
                defer { nextIndex += 1 }
                if root.isNull, root.scalar?.text == "" { continue }
                result.documents.append(YAMLDocument(index: nextIndex, startLine: chunk.startLine, root: root))
            }
            return
        }
        if let aliasKey = YAMLText.aliasUsedAsKey(in: chunk.text) {
            result.diagnostics.append(
                Diagnostic(
                    .error, "an alias (*\(aliasKey.name)) is used as a mapping key; this document is skipped",
                    detail:
                        "Faultline refuses aliases as keys because they can expand without bound; write the key out",
                    path: path, line: aliasKey.line + lineOffset))
            nextIndex += 1
            return
        }
        let parser: Parser
        do {
            parser = try Parser(yaml: chunk.text, resolver: .basic, constructor: .default, encoding: .utf8)
        } catch {
            result.diagnostics.append(diagnostic(for: error, chunk: chunk, path: path))
            nextIndex += 1
            return
        }
        while true {
            let node: Node?
            do {
                node = try parser.nextRoot()
            } catch YamlError.duplicatedKeysInMapping(let keys, let context) where duplicates == .report {
                result.duplicate = DuplicateKey(key: keys.first ?? "", line: context.mark.line, column: context.mark.column)
                return
            } catch {
                result.diagnostics.append(diagnostic(for: error, chunk: chunk, path: path))
                nextIndex += 1
                return
            }
            guard let node else { return }
            defer { nextIndex += 1 }
            var converter = Converter(lineOffset: lineOffset, budget: aliasExpansionLimit, cloudFormationTags: cloudFormationTags)
            converter.keepsCollectionTags = keepsCollectionTags
            guard let root = converter.convert(node) else {
                // Located at the anchored node whose copy crossed the limit.
                result.diagnostics.append(
                    Diagnostic(
                        .error,
                        "aliases in this document expand to more than \(aliasExpansionLimit) nodes; it is skipped",
                        detail:
                            "this is the shape of a \"billion laughs\" attack; write the repeated values out or use fewer nested aliases",
                        path: path, line: converter.limitCrossedAtLine ?? chunk.startLine))
                continue
            }
            // A document of only comments, or a bare `---`, carries nothing to read.
            if root.isNull, root.scalar?.text == "" { continue }
            // `key: {{ .x }}` parses as a flow mapping used as a key: valid YAML, but a template.
            if refusesTemplates, YAMLText.contains(chunk.text, "{{"), let line = Self.firstCollectionKeyLine(in: root) {
                result.diagnostics.append(Self.helmDiagnostic(path: path, line: line))
                continue
            }
            result.documents.append(YAMLDocument(index: nextIndex, startLine: chunk.startLine, root: root))
        }
    }

    /// The line of the first mapping key that is itself a mapping or sequence, which real
    /// configuration files never use but an unquoted `{{ … }}` produces.
    static func firstCollectionKeyLine(in node: YAMLNode) -> Int? {
        switch node.content {
        case .scalar:
            return nil
        case .sequence(let items):
            return items.lazy.compactMap(firstCollectionKeyLine).first
        case .mapping(let entries):
            for entry in entries {
                if entry.key.scalar == nil { return entry.key.line }
                if let line = firstCollectionKeyLine(in: entry.value) { return line }
            }
            return nil
        }
    }

    /// A located diagnostic for an error thrown by Yams while parsing `chunk`.
    private func diagnostic(for error: any Error, chunk: YAMLText.Chunk, path: String) -> Diagnostic {
        let offset = chunk.startLine - 1
        let located = parseError(error, chunk: chunk, path: path)
        // A `{{ … }}` outside quotes and comments, at or before the line where parsing failed:
        // a Helm or Go template. One only in a quoted string (a grok pattern), or only after
        // the failure, leaves the error an error.
        if refusesTemplates, YAMLText.contains(chunk.text, "{{"),
           let template = YAMLText.firstUnquotedTemplateLine(in: chunk.text),
           located.line.map({ template <= $0 - offset }) ?? true {
            return Self.helmDiagnostic(path: path, line: template + offset)
        }
        // `%{ if … ~}` opening the line where parsing failed: a Terraform template (cloud-init,
        // a CI file) that `templatefile()` renders; no YAML value starts with `%`. A `%{` in a
        // string or comment elsewhere (a grok pattern) leaves the error an error.
        if refusesTemplates, let line = located.line, Self.opensTemplateDirective(lineOf: chunk.text, at: line - offset) {
            return Diagnostic(
                .warning, "looks like a Terraform template (%{ … } directives), so it is not read",
                detail: "Terraform renders it with templatefile(); what it holds once rendered is not known to Faultline",
                path: path, line: line)
        }
        return located
    }

    /// Whether the text's line `line` (1-based) opens with a `%{` directive.
    static func opensTemplateDirective(lineOf text: String, at line: Int) -> Bool {
        guard line >= 1 else { return false }
        var current = 1
        for candidate in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == line { return candidate.drop { $0 == " " || $0 == "\t" }.hasPrefix("%{") }
            current += 1
        }
        return false
    }

    /// The located error for a parse failure of `chunk`.
    private func parseError(_ error: any Error, chunk: YAMLText.Chunk, path: String) -> Diagnostic {
        let offset = chunk.startLine - 1
        guard let error = error as? YamlError else {
            return Diagnostic(.error, "cannot parse YAML: \(error)", path: path, line: chunk.startLine)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return located(problem: problem, context: context, mark: mark, chunk: chunk, path: path)
        case .reader(let problem, let characterOffset, _, _):
            let line = characterOffset.map { YAMLText.line(atCharacterOffset: $0, in: chunk.text) } ?? 1
            return Diagnostic(
                .error, "cannot read YAML: \(problem)",
                detail: "remove control characters; YAML allows only printable text, tabs and line breaks",
                path: path, line: line + offset)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let second = YAMLText.repeatedKeyLine(
                key: key, afterLine: context.mark.line, column: context.mark.column, in: chunk.text)
            // Only text with no `kind` in it at all, and no escape that could spell it
            // (`"\x6bind"`), in any style (`"kind":`, `kind :`, `? kind`, `!!str kind`).
            if duplicatesOutsideObjectsAreNotes, !YAMLText.contains(chunk.text, "kind"), !YAMLText.contains(chunk.text, "\\") {
                return Diagnostic(
                    .note, "duplicate key '\(key)' in a mapping of a document that declares no Kubernetes object; it is passed over",
                    detail: "first defined at line \(context.mark.line + offset); Kubernetes would refuse it, other tools take the last",
                    path: path, line: (second ?? context.mark.line) + offset)
            }
            return Diagnostic(
                .error, "duplicate key '\(key)' in a mapping; this document is skipped",
                detail: "first defined at line \(context.mark.line + offset); keep one of them",
                path: path, line: (second ?? context.mark.line) + offset)
        default:
            return Diagnostic(.error, "cannot parse YAML: \(error)", path: path, line: chunk.startLine)
        }
    }

    private func located(
        problem: String, context: YamlError.Context?, mark: Mark, chunk: YAMLText.Chunk, path: String
    ) -> Diagnostic {
        let offset = chunk.startLine - 1
        if YAMLText.lineIndentsWithTab(mark.line, in: chunk.text) {
            return Diagnostic(
                .error, "a tab is used for indentation; YAML indents with spaces only",
                detail: "replace the tabs at the start of the line with spaces",
                path: path, line: mark.line + offset)
        }
        // An unclosed quote is reported where the scan gave up (often the end of the file);
        // the line where the quote opened is the one to fix.
        if let context, problem.contains("end of stream"), context.text.contains("quoted scalar") {
            return Diagnostic(
                .error, "a quoted string is never closed; this document is skipped",
                detail:
                    "add the closing quote; the parser reached \(problem.replacingOccurrences(of: "found ", with: "")) at line \(mark.line + offset)",
                path: path, line: context.mark.line + offset)
        }
        if problem.contains("Maximum nesting level") {
            return Diagnostic(
                .error, "collections nest more than 1000 levels deep; this document is skipped",
                detail: "no configuration needs this depth; check the file was not generated by mistake",
                path: path, line: mark.line + offset)
        }
        let where_ = context.map { " (\($0.text) at line \($0.mark.line + offset))" } ?? ""
        return Diagnostic(
            .error, "invalid YAML: \(problem)\(where_); this document is skipped",
            detail: "fix the syntax at this line; the other documents of the file were still read",
            path: path, line: mark.line + offset)
    }
}

extension YAMLLoader {
    /// Turns Yams nodes into `YAMLNode`s, charging every node an alias copies against a budget.
    fileprivate struct Converter {
        let lineOffset: Int
        var budget: Int
        /// The line of the anchored node whose copy used up the budget.
        private(set) var limitCrossedAtLine: Int?
        /// Converted anchored nodes, keyed by anchor and position: an alias hands Yams the very
        /// node it names, with that node's position, so a second visit is an alias use.
        private var anchored: [String: (node: YAMLNode, size: Int)] = [:]

        let cloudFormationTags: Bool
        var keepsCollectionTags = false

        init(lineOffset: Int, budget: Int, cloudFormationTags: Bool = false) {
            self.lineOffset = lineOffset
            self.budget = budget
            self.cloudFormationTags = cloudFormationTags
        }

        /// The long form a CloudFormation short-form tag stands for (`!Ref` → `Ref`, `!Sub` →
        /// `Fn::Sub`, `!Condition` → `Condition`); nil for no tag or one of YAML's own.
        static func cloudFormationFunction(_ tag: Tag) -> String? {
            let name = tag.rawValue
            guard name.hasPrefix("!"), !name.hasPrefix("!!"), name.count > 1 else { return nil }
            let bare = String(name.dropFirst())
            return bare == "Ref" || bare == "Condition" ? bare : "Fn::" + bare
        }

        /// The converted tree, or nil when aliases copy more nodes than the budget allows.
        mutating func convert(_ node: Node) -> YAMLNode? {
            convertCounting(node)?.node
        }

        private mutating func convertCounting(_ node: Node) -> (node: YAMLNode, size: Int)? {
            let mark = node.mark
            var key: String?
            if let anchor = node.anchor {
                let id = "\(anchor.rawValue)@\(mark?.line ?? 0):\(mark?.column ?? 0)"
                if let seen = anchored[id] {
                    budget -= seen.size
                    guard budget >= 0 else {
                        limitCrossedAtLine = seen.node.line
                        return nil
                    }
                    return seen
                }
                key = id
            }
            let line = (mark?.line ?? 1) + lineOffset
            let column = mark?.column ?? 1
            var size = 1
            let converted: YAMLNode
            switch node {
            case .scalar(let scalar):
                converted = YAMLNode(.scalar(Self.scalar(scalar)), line: line, column: column)
            case .alias(let alias):
                // Yams resolves aliases while composing; an unresolved one is kept as its name.
                converted = YAMLNode(.scalar(YAMLScalar("*" + alias.anchor.rawValue)), line: line, column: column)
            case .sequence(let sequence):
                var items: [YAMLNode] = []
                items.reserveCapacity(sequence.count)
                for item in sequence {
                    guard let child = convertCounting(item) else { return nil }
                    items.append(child.node)
                    size += child.size
                }
                converted = YAMLNode(.sequence(items), line: line, column: column)
            case .mapping(let mapping):
                var entries: [YAMLEntry] = []
                entries.reserveCapacity(mapping.count)
                for (k, v) in mapping {
                    guard let keyNode = convertCounting(k), let valueNode = convertCounting(v) else { return nil }
                    entries.append(YAMLEntry(key: keyNode.node, value: valueNode.node))
                    size += keyNode.size + valueNode.size
                }
                converted = YAMLNode(.mapping(Self.applyingMergeKeys(entries)), line: line, column: column)
            }
            var result = converted
            if keepsCollectionTags, result.scalar == nil, node.tag.rawValue.hasPrefix("!"), !node.tag.rawValue.hasPrefix("!!") {
                result.tag = node.tag.rawValue
            }
            if cloudFormationTags, let function = Self.cloudFormationFunction(node.tag) {
                var inner = converted
                if case .scalar(var scalar) = inner.content {
                    scalar.tag = nil
                    inner.content = .scalar(scalar)
                }
                let name = YAMLNode(.scalar(YAMLScalar(function)), line: line, column: column)
                result = YAMLNode(.mapping([YAMLEntry(key: name, value: inner)]), line: line, column: column)
                size += 1
            }
            if let key { anchored[key] = (result, size) }
            return (result, size)
        }

        private static func scalar(_ scalar: Node.Scalar) -> YAMLScalar {
            let style: YAMLScalar.Style =
                switch scalar.style {
                case .singleQuoted: .singleQuoted
                case .doubleQuoted: .doubleQuoted
                case .literal: .literal
                case .folded: .folded
                default: .plain
                }
            let tagName = scalar.tag.rawValue
            let tag: String? = tagName == Tag.Name.implicit.rawValue || tagName == "!" ? nil : tagName
            return YAMLScalar(scalar.string, style: style, tag: tag)
        }

        /// Applies YAML merge keys (`<<: *defaults`), which GitLab CI and Compose files rely on:
        /// keys written in the mapping win, then earlier merged mappings win over later ones.
        private static func applyingMergeKeys(_ entries: [YAMLEntry]) -> [YAMLEntry] {
            func isMerge(_ entry: YAMLEntry) -> Bool {
                guard let key = entry.key.scalar else { return false }
                return key.text == "<<" && key.style == .plain
            }
            guard entries.contains(where: isMerge) else { return entries }
            var seen = Set(entries.filter { !isMerge($0) }.compactMap { $0.key.scalar?.text })
            var merged: [YAMLEntry] = []
            for entry in entries {
                guard isMerge(entry) else {
                    merged.append(entry)
                    continue
                }
                let sources = entry.value.items ?? [entry.value]
                guard sources.allSatisfy({ $0.entries != nil }) else {
                    // Not a valid merge; keep it as an ordinary entry rather than guess.
                    merged.append(entry)
                    continue
                }
                for source in sources {
                    for inherited in source.entries ?? [] {
                        guard let name = inherited.key.scalar?.text, !seen.contains(name) else { continue }
                        seen.insert(name)
                        merged.append(inherited)
                    }
                }
            }
            return merged
        }
    }
}
