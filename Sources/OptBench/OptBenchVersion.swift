public enum OptBenchVersion { public static let current = "0.1.0" }
