// Measures the format readers on large inputs — 3 and 6 MiB of one-line minified CSS, 3 MiB of
// malformed HTML, a 3 MiB nginx config, a 1 MiB Dockerfile — against one pass over the same
// bytes that counts lines, in the same run: the readers must stay linear and near that floor.
// Usage: readers-benchmark [RUNS]   (default 9 runs; release build please)
import Foundation
import Readers

let runs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 9 : 9
let mebibyte = 1024 * 1024

func repeated(_ unit: String, toBytes size: Int, tail: String = "") -> [UInt8] {
    Array((String(repeating: unit, count: size / unit.utf8.count + 1) + tail).utf8)
}

let cssRule = ".c{background:url(https://img.example.com/a.png);color:#fff}/*x*/.d{content:\"u\"}@import \"https://f.example.com/f.css\";"
let inputs: [(name: String, path: String, reader: any FileReader, bytes: [UInt8])] = [
    ("minified CSS, one 3 MiB line", "dist/app.min.css", AssetReader(), repeated(cssRule, toBytes: 3 * mebibyte)),
    // Twice the bytes should take twice the time: the scan is linear.
    ("minified CSS, one 6 MiB line", "dist/app.min.css", AssetReader(), repeated(cssRule, toBytes: 6 * mebibyte)),
    ("malformed HTML, 3 MiB", "ui/index.html", AssetReader(),
     repeated("<img srcset=\"https://a.example.com/1.png 1x, /2.png 2x\"><div <a<b <!x <script>var a='<img src=x>'</script><link rel=stylesheet href=//c.example.com/s.css>\n<p style=\"background:url('https://d.example.com/e.png')\">text</p>\n", toBytes: 3 * mebibyte)),
    ("nginx config, 3 MiB", "nginx/nginx.conf", NginxReader(),
     Array(("http {\n" + String(repeating: "  server {\n    listen 80;\n    location /api/ { proxy_pass http://api.internal:8080; proxy_set_header Host $host; }\n    return 301 https://www.example.com$request_uri;\n  }\n", count: 3 * mebibyte / 140) + "}\n").utf8)),
    ("Dockerfile, 1 MiB", "Dockerfile", DockerfileReader(),
     Array(("ARG BASE=nginx:1.25\n" + String(repeating: "FROM ${BASE} AS s\nCOPY --chown=a:b app/ conf/*.conf /srv/\nRUN apt-get update && \\\n  apt-get install -y curl\n", count: mebibyte / 100)).utf8)),
]

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let clock = ContinuousClock()
print("| input | reader, median | line-counting pass, median | ratio | facts |")
print("|---|---|---|---|---|")
for input in inputs {
    var readerTimes: [Double] = []
    var floorTimes: [Double] = []
    var found = 0
    for _ in 0..<runs {
        readerTimes.append(seconds(clock.measure {
            let facts = input.reader.read(path: input.path, bytes: input.bytes)
            found = facts.mentions.count + facts.includes.count + (facts.dockerfile?.baseImages.count ?? 0)
        }))
        var lines = 0
        floorTimes.append(seconds(clock.measure {
            for byte in input.bytes where byte == 0x0A { lines += 1 }
        }))
        precondition(lines >= 0)
    }
    let reader = median(readerTimes)
    let floor = median(floorTimes)
    let numbers = String(format: "%.4f s | %.4f s | %.1f×", reader, floor, reader / floor)
    print("| \(input.name) | \(numbers) | \(found) |")
}
