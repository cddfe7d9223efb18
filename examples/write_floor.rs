//! What writing a finished site costs with nothing to compute: reads every file under a folder
//! into memory, then writes them all to a new folder (folders made as needed) on all cores,
//! as `lnob build` writes pages, and prints the time the writing took. `scripts/bench.sh`
//! prints it beside each build as the floor no generator writing the same files can go under.
//!
//! ```text
//! cargo run --release --example write_floor -- public/ /tmp/copy-of-public
//! ```

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(from), Some(to)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: write_floor FROM TO (TO must not exist)");
        std::process::exit(2);
    };
    if Path::new(to).exists() {
        eprintln!("{to} exists: give a new folder");
        std::process::exit(2);
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("reading {from}: {e}"));
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(from).expect("under FROM");
            let bytes = std::fs::read(entry.path()).expect("readable file");
            files.push((rel.to_path_buf(), bytes));
        }
    }
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let started = Instant::now();
    files.par_iter().for_each(|(rel, b)| {
        let path = Path::new(to).join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder made");
        }
        std::fs::write(&path, b).expect("file written");
    });
    println!(
        "{:.3} s to write {} files, {:.1} MB, on {} threads",
        started.elapsed().as_secs_f64(),
        files.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
}
