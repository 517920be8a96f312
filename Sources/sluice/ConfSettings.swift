import ArgumentParser

/// `--conf k=v`, as `spark-sql` and `spark-submit` take it: a setting applied before the
/// script, as `SET k=v` is. Shared by `sluice sql` and `sluice submit`.
enum ConfSettings {
    /// What the help of `--conf` says.
    static let help = ArgumentHelp("A setting applied before the script, as SET k=v.", valueName: "k=v")

    /// One `SET k=v;` line per setting, in order: the first setting is line 1.
    static func script(_ settings: [String]) -> String {
        settings.map { "SET \($0);\n" }.joined()
    }
}
