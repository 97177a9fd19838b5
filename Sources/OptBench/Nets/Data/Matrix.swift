/// A dense row-major matrix of `Double`s: a dataset's features or regression targets.
public struct Matrix: Sendable, Hashable {
    public private(set) var rows: Int
    public let columns: Int
    /// `rows · columns` elements, row by row.
    public private(set) var elements: [Double]

    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "a \(rows)×\(columns) matrix needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, elements: Array(repeating: value, count: rows * columns))
    }

    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The elements of row `row`.
    public func row(_ row: Int) -> ArraySlice<Double> {
        elements[(row * columns)..<((row + 1) * columns)]
    }

    /// The rows at `indices`, in that order.
    public func rows(at indices: [Int]) -> Matrix {
        var selected: [Double] = []
        selected.reserveCapacity(indices.count * columns)
        for index in indices { selected.append(contentsOf: row(index)) }
        return Matrix(rows: indices.count, columns: columns, elements: selected)
    }
}
