import Model

/// Stable fingerprints for findings, built from (rule, entrypoint id, scenario id, phase).
///
/// No line numbers go in, so a fingerprint survives edits and renames of the files that caused
/// it. The hash is 64-bit FNV-1a over the UTF-8 of the four fields, each followed by a NUL
/// byte, printed as 16 lowercase hex digits: the same on every run and platform, unlike
/// `hashValue`, which Swift seeds per process.
public enum Fingerprint {
    public static func make(rule: String, entrypoint: String, scenario: String, phase: Requirement.Phase) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        for field in [rule, entrypoint, scenario, phase.rawValue] {
            // The NUL terminator keeps ("ab", "c") and ("a", "bc") apart.
            for byte in field.utf8 + [0] {
                hash = (hash ^ UInt64(byte)) &* prime
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
