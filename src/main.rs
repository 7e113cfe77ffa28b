//! The `trustbook` command: a thin shell over the library.

fn main() -> std::process::ExitCode {
    trustbook::cli::main()
}
