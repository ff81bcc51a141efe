// hcl-bench: parses each file argument repeatedly and prints the time per parse, to check that
// the native parser stays at a few milliseconds for a 2,000-line file in a release build.
//
//   swift build -c release --product hcl-bench && .build/release/hcl-bench [--runs N] FILE ...
import Foundation
import HCL

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 200
if let i = arguments.firstIndex(of: "--runs"), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 {
    runs = n
    arguments.removeSubrange(i...(i + 1))
}
let clock = ContinuousClock()
for path in arguments {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("hcl-bench: cannot read \(path); check the path.\n".utf8))
        exit(2)
    }
    let bytes = Array(data)
    let lines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    var times: [Duration] = []
    var diagnostics = 0
    for _ in 0..<runs {
        let start = clock.now
        let result = NativeSyntax.parse(bytes)
        times.append(clock.now - start)
        diagnostics = result.diagnostics.count
    }
    times.sort()
    func ms(_ d: Duration) -> String {
        String(format: "%.3f", Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15)
    }
    let mean = times.reduce(Duration.zero, +) / runs
    print("\(path): \(lines) lines, \(bytes.count) bytes, \(diagnostics) diagnostics; \(runs) runs: min \(ms(times[0])) ms, median \(ms(times[runs / 2])) ms, mean \(ms(mean)) ms")
}
