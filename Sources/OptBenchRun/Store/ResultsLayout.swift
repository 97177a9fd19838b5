/// The names of HDF5 layout version 1 (DESIGN §4, `docs/hdf5-layout.md`): the contract that
/// users, scripts and CI read. Only the trajectory store uses them.
public enum ResultsLayout {
    /// `optbench_format` on the root.
    public static let formatVersion = 1
}
