/// A partition's region regular expression (botocore's `regionRegex`).
///
/// Not `Sendable`, because `Regex` is not: build one where it is used. The classifier first
/// looks a captured region up in the catalog and compiles the pattern only for regions the
/// catalog does not list.
struct RegionPattern {
    private let regex: Regex<AnyRegexOutput>

    /// Nil when `pattern` is not a valid regular expression.
    init?(_ pattern: String) {
        guard let regex = try? Regex(pattern) else { return nil }
        self.regex = regex
    }

    /// Whether the whole of `region` matches.
    func matches(_ region: String) -> Bool {
        (try? regex.wholeMatch(in: region)) != nil
    }
}
