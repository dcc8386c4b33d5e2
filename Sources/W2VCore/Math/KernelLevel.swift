import Glibc
import W2VKernels

/// The instruction-set levels the training kernels exist for. `baseline` is the Swift code of the
/// baseline x86-64 build (SSE), which runs everywhere; the others are the C kernels of W2VKernels, used
/// only when the CPU and the operating system support them. The raw values are the `kernels`
/// parameter's (0 there means automatic).
public enum KernelLevel: Int, CaseIterable, Sendable {
    case baseline = 1
    case avx2 = 2
    case avx512 = 3

    /// The name `W2V_KERNELS` and messages use.
    var name: String {
        switch self {
        case .baseline: "baseline"
        case .avx2: "avx2"
        case .avx512: "avx512"
        }
    }

    init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = level
    }

    /// The levels this CPU and its operating system can run, lowest first (always `baseline`).
    static let supported: [KernelLevel] = {
        var levels = [KernelLevel.baseline]
        if w2vk_cpu_has_avx2_fma() != 0 && w2vk_table_avx2() != nil { levels.append(.avx2) }
        if w2vk_cpu_has_avx512f() != 0 && w2vk_table_avx512() != nil { levels.append(.avx512) }
        return levels
    }()

    /// The environment variable that sets the level of automatic selection ("baseline", "avx2",
    /// "avx512"; unset or "auto": the best supported level).
    static let environmentVariable = "W2V_KERNELS"

    /// The level training uses for the `kernels` parameter's value `requested` (0 automatic, else a
    /// raw value): automatic takes `W2V_KERNELS` when it is set, else the best supported level. A
    /// level that is not supported (asked for by the parameter or the variable) is an error rather
    /// than a silent fallback, so a forced level always means that level's results.
    static func resolve(requested: Int, environment: String?, supported: [KernelLevel] = supported) throws(W2VError) -> KernelLevel {
        let level: KernelLevel
        let source: String
        if requested != 0 {
            guard let asked = KernelLevel(rawValue: requested) else {
                throw .invalidArgument("kernels = \(requested) is not a kernel level (0 automatic, 1 baseline, 2 avx2, 3 avx512)")
            }
            (level, source) = (asked, "kernels = \(requested) (\(asked.name))")
        } else if let environment, !environment.isEmpty, environment != "auto" {
            guard let named = KernelLevel(name: environment) else {
                throw .invalidArgument("\(environmentVariable)=\(environment) is not a kernel level (auto, baseline, avx2 or avx512)")
            }
            (level, source) = (named, "\(environmentVariable)=\(environment)")
        } else {
            return supported.last ?? .baseline
        }
        if !supported.contains(level) {
            throw .invalidArgument("\(source) was asked for, but this CPU or its operating system does not support it (supported: \(supported.map(\.name).joined(separator: ", ")))")
        }
        return level
    }

    /// `resolve` with this process's `W2V_KERNELS`.
    public static func resolve(requested: Int) throws(W2VError) -> KernelLevel {
        try resolve(requested: requested, environment: getenv(environmentVariable).map { String(cString: $0) })
    }
}
