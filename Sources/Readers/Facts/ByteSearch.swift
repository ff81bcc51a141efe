#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Searches in UTF-8 bytes through the C library's `memchr`. The readers scan manifests of
/// several megabytes (dashboards kept in ConfigMaps) a few times each — for line ends, Helm
/// actions, suppression markers — and a loop over single bytes ran at a fraction of its speed.
enum ByteSearch {
    /// The offset of the first `byte` in `bytes[range]`.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = bytes.baseAddress, !range.isEmpty else { return nil }
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "the range lies inside the bytes")
        guard let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    /// The offset of the first occurrence of `needle` lying wholly inside `bytes[range]`.
    static func firstIndex(of needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let first = needle.first else { return range.lowerBound }
        let last = range.upperBound - needle.count
        var start = range.lowerBound
        while start <= last, let index = firstIndex(of: first, in: bytes, start..<(last + 1)) {
            var matched = 1
            while matched < needle.count, bytes[index + matched] == needle[matched] { matched += 1 }
            if matched == needle.count { return index }
            start = index + 1
        }
        return nil
    }

    /// The same, for a needle held in an array.
    static func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        needle.withUnsafeBufferPointer { firstIndex(of: $0, in: bytes, range) }
    }

    /// Whether `needle` occurs in `bytes`.
    static func contains(_ needle: [UInt8], in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { firstIndex(of: needle, in: $0, 0..<$0.count) != nil }
    }
}
