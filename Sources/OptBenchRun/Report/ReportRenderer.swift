/// Draws a ``ComparisonModel`` in one format. Renderers compute nothing: every number they
/// show is in the model, written with ``ReportNumber``.
public protocol ReportRenderer {
    func render(_ model: ComparisonModel) -> String
}
