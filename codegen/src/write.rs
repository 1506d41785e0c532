//! Stage 9, write: generated files -> the output crate directory, or a
//! comparison with it.
//!
//! The output directory belongs to the generator: every file in it is
//! generated, and a file the generator no longer produces is stale.
//!
//! Invariants:
//! - [`apply`] is atomic: the new tree is written to a staging directory
//!   beside the output and swapped in with one rename (an atomic exchange on
//!   Linux), so an error or a kill at any point leaves either the old tree or
//!   the new one, never a mix. Files are not `fsync`ed: that would guard
//!   the tree against a power cut, not against a failed run, and the tree
//!   is made again from `schemas/` by one command; on a 20 MB module the
//!   `fsync` alone took 24 ms of a 287 ms run (#8).
//! - An unchanged tree is not rewritten, so file times (and the builds that
//!   depend on them) stay as they were.
//! - [`check`] only reads.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Generated files: paths relative to the output directory -> contents.
pub type Files = BTreeMap<String, String>;

/// How the output directory differs from what was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file exists with other contents; `diff` is a unified diff from
    /// the file on disk to the generated text.
    Changed {
        /// Relative path.
        path: String,
        /// Unified diff.
        diff: String,
    },
    /// The generator produces the file, but it is not on disk.
    Missing {
        /// Relative path.
        path: String,
    },
    /// The file is on disk, but the generator no longer produces it.
    Stale {
        /// Relative path.
        path: String,
    },
}

/// What [`apply`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The directory already held exactly these files.
    Unchanged,
    /// The directory was replaced.
    Written,
}

/// Compares `files` with the contents of `out_dir`.
pub fn check(out_dir: &Path, files: &Files) -> io::Result<Vec<Drift>> {
    let on_disk = read_tree(out_dir)?;
    let mut drift = Vec::new();
    for (path, wanted) in files {
        match on_disk.get(path) {
            None => drift.push(Drift::Missing { path: path.clone() }),
            Some(actual) if actual != wanted => drift.push(Drift::Changed {
                path: path.clone(),
                diff: similar::TextDiff::from_lines(actual.as_str(), wanted.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string(),
            }),
            Some(_) => {}
        }
    }
    for path in on_disk.keys() {
        if !files.contains_key(path) {
            drift.push(Drift::Stale { path: path.clone() });
        }
    }
    Ok(drift)
}

/// Makes `out_dir` hold exactly `files`, atomically.
pub fn apply(out_dir: &Path, files: &Files) -> io::Result<Applied> {
    // Compared, not diffed: a unified diff of a large file that changed
    // costs far more than generating it (11 s for Stripe's 175,000 lines).
    if out_dir.exists() && read_tree(out_dir)? == *files {
        return Ok(Applied::Unchanged);
    }
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = out_dir
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "output path has no name"))?
        .to_string_lossy()
        .into_owned();
    remove_leftover_staging(parent, &name);

    let staging = parent.join(format!(".{name}.codegen-staging-{}", std::process::id()));
    let result = write_tree(&staging, files).and_then(|()| swap_in(&staging, out_dir));
    if staging.exists() {
        // After a swap the staging path holds the old tree; after a failure
        // it holds a partial new one. Either way it goes.
        let _ = fs::remove_dir_all(&staging);
    }
    result.map(|()| Applied::Written)
}

fn write_tree(root: &Path, files: &Files) -> io::Result<()> {
    if root.exists() {
        fs::remove_dir_all(root)?;
    }
    for (path, contents) in files {
        let target = root.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&target, contents)?;
    }
    fs::create_dir_all(root)
}

#[cfg(target_os = "linux")]
fn swap_in(staging: &Path, out_dir: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    if !out_dir.exists() {
        return fs::rename(staging, out_dir);
    }
    let from = CString::new(staging.as_os_str().as_bytes())?;
    let to = CString::new(out_dir.as_os_str().as_bytes())?;
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the
    // call; renameat2 does not retain them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        // Filesystems without RENAME_EXCHANGE: fall back to two renames.
        Some(libc::EINVAL | libc::ENOSYS) => swap_by_renames(staging, out_dir),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap_in(staging: &Path, out_dir: &Path) -> io::Result<()> {
    if !out_dir.exists() {
        return fs::rename(staging, out_dir);
    }
    swap_by_renames(staging, out_dir)
}

/// Moves the old tree aside, the new one in, and leaves the old one at
/// `staging` for the caller to remove. Not atomic between the two renames,
/// but never leaves a mixed tree.
fn swap_by_renames(staging: &Path, out_dir: &Path) -> io::Result<()> {
    let aside = staging.with_extension("old");
    fs::rename(out_dir, &aside)?;
    if let Err(err) = fs::rename(staging, out_dir) {
        fs::rename(&aside, out_dir)?;
        return Err(err);
    }
    fs::rename(&aside, staging)
}

/// Staging directories left by a run that was killed.
fn remove_leftover_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.codegen-staging-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn read_tree(root: &Path) -> io::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if root.exists() {
        read_dir_into(root, root, &mut out)?;
    }
    Ok(out)
}

fn read_dir_into(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_dir_into(root, &path, out)?;
        } else {
            let relative = path
                .strip_prefix(root)
                .expect("walked below root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let contents = fs::read(&path)?;
            out.insert(relative, String::from_utf8_lossy(&contents).into_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn apply_then_check_is_clean_and_reports_each_kind_of_drift() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("crate");
        let v1 = files(&[
            ("Cargo.toml", "a\n"),
            ("src/lib.rs", "x\n"),
            ("src/old.rs", "o\n"),
        ]);
        assert_eq!(apply(&out, &v1).unwrap(), Applied::Written);
        assert_eq!(check(&out, &v1).unwrap(), []);
        assert_eq!(apply(&out, &v1).unwrap(), Applied::Unchanged);

        let v2 = files(&[
            ("Cargo.toml", "a\n"),
            ("src/lib.rs", "y\n"),
            ("src/new.rs", "n\n"),
        ]);
        let drift = check(&out, &v2).unwrap();
        assert_eq!(drift.len(), 3, "{drift:?}");
        assert!(
            matches!(&drift[0], Drift::Changed { path, diff } if path == "src/lib.rs" && diff.contains("-x\n+y\n"))
        );
        assert_eq!(
            drift[1],
            Drift::Missing {
                path: "src/new.rs".into()
            }
        );
        assert_eq!(
            drift[2],
            Drift::Stale {
                path: "src/old.rs".into()
            }
        );

        assert_eq!(apply(&out, &v2).unwrap(), Applied::Written);
        assert_eq!(check(&out, &v2).unwrap(), []);
        // Nothing is left beside the output.
        let siblings: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(siblings, ["crate"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("crate");
        let v1 = files(&[("src/lib.rs", "x\n")]);
        apply(&out, &v1).unwrap();
        // A path that cannot be written: a file where a directory must go.
        let bad = files(&[("src/lib.rs", "y\n"), ("src/lib.rs/inner.rs", "z\n")]);
        assert!(apply(&out, &bad).is_err());
        assert_eq!(check(&out, &v1).unwrap(), []);
    }
}
