import Model
import Testing

/// Binary searches over sorted lists agree with a scan of the same list.
@Suite struct SortedSearchTests {
    @Test func lowerBoundAndContainsAgreeWithAScan() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let values = (0..<Int.random(in: 0...30, using: &generator)).map { _ in Int.random(in: 0...40, using: &generator) }.sortedUnique()
            for probe in -1...41 {
                #expect(values.sortedLowerBound(probe) == (values.firstIndex { $0 >= probe } ?? values.count))
                #expect(values.sortedContains(probe) == values.contains(probe))
            }
        }
    }

    @Test func provenanceOfAPathIsFoundFromItsFirstLine() {
        let provenance = [
            Provenance(path: "a.yaml", line: 3), Provenance(path: "b.yaml"), Provenance(path: "b.yaml", line: 2), Provenance(path: "c.yaml", line: 1),
        ].sortedUnique()
        #expect(provenance[provenance.sortedLowerBound(Provenance(path: "b.yaml"))] == Provenance(path: "b.yaml"))
        #expect(provenance.sortedLowerBound(Provenance(path: "bb.yaml")) == 3)
        #expect(provenance.sortedContains(Provenance(path: "c.yaml", line: 1)))
        #expect(!provenance.sortedContains(Provenance(path: "c.yaml", line: 2)))
    }
}
