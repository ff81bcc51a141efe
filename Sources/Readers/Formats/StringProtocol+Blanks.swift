extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingBlanks() -> SubSequence {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}

extension StringProtocol {
    /// The first occurrence of an ASCII `needle`, found on the UTF-8 bytes: the generic
    /// `firstRange(of:)` compares characters and costs an order of magnitude more, which shows
    /// when every mention of every commit is scanned.
    func firstRange(ofASCII needle: StaticString) -> Range<Index>? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return nil }
        let bytes = utf8
        var start = bytes.startIndex
        while let found = bytes[start...].firstIndex(of: first) {
            var end = found, matched = 0
            while matched < pattern.count, end != bytes.endIndex, bytes[end] == pattern[matched] {
                end = bytes.index(after: end)
                matched += 1
            }
            if matched == pattern.count { return found..<end }
            start = bytes.index(after: found)
        }
        return nil
    }

    /// The pieces between ASCII delimiter bytes, without empty ones, split on the UTF-8 bytes.
    func split(onASCII isDelimiter: (UInt8) -> Bool) -> [SubSequence] {
        var pieces: [SubSequence] = []
        let bytes = utf8
        var start = bytes.startIndex, index = start
        while index != bytes.endIndex {
            if isDelimiter(bytes[index]) {
                if start != index { pieces.append(self[start..<index]) }
                index = bytes.index(after: index)
                start = index
            } else {
                index = bytes.index(after: index)
            }
        }
        if start != index { pieces.append(self[start..<index]) }
        return pieces
    }
}

extension String {
    /// The file name of a repository path (`k8s/app.yaml` → `app.yaml`), without splitting the
    /// whole path: readers are asked about every path of every commit.
    var fileName: Substring {
        guard let slash = utf8.lastIndex(of: 0x2F) else { return self[...] }
        return self[index(after: slash)...]
    }
}

extension String {
    /// Whether the path, from the start of one of its segments to its end, starts with
    /// `prefix` (`k8s/.github/x` has a segment starting with `.github/`). Compared on bytes.
    func hasSegment(startingWith prefix: String) -> Bool {
        let bytes = utf8, wanted = prefix.utf8
        var start = bytes.startIndex
        while true {
            if bytes[start...].starts(with: wanted) { return true }
            guard let slash = bytes[start...].firstIndex(of: 0x2F) else { return false }
            start = bytes.index(after: slash)
        }
    }
}
