extension Expression {
    /// Evaluates the expression as far as it can be known statically.
    ///
    /// Unknown references, unknown functions and type errors give `.unknown`, never a guess;
    /// unknown propagates through operators and most functions. `try` returns its first known
    /// alternative and `can` is true for a known value.
    ///
    /// A value too large to be configuration (``Value/isTooLarge``), or one that would take more
    /// than its budget's steps to compute (``EvaluationBudget``), is `.unknown`: the files come from pull
    /// requests, and values doubled through a chain of locals would otherwise exhaust memory.
    public func evaluate(in context: EvaluationContext = EvaluationContext()) -> Value {
        let value = Evaluator(context: context).evaluate(self)
        switch kind {
        case .literal, .variable, .getAttribute, .index, .parentheses, .templateWrap:
            // A value looked up is one evaluated, and measured, when it was bound; a literal is
            // as large as its text.
            return value
        default:
            return value.isTooLarge ? .unknown : value
        }
    }
}
