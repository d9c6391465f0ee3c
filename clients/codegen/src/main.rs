//! `cargo run -p orkestra-client-codegen`: writes the clients' generated files (see lib.rs).

use std::process::ExitCode;

fn main() -> ExitCode {
    let root = orkestra_client_codegen::root();
    let files = match orkestra_client_codegen::generate(&root) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for file in files {
        let path = root.join(file.path);
        let unchanged = std::fs::read_to_string(&path).is_ok_and(|t| t == file.text);
        if unchanged {
            println!("unchanged: {}", file.path);
            continue;
        }
        if let Some(dir) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("error: creating {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
        if let Err(e) = std::fs::write(&path, &file.text) {
            eprintln!("error: writing {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote: {}", file.path);
    }
    ExitCode::SUCCESS
}
