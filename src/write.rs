//! Writing the output folder: into a fresh staging folder beside it, swapped in only when the
//! whole build succeeded. Nothing is ever written outside the staging folder, and lnob never
//! deletes a folder it did not create (it marks its own with a `.lnob-output` file).

use std::io;
use std::path::{Component, Path, PathBuf};

pub const MARKER: &str = ".lnob-output";

/// A folder being filled with a build's files.
pub struct Staging {
    pub dir: PathBuf,
    final_dir: PathBuf,
}

#[derive(Debug)]
pub enum OutputError {
    /// The output folder exists, is not empty and was not made by lnob.
    NotOurs(PathBuf),
    /// The output would overwrite the site's own files.
    InsideSite(PathBuf),
    Io(PathBuf, io::Error),
}

/// Why `--output` may not be `out`, if it may not: the site root, a folder that holds it, a
/// folder of the site's own files (content/, data/, static/, templates/, themes/) or anything
/// inside one, a file, a broken link, or a non-empty folder that lnob did not make. Links are
/// followed first, so a link cannot smuggle the output into the site.
pub fn check_output(root: &Path, out: &Path) -> Result<(), OutputError> {
    let root_abs = absolute(root);
    let out_abs = absolute(out);
    let own = ["content", "data", "templates", "themes", "static"];
    if out_abs == root_abs
        || root_abs.starts_with(&out_abs)
        || own.iter().any(|d| out_abs.starts_with(root_abs.join(d)))
    {
        return Err(OutputError::InsideSite(out.to_path_buf()));
    }
    if let Ok(meta) = std::fs::symlink_metadata(out) {
        if meta.file_type().is_symlink() && !out.exists() {
            return Err(OutputError::NotOurs(out.to_path_buf()));
        }
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).is_file() {
        let empty = std::fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(OutputError::NotOurs(out.to_path_buf()));
        }
    } else if out_abs.exists() && !out_abs.is_dir() {
        return Err(OutputError::NotOurs(out.to_path_buf()));
    }
    Ok(())
}

/// An absolute, lexically normalised path (no `.` or `..`), without touching the disk.
pub fn absolute(p: &Path) -> PathBuf {
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = PathBuf::new();
    for c in base.join(p).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    // Resolve symlinks of the part that exists, so a link cannot smuggle the output elsewhere.
    if let Ok(real) = out.canonicalize() {
        return real;
    }
    if let (Some(parent), Some(name)) = (out.parent(), out.file_name()) {
        if let Ok(real) = parent.canonicalize() {
            return real.join(name);
        }
    }
    out
}

/// Removes what builds of the same output that were killed left beside it: their staging
/// folders (`.NAME.lnob-tmp-PID`) and an old output not yet removed (`.NAME.lnob-old-PID`).
/// Only folders with lnob's mark whose process is gone (no `/proc/PID`; where there is no
/// `/proc`, nothing is removed), so a build running at the same time keeps its own; and an old
/// output only while the output itself is there (a build killed between the two renames of
/// its swap leaves the last output under the old name alone).
fn sweep_abandoned(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.lnob-");
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let Some((kind, pid)) = rest.split_once('-') else {
            continue;
        };
        let ours = kind == "tmp" || (kind == "old" && parent.join(name).is_dir());
        if !ours || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let path = e.path();
        let alive = Path::new("/proc").join(pid).exists();
        if !alive && !path.is_symlink() && path.join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

impl Staging {
    /// Creates `.NAME.lnob-tmp-PID` next to the final folder.
    pub fn new(final_dir: &Path) -> Result<Staging, OutputError> {
        let final_dir = absolute(final_dir);
        let name = final_dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let parent = final_dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| OutputError::Io(parent.clone(), e))?;
        sweep_abandoned(&parent, &name);
        let dir = parent.join(format!(".{name}.lnob-tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| OutputError::Io(dir.clone(), e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| OutputError::Io(dir.clone(), e))?;
        std::fs::write(
            dir.join(MARKER),
            "This folder was written by lnob; lnob may replace it.\n",
        )
        .map_err(|e| OutputError::Io(dir.clone(), e))?;
        Ok(Staging { dir, final_dir })
    }

    /// Writes one file at a site-relative path; refuses paths that would leave the folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.place(rel)?, bytes)
    }

    /// Puts `from`, a file of the last output (on the same file system), at `rel` as a hard
    /// link, or as a copy where a link cannot be made.
    pub fn link(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.place(rel)?;
        std::fs::hard_link(from, &path).or_else(|_| std::fs::copy(from, &path).map(|_| ()))
    }

    /// Where the file `rel` goes, with its folder made.
    fn place(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.safe_path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(path)
    }

    fn safe_path(&self, rel: &str) -> io::Result<PathBuf> {
        let p = Path::new(rel);
        let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
        if !ok {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        Ok(self.dir.join(p))
    }

    /// Replaces the final folder with this one. The old folder is removed only if lnob made it.
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        let fin = self.final_dir.clone();
        if fin.exists() {
            let ours = fin.join(MARKER).is_file();
            let empty = std::fs::read_dir(&fin)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !ours && !empty {
                let _ = std::fs::remove_dir_all(&self.dir);
                return Err(OutputError::NotOurs(fin));
            }
            let old = fin.with_file_name(format!(
                ".{}.lnob-old-{}",
                fin.file_name().unwrap_or_default().to_string_lossy(),
                std::process::id()
            ));
            if let Err(e) = std::fs::rename(&fin, &old) {
                let _ = std::fs::remove_dir_all(&self.dir);
                return Err(OutputError::Io(fin.clone(), e));
            }
            if let Err(e) = std::fs::rename(&self.dir, &fin) {
                let _ = std::fs::rename(&old, &fin);
                let _ = std::fs::remove_dir_all(&self.dir);
                return Err(OutputError::Io(fin, e));
            }
            std::fs::remove_dir_all(&old).map_err(|e| OutputError::Io(old.clone(), e))?;
        } else if let Err(e) = std::fs::rename(&self.dir, &fin) {
            let _ = std::fs::remove_dir_all(&self.dir);
            return Err(OutputError::Io(fin.clone(), e));
        }
        Ok(fin)
    }

    /// Throws the staging folder away (a failed build).
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
