//! Podman for the image layer, set up the same way on every run (each step skipped when
//! done): Debian's packages, a containers.conf of our own, and a Debian base image made
//! from Debian's packages with mmdebstrap (no image registry is reachable here).
//!
//! The configuration is a file in the target directory handed to every podman command we
//! run through `CONTAINERS_CONF`; the machine's own podman settings are left alone. What it
//! sets, and why (each found on these machines: Debian 12, podman 4.3, run as root, no
//! systemd, cgroup v1 with a v2 hierarchy beside it, no CAP_SYS_RESOURCE):
//! - `runtime = "runc"`: crun 1.8 refuses to start any container on such a hybrid cgroup
//!   host ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2");
//! - `default_ulimits` at most our own hard limits: podman's defaults (1,048,576 open files
//!   and processes) are above them, and raising a limit needs CAP_SYS_RESOURCE ("setrlimit
//!   `RLIMIT_NOFILE`: Operation not permitted");
//! - `cgroup_manager = "cgroupfs"`, `events_logger = "file"`: no systemd to ask.
//!
//! Without systemd podman cannot schedule health checks either; the layer runs each
//! image's HEALTHCHECK itself (`podman healthcheck run`).

use crate::setup;
use crate::util::{self, cmd, output, run};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// podman-compose 1.0.3 (Debian 12) drives podman; runc: see the module's comment;
/// aardvark-dns lets containers find each other by service name.
const DEBS: &[&str] = &[
    "podman",
    "podman-compose",
    "runc",
    "netavark",
    "aardvark-dns",
    "mmdebstrap",
];
/// Processes (threads included) a container's user may run: a server needs tens.
const NPROC: u64 = 4096;
const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

pub struct Podman {
    conf: PathBuf,
    /// The locally made Debian base, `localhost/orkestra-debian-base:<codename>`.
    pub base: String,
}

impl Podman {
    /// `program` (podman or podman-compose) with our configuration.
    pub fn cmd(&self, program: &str) -> Command {
        let mut c = cmd(program);
        c.env("CONTAINERS_CONF", &self.conf)
            // The Docker image format keeps HEALTHCHECK; OCI's has no field for it.
            .env("BUILDAH_FORMAT", "docker");
        c
    }

    /// `podman <args>`'s trimmed stdout when it succeeds.
    pub fn output(&self, args: &[&str]) -> Option<String> {
        output(self.cmd("podman").args(args))
    }
}

/// Everything the image layer needs to build and run containers here.
pub fn ensure() -> Result<Podman> {
    let missing = setup::missing_debs(DEBS);
    if missing.is_empty() {
        println!("image: podman, podman-compose, runc, mmdebstrap present");
    } else {
        println!("image: installing Debian {}", missing.join(" "));
        setup::apt_install(&missing)?;
    }
    let dir = util::host_target_dir().join("image");
    std::fs::create_dir_all(&dir)?;
    let conf = dir.join("containers.conf");
    write_if_changed(&conf, &containers_conf()?)?;
    let podman = Podman {
        conf,
        base: format!("localhost/orkestra-debian-base:{}", codename()?),
    };
    ensure_base(&podman, &dir)?;
    // One container end to end, so that a machine where none can run says so plainly.
    let mut c = podman.cmd("podman");
    c.args(["run", "--rm", "--network=none", &podman.base, "true"]);
    if run(&mut c).is_err() {
        bail!(
            "podman cannot run a container on this machine (`podman run --rm {} true` failed \
             with the configuration {}; see its error above and docs/deploy.md)",
            podman.base,
            podman.conf.display()
        );
    }
    Ok(podman)
}

fn containers_conf() -> Result<String> {
    let nofile = hard_limit("Max open files")?;
    let nproc = hard_limit("Max processes")?.min(NPROC);
    Ok(format!(
        "# Written by `cargo xtask test --layer image` (xtask/src/image/podman.rs explains\n\
         # each line); podman reads it through CONTAINERS_CONF for xtask's commands only.\n\
         [containers]\n\
         default_ulimits = [\"nofile={nofile}:{nofile}\", \"nproc={nproc}:{nproc}\"]\n\
         [engine]\n\
         runtime = \"runc\"\n\
         cgroup_manager = \"cgroupfs\"\n\
         events_logger = \"file\"\n"
    ))
}

/// Our own hard limit named `what` in /proc/self/limits (`unlimited` reads as u64::MAX).
fn hard_limit(what: &str) -> Result<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits")?;
    let line = limits
        .lines()
        .find(|l| l.starts_with(what))
        .with_context(|| format!("no `{what}` in /proc/self/limits"))?;
    let hard = line[what.len()..]
        .split_whitespace()
        .nth(1)
        .with_context(|| format!("no hard limit in `{line}`"))?;
    Ok(hard.parse().unwrap_or(u64::MAX))
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// This machine's Debian release: the base must have its glibc, which the bundle's
/// binaries were linked against.
fn codename() -> Result<String> {
    let release = std::fs::read_to_string("/etc/os-release").context("reading /etc/os-release")?;
    release
        .lines()
        .find_map(|l| l.strip_prefix("VERSION_CODENAME="))
        .map(|c| c.trim_matches('"').to_owned())
        .filter(|c| !c.is_empty())
        .context("/etc/os-release names no VERSION_CODENAME: the image layer needs Debian")
}

/// `minbase` (what debian:*-slim is) with ca-certificates, documentation left out as in
/// the slim images, from the mirrors this machine's apt uses (its sources files, copied
/// into the image, so apt-get in a Dockerfile reaches the same mirrors). About 1.5 min.
fn ensure_base(podman: &Podman, dir: &Path) -> Result<()> {
    if podman
        .cmd("podman")
        .args(["image", "exists", &podman.base])
        .status()
        .is_ok_and(|s| s.success())
    {
        println!("image: base image {} present", podman.base);
        return Ok(());
    }
    let suite = codename()?;
    println!(
        "image: making the base image {} with mmdebstrap",
        podman.base
    );
    let tar = dir.join(format!("debian-{suite}.tar"));
    let mut c = cmd("mmdebstrap");
    c.args([
        "--variant=minbase",
        "--include=ca-certificates",
        "--format=tar",
    ]);
    for opt in [
        "path-exclude=/usr/share/man/*",
        "path-exclude=/usr/share/info/*",
        "path-exclude=/usr/share/doc/*",
        "path-include=/usr/share/doc/*/copyright",
        "path-exclude=/usr/share/locale/*",
    ] {
        c.arg(format!("--dpkgopt={opt}"));
    }
    c.arg(&suite).arg(&tar);
    let sources = apt_sources()?;
    if sources.is_empty() {
        bail!("no apt sources in /etc/apt/sources.list(.d): mmdebstrap needs a Debian mirror");
    }
    c.args(&sources);
    run(&mut c)?;
    let imported = run(podman
        .cmd("podman")
        .args(["import", "--change", &format!("ENV PATH={PATH}")])
        .args(["--change", "CMD [\"bash\"]"])
        .arg(&tar)
        .arg(&podman.base));
    let _ = std::fs::remove_file(&tar);
    imported
}

/// This machine's apt sources files (mmdebstrap copies each into the new system).
fn apt_sources() -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let list = PathBuf::from("/etc/apt/sources.list");
    if std::fs::read_to_string(&list)
        .is_ok_and(|t| t.lines().any(|l| l.trim_start().starts_with("deb")))
    {
        files.push(list);
    }
    if let Ok(dir) = std::fs::read_dir("/etc/apt/sources.list.d") {
        let mut more: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "list" || e == "sources"))
            .collect();
        more.sort();
        files.extend(more);
    }
    Ok(files)
}
