extension Expression {
    /// Evaluates the expression as far as it can be known statically.
    ///
    /// Unknown references, unknown functions and type errors give `.unknown`, never a guess;
    /// unknown propagates through operators and most functions. `try` returns its first known
    /// alternative and `can` is true for a known value.
    public func evaluate(in context: EvaluationContext = EvaluationContext()) -> Value {
        Evaluator(context: context).evaluate(self)
    }
}
