//! `cargo xtask <command>`: the project's task runner (argument parsing only; see the modules).

mod bench;
mod browser;
mod build;
mod clients;
mod css_scope;
mod disk;
mod dist;
mod doctor;
mod fuzz;
mod image;
mod pkg;
mod postgres;
mod setup;
mod size;
mod split;
mod stack;
mod test;
mod util;
mod wasm_names;
mod wasm_unused;

use anyhow::{bail, Result};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  setup                 install what is missing (wasm32 toolchain, chromium, wasm-bindgen-cli,
                        trunk, npm dependencies); skip what is present
  build                 install what building needs (setup's but chromium), then build the
                        payment page into dist/ (trunk, release, wasm-opt) and the npm package
                        into pkg/ (with its tarball, `npm pack`)
  pkg                   the same as build (the package is part of it); prints the tarball
  size                  build, then print the page's gzip -9 transfer size (total-gzip-bytes: N)
  run                   build and start sandbox :8090, proxy :8080 and demo shop :8081
  dist                  the release bundle: target/dist/orkestra-checkout-<version>-<host>.tar.gz
                        (servers, page, npm package, env examples, systemd unit, Dockerfiles,
                        compose stack; docs/deploy.md) and its .sha256
  test [--layer NAME]…  run the test layers (unit, blackbox, fuzz, wasm, size, clients, e2e;
                        default all of these) and, asked by name only, image (the bundle's
                        images run as its compose stack with podman)
  doctor [--order ID]   orkestra-proxy doctor with the configuration `run` gives the proxy:
                        its database, Orkestra (credentials, a known order read with the
                        proxy's types, amount units), the webhook receiver (docs/go-live.md)
  postgres              start the tests' private PostgreSQL server and print its
                        TEST_DATABASE_URL, until Ctrl-C (to run the proxy's tests by hand)
  bench proxy [sqlite|postgres]
                        load benchmark (wrk): the floor (GET /healthz), session reads,
                        session creation, PIX submits (each creating Orkestra's order in the
                        sandbox), 10,000 live-status streams; each beside the floor
                        (BENCH_SECONDS a phase; postgres: two replicas on one database)
  bench page            time to interactive of the hosted page in Chromium, 4x CPU throttling,
                        slow 4G (BENCH_RUNS)";

fn main() -> ExitCode {
    util::install_signal_handlers();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<bool> {
    let Some(command) = args.first() else {
        println!("{USAGE}");
        return Ok(true);
    };
    let rest = &args[1..];
    if !["test", "bench", "doctor"].contains(&command.as_str()) && !rest.is_empty() {
        bail!("`{command}` takes no arguments\n{USAGE}");
    }
    match command.as_str() {
        "setup" => setup::setup().map(|_| true),
        "build" | "pkg" => build::build_page(&setup::for_build()?).map(|_| true),
        "size" => {
            let dist = build::build_page(&setup::for_build()?)?;
            size::report(&dist).map(|_| true)
        }
        "run" => stack::run().map(|_| true),
        "dist" => dist::dist().map(|_| true),
        "postgres" => postgres::serve().map(|_| true),
        "doctor" => doctor::doctor(rest),
        "test" => test::test(&parse_layers(rest)?),
        "bench" => match rest {
            [what] if what == "proxy" => bench::proxy::bench(bench::proxy::Db::Sqlite),
            [what, db] if what == "proxy" && db == "sqlite" => {
                bench::proxy::bench(bench::proxy::Db::Sqlite)
            }
            [what, db] if what == "proxy" && db == "postgres" => {
                bench::proxy::bench(bench::proxy::Db::Postgres)
            }
            [what] if what == "page" => bench::page::bench(),
            _ => bail!("bench takes: proxy [sqlite|postgres], or page\n{USAGE}"),
        },
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(true)
        }
        other => bail!("unknown command `{other}`\n{USAGE}"),
    }
}

/// `--layer unit --layer=wasm` (repeatable; none means all).
fn parse_layers(args: &[String]) -> Result<Vec<&'static str>> {
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--layer=") {
            Some(v) => v.to_string(),
            None if a == "--layer" => match it.next() {
                Some(v) => v.clone(),
                None => bail!("--layer needs a value: one of {}", test::LAYERS.join(", ")),
            },
            None => bail!("unknown argument `{a}`\n{USAGE}"),
        };
        for v in value.split(',') {
            match test::LAYERS.iter().find(|l| **l == v) {
                Some(l) => names.push(*l),
                None => bail!("unknown layer `{v}`: one of {}", test::LAYERS.join(", ")),
            }
        }
    }
    if names.is_empty() {
        names = test::DEFAULT_LAYERS.to_vec();
    }
    Ok(names)
}
