//! `cargo xtask dist`: the release bundle, `<target>/dist/orkestra-checkout-<version>-<host>/`
//! and its `.tar.gz` with a `.sha256` beside it:
//!
//! - `bin/`: `orkestra-proxy` and `orkestra-sandbox` (profile `bench-server`, the servers'
//!   speed profile that `cargo xtask bench` measures), `orkestra-healthcheck`;
//! - `share/orkestra-checkout/assets/`: the built page (`cargo xtask build`'s `dist/`);
//! - `npm/`: the `@orkestra/checkout` tarball;
//! - `etc/`: `proxy.env.example` and `sandbox.env.example` (every variable each reads);
//! - `systemd/orkestra-proxy.service`; `container/`: the Dockerfiles and compose stack,
//!   whose build context is the bundle itself;
//! - `README.md`, `DEPLOY.md` (docs/deploy.md) and `SHA256SUMS` (every other file).
//!
//! The tarball is reproducible from one commit: sorted names, the commit's time on every
//! file, owner root, gzip without a timestamp.

use crate::util::{self, cmd, output, run};
use crate::{build, pkg, setup};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The servers' optimised profile (Cargo.toml): the same binaries `cargo xtask bench` runs.
pub const SERVER_PROFILE: &str = "bench-server";
const SERVERS: [&str; 2] = ["orkestra-proxy", "orkestra-sandbox"];

/// A built bundle.
pub struct Bundle {
    /// `orkestra-checkout-<version>-<host triple>`.
    pub name: String,
    /// The unpacked bundle (the image's build context).
    pub dir: PathBuf,
    pub tarball: PathBuf,
}

pub fn out_dir() -> PathBuf {
    util::host_target_dir().join("dist")
}

/// Build everything and assemble the bundle.
pub fn dist() -> Result<Bundle> {
    let tc = setup::for_build()?;
    let page = build::build_page(&tc)?;
    let mut c = cmd("cargo");
    c.args(["build", "--locked", "--profile", SERVER_PROFILE]);
    for s in SERVERS {
        c.args(["-p", s]);
    }
    run(&mut c)?;
    let bundle = assemble(&page)?;
    println!("dist: {}", bundle.tarball.display());
    println!("dist: {}.sha256", bundle.tarball.display());
    Ok(bundle)
}

fn assemble(page: &Path) -> Result<Bundle> {
    let root = util::root();
    let name = format!("orkestra-checkout-{}-{}", version()?, host_triple()?);
    let out = out_dir();
    let dir = out.join(&name);
    let tarball = out.join(format!("{name}.tar.gz"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;

    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin)?;
    let built = util::host_target_dir().join(SERVER_PROFILE);
    for s in SERVERS {
        copy(&built.join(s), &bin.join(s))?;
    }
    let deploy = root.join("deploy");
    copy(
        &deploy.join("container/healthcheck.sh"),
        &bin.join("orkestra-healthcheck"),
    )?;
    copy_tree(page, &dir.join("share/orkestra-checkout/assets"))?;
    let npm = npm_tarball()?;
    copy(&npm, &dir.join("npm").join(file_name(&npm)?))?;
    for env in ["proxy.env.example", "sandbox.env.example"] {
        copy(&deploy.join(env), &dir.join("etc").join(env))?;
    }
    copy(
        &deploy.join("orkestra-proxy.service"),
        &dir.join("systemd/orkestra-proxy.service"),
    )?;
    copy_tree(&deploy.join("container"), &dir.join("container"))?;
    copy(&root.join("docs/deploy.md"), &dir.join("DEPLOY.md"))?;
    let readme = std::fs::read_to_string(deploy.join("bundle-README.md"))?
        .replace("{name}", &name)
        .replace("{npm}", &file_name(&npm)?);
    std::fs::write(dir.join("README.md"), readme)?;
    write_sums(&dir)?;

    let _ = std::fs::remove_file(&tarball);
    let mtime = output(cmd("git").args(["log", "-1", "--format=%ct"]))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "0".into());
    run(cmd("tar")
        .current_dir(&out)
        .args(["--sort=name", "--owner=0", "--group=0", "--numeric-owner"])
        .arg(format!("--mtime=@{mtime}"))
        .args(["--use-compress-program=gzip -9 -n", "-cf"])
        .arg(&tarball)
        .arg(&name))?;
    let sum = output(
        cmd("sha256sum")
            .current_dir(&out)
            .arg(format!("{name}.tar.gz")),
    )
    .context("sha256sum of the tarball")?;
    std::fs::write(
        out.join(format!("{name}.tar.gz.sha256")),
        format!("{sum}\n"),
    )?;
    Ok(Bundle { name, dir, tarball })
}

/// The proxy's version (its Cargo.toml), which names the bundle.
fn version() -> Result<String> {
    let manifest = util::root().join("crates/orkestra-proxy/Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    text.lines()
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .with_context(|| format!("no version in {}", manifest.display()))
}

fn host_triple() -> Result<String> {
    let info = output(cmd("rustc").arg("-vV")).context("rustc -vV")?;
    info.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV printed no host")
}

/// The one tarball `npm pack` left in pkg/ (pkg.rs keeps exactly one).
fn npm_tarball() -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(pkg::dir())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tgz"))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "expected one npm tarball in {}, found {found:?}",
            pkg::dir().display()
        ),
    }
}

fn file_name(p: &Path) -> Result<String> {
    Ok(p.file_name()
        .with_context(|| format!("{} has no file name", p.display()))?
        .to_string_lossy()
        .into_owned())
}

/// Copy one file (its permission bits too), making the parent directory.
fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(from, to)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// Copy a directory's files, leaving out trunk's `.stage` work directory.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name() == ".stage" {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()))?;
        } else {
            copy(&path, &to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// `SHA256SUMS`: `sha256sum`'s lines for every file of the bundle, by sorted path.
fn write_sums(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    list_files(dir, dir, &mut files)?;
    files.sort();
    let mut c = cmd("sha256sum");
    c.current_dir(dir).args(&files);
    let sums = output(&mut c).context("sha256sum of the bundle's files")?;
    std::fs::write(dir.join("SHA256SUMS"), format!("{sums}\n"))?;
    Ok(())
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.display().to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every whole string literal in `crate_dir/src/**.rs` that starts with one of
    /// `prefixes` or is one of `names`: the environment variables the server reads.
    fn variables_read(crate_dir: &str, prefixes: &[&str], names: &[&str]) -> Vec<String> {
        let mut files = Vec::new();
        let src = util::root().join(crate_dir).join("src");
        list_files(&src, &src, &mut files).unwrap();
        let mut found: Vec<String> = Vec::new();
        for f in files.iter().filter(|f| f.ends_with(".rs")) {
            let text = std::fs::read_to_string(src.join(f)).unwrap();
            // Between any two successive quotes, so that an escaped quote elsewhere cannot
            // put the scan out of step; only a whole `"NAME"` passes the test below.
            let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
            for pair in quotes.windows(2) {
                let literal = &text[pair[0] + 1..pair[1]];
                let is_name = !literal.is_empty()
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                if is_name
                    && (prefixes.iter().any(|p| literal.starts_with(p)) || names.contains(&literal))
                {
                    found.push(literal.to_owned());
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// A name is documented when a line of the example sets it (`NAME=` or `# NAME=`).
    fn undocumented(example: &str, vars: &[String]) -> Vec<String> {
        let text = std::fs::read_to_string(util::root().join("deploy").join(example)).unwrap();
        vars.iter()
            .filter(|v| {
                !text.lines().any(|l| {
                    l.trim_start_matches(['#', ' '])
                        .starts_with(&format!("{v}="))
                })
            })
            .cloned()
            .collect()
    }

    #[test]
    fn the_proxy_env_example_names_every_variable_the_proxy_reads() {
        let vars = variables_read(
            "crates/orkestra-proxy",
            &["PROXY_", "ORKESTRA_"],
            &["DATABASE_URL", "LOG_FORMAT"],
        );
        assert!(vars.len() > 20, "found too few variables: {vars:?}");
        assert_eq!(
            undocumented("proxy.env.example", &vars),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_sandbox_env_example_names_every_variable_the_sandbox_reads() {
        let vars = variables_read("crates/orkestra-sandbox", &["SANDBOX_"], &[]);
        assert!(vars.len() > 10, "found too few variables: {vars:?}");
        assert_eq!(
            undocumented("sandbox.env.example", &vars),
            Vec::<String>::new()
        );
    }
}
