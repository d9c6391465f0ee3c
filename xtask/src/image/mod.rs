//! `cargo xtask test --layer image`: the release bundle (`cargo xtask dist`) built into
//! images and run as the compose stack it ships (`container/compose.yaml`: nginx in front
//! of two proxy replicas, PostgreSQL, the sandbox), with podman-compose, on free loopback
//! ports. Then, from outside (`deploy/test/stack.test.mjs`): a PIX session paid through
//! the load balancer while one page streams from each replica. Then from the inside:
//! every image's HEALTHCHECK, read-only root file systems and unprivileged users, and the
//! load balancer's access log showing which replica served the streams, the submit and
//! Orkestra's notification. The stack is removed at the end whatever happened; the images
//! stay (the next run builds from their layers).

mod podman;

use crate::dist::{self, Bundle};
use crate::test::tap_counts;
use crate::util::{self, free_port, http_status, random_hex};
use anyhow::{bail, Context, Result};
use podman::Podman;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// podman-compose's project: its containers are `<project>_<service>_1`. Fixed, so a run
/// that was killed is cleaned up by the next.
const PROJECT: &str = "orkestra-image-test";
const SERVICES: [&str; 5] = ["db", "sandbox", "proxy-a", "proxy-b", "lb"];
const TAG: &str = "image-test";
const READY_TIMEOUT: Duration = Duration::from_secs(180);
const NODE_TIMEOUT: Duration = Duration::from_secs(5 * 60);

pub struct Report {
    pub passed: u64,
    pub failed: u64,
    pub problem: Option<String>,
}

/// Checks made here (beside the node tests), each printed as it is made.
#[derive(Default)]
struct Checks {
    passed: u64,
    failed: u64,
}

impl Checks {
    fn check(&mut self, ok: bool, what: &str) {
        if ok {
            self.passed += 1;
            println!("image: ok - {what}");
        } else {
            self.failed += 1;
            println!("image: FAILED - {what}");
        }
    }
}

pub fn run() -> Result<Report> {
    let began = Instant::now();
    let podman = podman::ensure()?;
    let set_up = began.elapsed();
    let bundle = dist::dist()?;
    let bundled = began.elapsed();
    println!("image: building the images of {}", bundle.name);
    let stack = Stack::new(podman, &bundle)?;
    stack.down();
    let outcome = stack.exercise();
    stack.save_logs();
    stack.down();
    let total = began.elapsed();
    let (report, timings) = outcome;
    let phases = [("podman setup", set_up), ("dist", bundled - set_up)]
        .into_iter()
        .chain(timings)
        .map(|(what, d)| format!("{what} {:.0} s", d.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "image: the layer took {:.1} min ({phases})",
        total.as_secs_f64() / 60.0
    );
    println!("image: container logs in {}", stack.logs.display());
    Ok(report)
}

/// The compose stack of one run: its ports, secrets and compose file.
struct Stack {
    podman: Podman,
    compose: PathBuf,
    env: Vec<(&'static str, String)>,
    lb: String,
    replica_a: String,
    replica_b: String,
    sandbox: String,
    merchant_secret: String,
    logs: PathBuf,
}

impl Stack {
    fn new(podman: Podman, bundle: &Bundle) -> Result<Stack> {
        let compose = bundle.dir.join("container/compose.yaml");
        if !compose.is_file() {
            bail!("{} is missing from the bundle", compose.display());
        }
        let addr = || -> Result<String> { Ok(format!("127.0.0.1:{}", free_port()?)) };
        let (lb, replica_a, replica_b, sandbox) = (addr()?, addr()?, addr()?, addr()?);
        let merchant_secret = random_hex(24)?;
        let env = vec![
            ("BASE_IMAGE", podman.base.clone()),
            ("ORKESTRA_CHECKOUT_TAG", TAG.to_owned()),
            ("ORKESTRA_MERCHANT_SECRET", merchant_secret.clone()),
            ("ORKESTRA_PASSWORD", random_hex(24)?),
            ("ORKESTRA_WEBHOOK_PASSWORD", random_hex(24)?),
            ("POSTGRES_PASSWORD", random_hex(24)?),
            ("PUBLIC_URL", format!("http://{lb}")),
            ("SANDBOX_PUBLIC_URL", format!("http://{sandbox}")),
            ("LB_PUBLISH", lb.clone()),
            ("LB_REPLICA_A_PUBLISH", replica_a.clone()),
            ("LB_REPLICA_B_PUBLISH", replica_b.clone()),
            ("SANDBOX_PUBLISH", sandbox.clone()),
        ];
        Ok(Stack {
            podman,
            compose,
            env,
            lb,
            replica_a,
            replica_b,
            sandbox,
            merchant_secret,
            logs: util::host_target_dir().join("image/logs"),
        })
    }

    /// `podman-compose -p PROJECT -f compose.yaml <args>`, with the stack's variables.
    fn compose(&self, args: &[&str]) -> std::process::Command {
        let mut c = self.podman.cmd("podman-compose");
        c.args(["-p", PROJECT, "-f"])
            .arg(&self.compose)
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        c
    }

    fn container(service: &str) -> String {
        format!("{PROJECT}_{service}_1")
    }

    /// Build, start, test. Never returns early without the timings so far.
    fn exercise(&self) -> (Report, Vec<(&'static str, Duration)>) {
        let mut timings = Vec::new();
        let mut checks = Checks::default();
        let result = self.exercise_inner(&mut checks, &mut timings);
        let (passed, failed) = (checks.passed, checks.failed);
        let report = match result {
            Ok((node_passed, node_failed)) => Report {
                passed: passed + node_passed,
                failed: failed + node_failed,
                problem: None,
            },
            Err(e) => Report {
                passed,
                failed: failed.max(1),
                problem: Some(format!("{e:#}")),
            },
        };
        (report, timings)
    }

    fn exercise_inner(
        &self,
        checks: &mut Checks,
        timings: &mut Vec<(&'static str, Duration)>,
    ) -> Result<(u64, u64)> {
        let t = Instant::now();
        util::run(&mut self.compose(&["build"])).context("building the images")?;
        timings.push(("image build", t.elapsed()));
        let t = Instant::now();
        util::run(&mut self.compose(&["up", "-d"])).context("starting the stack")?;
        self.wait_ready()?;
        timings.push(("stack up", t.elapsed()));

        let t = Instant::now();
        self.inside(checks);
        let (node_passed, node_failed) = self.node_tests()?;
        self.routing(checks)?;
        timings.push(("tests", t.elapsed()));
        Ok((node_passed, node_failed))
    }

    /// Until the load balancer answers /healthz on all three of its ports (so through
    /// each replica) and the sandbox on its own.
    fn wait_ready(&self) -> Result<()> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let targets = [&self.lb, &self.replica_a, &self.replica_b, &self.sandbox];
        loop {
            let waiting: Vec<&String> = targets
                .iter()
                .copied()
                .filter(|a| http_status(a, "/healthz") != Some(200))
                .collect();
            if waiting.is_empty() {
                println!("image: the stack answers on {}", self.lb);
                return Ok(());
            }
            if util::interrupted() {
                bail!("interrupted");
            }
            if Instant::now() >= deadline {
                bail!(
                    "no 200 from GET /healthz on {waiting:?} within {} s (container logs: {})",
                    READY_TIMEOUT.as_secs(),
                    self.logs.display()
                );
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// Every container: its image's health check passes, its root file system is read-only,
    /// and it runs as a user other than root.
    fn inside(&self, checks: &mut Checks) {
        for service in SERVICES {
            let name = Self::container(service);
            let healthy = self
                .podman
                .cmd("podman")
                .args(["healthcheck", "run", &name])
                .status()
                .is_ok_and(|s| s.success());
            checks.check(healthy, &format!("{service}: its HEALTHCHECK passes"));
            let read_only =
                self.podman
                    .output(&["inspect", "-f", "{{.HostConfig.ReadonlyRootfs}}", &name]);
            checks.check(
                read_only.as_deref() == Some("true"),
                &format!("{service}: read-only root file system"),
            );
            let writes = self
                .podman
                .cmd("podman")
                .args(["exec", &name, "touch", "/probe"])
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            checks.check(!writes, &format!("{service}: cannot write to /"));
            let uid = self.podman.output(&["exec", &name, "id", "-u"]);
            checks.check(
                uid.as_deref().is_some_and(|u| u != "0" && !u.is_empty()),
                &format!(
                    "{service}: runs as uid {} (not root)",
                    uid.as_deref().unwrap_or("?")
                ),
            );
        }
    }

    /// deploy/test/stack.test.mjs with node --test; (passed, failed) from its TAP report.
    fn node_tests(&self) -> Result<(u64, u64)> {
        std::fs::create_dir_all(&self.logs)?;
        let tap = self.logs.join("stack.tap");
        let _ = std::fs::remove_file(&tap);
        let mut c = util::cmd("node");
        c.env("STACK_LB_URL", format!("http://{}", self.lb))
            .env("STACK_REPLICA_A_URL", format!("http://{}", self.replica_a))
            .env("STACK_REPLICA_B_URL", format!("http://{}", self.replica_b))
            .env("STACK_SANDBOX_URL", format!("http://{}", self.sandbox))
            .env("STACK_MERCHANT_SECRET", &self.merchant_secret)
            .args([
                "--test",
                "--test-reporter=spec",
                "--test-reporter-destination=stdout",
                "--test-reporter=tap",
            ])
            .arg(format!("--test-reporter-destination={}", tap.display()))
            .arg("deploy/test/stack.test.mjs");
        println!("{}", util::display(&c));
        let mut child = c.spawn().context("starting node")?;
        let status = util::wait_with_timeout(&mut child, NODE_TIMEOUT)?;
        let (passed, failed) = tap_counts(&tap);
        match status {
            None => bail!(
                "node --test was interrupted or ran over {} s",
                NODE_TIMEOUT.as_secs()
            ),
            Some(s) if !s.success() && failed == 0 => {
                bail!("node --test exited with {s} and no failing test")
            }
            Some(_) if passed + failed == 0 => bail!("node --test ran no test"),
            Some(_) => Ok((passed, failed)),
        }
    }

    /// The load balancer's access log against the replicas' addresses: the stream opened
    /// on each replica's port reached that replica, the submit reached replica b, and
    /// Orkestra's notification reached one of them, whose page was not the only one
    /// told: the other replica's stream turned paid too (stack.test.mjs waits for both).
    fn routing(&self, checks: &mut Checks) -> Result<()> {
        let ip = |service: &str| -> Result<String> {
            self.podman
                .output(&[
                    "inspect",
                    "-f",
                    "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                    &Self::container(service),
                ])
                .filter(|ip| !ip.is_empty())
                .with_context(|| format!("no address for {service}"))
        };
        let replicas = [("proxy-a", ip("proxy-a")?), ("proxy-b", ip("proxy-b")?)];
        let replica_of = |upstream: &str| -> Option<&str> {
            let host = upstream.rsplit_once(':').map(|(h, _)| h)?;
            replicas.iter().find(|(_, ip)| ip == host).map(|(n, _)| *n)
        };
        let log = self
            .podman
            .output(&["logs", &Self::container("lb")])
            .unwrap_or_default();
        let entries: Vec<Access> = log.lines().filter_map(Access::parse).collect();
        let served = |port: &str, route: &str| -> Vec<&str> {
            entries
                .iter()
                .filter(|e| e.port == port && e.route == route)
                .filter_map(|e| replica_of(&e.upstream))
                .collect()
        };
        checks.check(
            !served("8081", "pay-events").is_empty()
                && served("8081", "pay-events").iter().all(|r| *r == "proxy-a"),
            &format!(
                "the stream opened on the load balancer's replica-a port was served by {:?}",
                served("8081", "pay-events")
            ),
        );
        checks.check(
            !served("8082", "pay-events").is_empty()
                && served("8082", "pay-events").iter().all(|r| *r == "proxy-b"),
            &format!(
                "the stream opened on the replica-b port was served by {:?}",
                served("8082", "pay-events")
            ),
        );
        checks.check(
            served("8082", "pay-submit") == ["proxy-b"],
            &format!(
                "the payer's submit was served by {:?} (the page on proxy-a heard of it)",
                served("8082", "pay-submit")
            ),
        );
        let notified = served("8080", "orkestra-webhook");
        let crossed = match notified.as_slice() {
            [] => None,
            [first, ..] => Some(if *first == "proxy-a" {
                "proxy-b"
            } else {
                "proxy-a"
            }),
        };
        checks.check(
            crossed.is_some(),
            &format!(
                "Orkestra's notification reached {notified:?} through the load balancer's \
                 public port; the page streaming from {} turned paid from it",
                crossed.unwrap_or("?")
            ),
        );
        Ok(())
    }

    /// Each container's log in the logs directory (before `down` removes them).
    fn save_logs(&self) {
        let _ = std::fs::create_dir_all(&self.logs);
        for service in SERVICES {
            let mut c = self.podman.cmd("podman");
            c.args(["logs", &Self::container(service)]);
            if let Ok(out) = c.output() {
                let mut text = out.stdout;
                text.extend_from_slice(&out.stderr);
                let _ = std::fs::write(self.logs.join(format!("{service}.log")), text);
            }
        }
    }

    /// Remove the stack: containers, their volumes, its network, and the image layers the
    /// latest build left untagged. podman-compose's `down` first, then whatever it left
    /// (a container caught restarting, for one), found by the project's label.
    fn down(&self) {
        let _ = util::run(&mut self.compose(&["down", "-v"]));
        let label = format!("label=io.podman.compose.project={PROJECT}");
        for (list, remove) in [
            (["ps", "-a", "-q", "--filter", &label], ["rm", "-f", "-v"]),
            (
                ["volume", "ls", "-q", "--filter", &label],
                ["volume", "rm", "-f"],
            ),
        ] {
            let ids = self.podman.output(&list).unwrap_or_default();
            let ids: Vec<&str> = ids.split_whitespace().collect();
            if !ids.is_empty() {
                let _ = util::run(self.podman.cmd("podman").args(remove).args(&ids));
            }
        }
        let network = format!("{PROJECT}_default");
        if self
            .podman
            .output(&["network", "exists", &network])
            .is_some()
        {
            let _ = util::run(self.podman.cmd("podman").args(["network", "rm", &network]));
        }
        let _ = self.podman.output(&["image", "prune", "-f"]);
    }
}

/// One line of the load balancer's access log (`log_format orkestra` in lb/nginx.conf):
/// `<client> [<time>] <port> <method> <route> <status> <bytes> upstream=<addr> rt=… id=…`.
struct Access {
    port: String,
    route: String,
    upstream: String,
}

impl Access {
    fn parse(line: &str) -> Option<Access> {
        let rest = line.split_once("] ")?.1;
        let words: Vec<&str> = rest.split_whitespace().collect();
        let upstream = words.iter().find_map(|w| w.strip_prefix("upstream="))?;
        Some(Access {
            port: (*words.first()?).to_owned(),
            route: (*words.get(2)?).to_owned(),
            upstream: upstream.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_load_balancers_access_log() {
        let line = "10.89.0.1 [2026-12-07T06:53:11+00:00] 8082 POST pay-submit 201 512 \
                    upstream=10.89.0.5:8080 rt=0.120 id=5b217dca";
        let a = Access::parse(line).unwrap();
        assert_eq!(
            (a.port.as_str(), a.route.as_str(), a.upstream.as_str()),
            ("8082", "pay-submit", "10.89.0.5:8080")
        );
        assert!(Access::parse("2026/12/07 06:53:11 [warn] 1#1: something").is_none());
    }
}
