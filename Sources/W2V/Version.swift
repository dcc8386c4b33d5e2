enum LibraryVersion {
    static let major: Int32 = 0
    static let minor: Int32 = 1
    static let patch: Int32 = 0
    static var string: String { "\(major).\(minor).\(patch)" }
}

/// The library's version as major * 10000 + minor * 100 + patch. A program built against the header
/// should check that `w2v_version() / 10000 == W2V_VERSION_MAJOR` before use.
@c public func w2v_version() -> Int32 {
    LibraryVersion.major * 10000 + LibraryVersion.minor * 100 + LibraryVersion.patch
}

/// The library's version as "major.minor.patch"; static, never NULL.
@c public func w2v_version_string() -> UnsafePointer<CChar> {
    StaticText.version
}
