import Glibc

/// Makes the calling thread parse numbers in the C locale (a `.` decimal point) whatever the host
/// program chose with `setlocale`, until `restore`.
struct CNumericLocale {
    private let locale: locale_t?
    private let previous: locale_t?

    init() {
        locale = newlocale(LC_NUMERIC_MASK, "C", nil)
        previous = locale.map { uselocale($0) } ?? nil
    }

    func restore() {
        guard let locale else { return }
        if let previous { _ = uselocale(previous) }
        freelocale(locale)
    }
}
