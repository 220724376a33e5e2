//! The `reasonmap` binary: parses the command line and hands over.

fn main() -> std::process::ExitCode {
    reasonmap::cli::main()
}
