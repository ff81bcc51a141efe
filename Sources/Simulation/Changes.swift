/// What a scenario changed against the baseline: component indices, ascending.
struct Changes {
    let down: [Int]
    let undeliverable: [Int]
}
