import HDF5

/// How a run's datasets are stored (suite key `compression`, `docs/hdf5-layout.md#storage`).
/// Either way the datasets are chunked and extendable and read the same in every HDF5 reader;
/// only the bytes on disk and the time to write them differ. Not part of a run's resume key:
/// it changes no value.
public enum TrajectoryCompression: String, Sendable, CaseIterable {
    /// Shuffle, then deflate (gzip) level 1: 25–60 bytes per logged row on optbench's suites.
    case gzip
    /// No filters: 8 bytes per value, written at the speed of memory. For runs that log every
    /// step of a cheap problem, where deflate would take longer than the run.
    case none
}
